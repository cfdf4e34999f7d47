"""The line in Settings → Data and backups that says how the automatic backup went.

Why a line that stays, and not only the notice: a notice is told once and
closed; the line keeps saying "The automatic backup failed on …" until a
later backup is made, so a user who looks finds out whenever they look.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from companion.i18n import _
from companion.services.context import AppContext
from companion.services.data_safety.daily_backup_status import DailyStatus, daily_status
from companion.services.data_safety.storage_messages import backup_problem_text
from companion.ui.settings.backup_labels import local_time
from companion.ui.widgets.screen_reader import caption_display


def daily_backup_text(status: DailyStatus) -> str:
    """The failure and what to do, or the date of the last automatic backup."""
    made = (
        _("Last automatic backup: {date}").format(date=local_time(status.last_made))
        if status.last_made is not None
        else None
    )
    if status.failure is not None:
        failed = _("The automatic backup failed on {date}: {reason}").format(
            date=local_time(status.failure.at), reason=backup_problem_text(status.failure.problem)
        )
        return failed if made is None else failed + "\n" + made
    return made if made is not None else _("No automatic backup has been made yet.")


class DailyBackupLine(QLabel):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.ctx = ctx
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        caption_display(self, _("Automatic backup"))
        self.refresh()

    def refresh(self) -> None:
        self.setText(daily_backup_text(daily_status(self.ctx)))


def refresh_lines(window: QWidget) -> None:
    """Say the new state in every such line the window shows."""
    for line in window.findChildren(DailyBackupLine):
        line.refresh()
