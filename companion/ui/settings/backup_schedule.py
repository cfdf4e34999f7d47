"""The once-a-day automatic backup, made while the app runs.

Why a timer as well as a check at start: the app may stay open in the tray
for weeks; the hourly check makes one backup per day all the same.

Why every failure is told, and only once: a failed backup used to reach only
the log, so a user could go weeks without one and never know. Its reason is
kept (``daily_backup_status``) for the line in Settings → Data and backups,
and told in a notice that does not block the window; the hourly re-check
that fails the same way tells nothing new, so it opens no new notice. A new
reason, or a failure after a backup was made again, is told again.

Why the open notice is re-worded on a language switch: it outlives the
pages the switch rebuilds, and Qt renames only its own Close button, so it
was left half in the old language.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from companion.i18n import _, on_language_changed
from companion.services.app_log import log
from companion.services.context import AppContext
from companion.services.data_safety.backup_jobs import back_up_daily_if_due
from companion.services.data_safety.daily_backup_status import record_failure, record_made
from companion.services.data_safety.storage_messages import (
    BackupProblem,
    Fault,
    backup_problem_text,
)
from companion.services.job_control import CancelCheck, Progress
from companion.ui.jobs.runner import Job, start
from companion.ui.settings.daily_backup_line import refresh_lines

CHECK_EVERY_MS = 60 * 60 * 1000
_DAMAGE = frozenset({Fault.DAMAGED.value, Fault.NOT_A_DATABASE.value})


class DailyBackups(QObject):
    def __init__(
        self,
        ctx: AppContext,
        parent: QObject | None = None,
        on_damage: Callable[[str], object] | None = None,
        open_settings: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        #: Told when the backup was refused because integrity_check failed.
        self.on_damage = on_damage
        #: What the notice's "Open Settings" button does (none: no button).
        self.open_settings = open_settings
        self.job: Job | None = None
        #: When the running (or last) check began: the date a failure is told with.
        self.began = ctx.now()
        #: The failure last told this session (None: none since a backup was made).
        self.told: BackupProblem | None = None
        self.notice: QMessageBox | None = None
        #: The problem the open notice tells, and its "Open Settings" button.
        self._notice_problem: BackupProblem | None = None
        self._notice_go: QPushButton | None = None
        unsubscribe = on_language_changed(self._reword_notice)
        self.destroyed.connect(lambda _obj=None: unsubscribe())
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.timer.start()
        QTimer.singleShot(0, self.check)

    def check(self) -> None:
        if self.job is not None and not self.job.ended.is_set():
            return
        paths, now = self.ctx.paths, self.ctx.now()

        def job(_p: Progress, _c: CancelCheck) -> object:
            return back_up_daily_if_due(paths, now)

        self.began = now
        runner = Job(job)
        # Bound methods, not lambdas: Qt drops them if this object goes first.
        runner.signals.done.connect(self._made)
        runner.signals.failed.connect(self._failed)
        self.job = start(runner)

    def _made(self, _made: object) -> None:
        record_made(self.ctx)
        self.told = None
        self._refresh_lines()

    def _failed(self, exc: object) -> None:
        if not isinstance(exc, BaseException):
            return
        log.error("the daily backup could not be made: %r", exc)
        failure = record_failure(self.ctx, exc, self.began)
        self._refresh_lines()
        if failure.problem == self.told:
            return  # the same failure as the last one told: the Settings line says it
        self.told = failure.problem
        if failure.problem.fault in _DAMAGE and self.on_damage is not None:
            self.on_damage(str(exc))  # offers the newest sound backup instead
            return
        self.tell(failure.problem)

    def _window(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) and shiboken6.isValid(parent) else None

    def _refresh_lines(self) -> None:
        window = self._window()
        if window is not None:
            refresh_lines(window)

    def tell(self, problem: BackupProblem) -> QMessageBox:
        """The failure in a notice that does not block the window."""
        if self.notice is not None and shiboken6.isValid(self.notice):
            self.notice.close()  # a newer reason replaces the one still open
        box = QMessageBox(
            QMessageBox.Icon.Warning, _("Travel Card Companion"), _notice_text(problem),
            parent=self._window(),
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._notice_go = None
        if self.open_settings is not None:
            go = box.addButton(_("Open &Settings"), QMessageBox.ButtonRole.ActionRole)
            go.clicked.connect(lambda _checked=False: self._open_settings())
            self._notice_go = go
        box.addButton(QMessageBox.StandardButton.Close)
        box.show()
        self.notice = box
        self._notice_problem = problem
        return box

    def _reword_notice(self, _lang: str) -> None:
        """Say the open notice again in the language just chosen."""
        box, problem = self.notice, self._notice_problem
        if box is None or problem is None or not shiboken6.isValid(box):
            return
        box.setWindowTitle(_("Travel Card Companion"))
        box.setText(_notice_text(problem))
        go = self._notice_go
        if go is not None and shiboken6.isValid(go):
            go.setText(_("Open &Settings"))

    def _open_settings(self) -> None:
        if self.open_settings is not None:
            self.open_settings()


def _notice_text(problem: BackupProblem) -> str:
    return _("The automatic backup could not be made: {reason}").format(
        reason=backup_problem_text(problem)
    )
