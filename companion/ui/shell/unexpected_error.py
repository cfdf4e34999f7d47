"""Unexpected errors: logged with their traceback, shown in plain words with
where the log is, and the app keeps running.

Why keep running: most unexpected errors happen in one slot (one click); the
data is safe because every write is one transaction, so quitting would only
lose the user's place. Storage errors the user can fix (full disk, read-only
folder) are told as such instead of as a bug.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

from companion.i18n import _
from companion.services.app_log import log

if TYPE_CHECKING:
    # Imported when the first error is shown: the reporter is installed at
    # every start, and QMessageBox's enums take 3 ms to set up.
    from PySide6.QtWidgets import QMessageBox


def error_text(exc: BaseException, log_path: Path | None, database: Path) -> str:
    """A storage failure in the words every command uses; anything else as a bug.

    Classified by SQLite's error code (services/storage_messages), never by
    the English text of the message.
    """
    # Imported when something went wrong, not with the window (start-up).
    from companion.services.data_safety.storage_messages import Fault, fault_message, fault_of

    fault = fault_of(exc, database.parent)
    if fault is Fault.BUG:
        text = _(
            "Something unexpected went wrong. Your saved data is safe; the last action "
            "may not have finished."
        )
    else:
        text = _("The last change was not saved.") + " " + fault_message(fault, database)
    detail = f"{type(exc).__name__}: {exc}"
    where_log = (
        _("Details were written to the log: {path}").format(path=log_path)
        if log_path is not None
        else _("The log could not be written.")
    )
    return "\n\n".join((text, detail, where_log))


class ErrorReporter:
    """Installed as sys.excepthook while the GUI runs."""

    def __init__(self, log_path: Path | None, database: Path) -> None:
        self.log_path = log_path
        self.database = database
        self.shown: list[str] = []
        self.box: QMessageBox | None = None

    def install(self) -> None:
        sys.excepthook = self.hook

    def uninstall(self) -> None:
        sys.excepthook = sys.__excepthook__

    def hook(
        self,
        kind: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        text = error_text(exc, self.log_path, self.database)
        self.shown.append(text)
        if self.box is not None and self.box.isVisible():
            return  # one dialog at a time; the log has every error
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        parent: QWidget | None = QApplication.activeWindow()
        box = QMessageBox(QMessageBox.Icon.Warning, _("Unexpected error"), text, parent=parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAccessibleName(_("Unexpected error"))
        # open(), not exec(): no nested event loop inside an exception hook.
        box.open()
        self.box = box
