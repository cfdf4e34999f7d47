"""Unexpected errors: logged with their traceback, shown in plain words with
where the log is, and the app keeps running.

Why keep running: most unexpected errors happen in one slot (one click); the
data is safe because every write is one transaction, so quitting would only
lose the user's place. Storage errors the user can fix (full disk, read-only
folder) are told as such instead of as a bug.
"""

from __future__ import annotations

import sqlite3
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


def error_text(exc: BaseException, log_path: Path | None) -> str:
    message = str(exc).lower()
    if isinstance(exc, sqlite3.OperationalError) and "full" in message:
        text = _(
            "The disk is full, so the last change was not saved. Free some space and try again."
        )
    elif (isinstance(exc, sqlite3.OperationalError) and "readonly" in message) or isinstance(
        exc, PermissionError
    ):
        text = _("Your data folder cannot be written to, so the last change was not saved.")
    else:
        text = _(
            "Something unexpected went wrong. Your saved data is safe; the last action "
            "may not have finished."
        )
    detail = f"{type(exc).__name__}: {exc}"
    where = (
        _("Details were written to the log: {path}").format(path=log_path)
        if log_path is not None
        else _("The log could not be written.")
    )
    return "\n\n".join((text, detail, where))


class ErrorReporter:
    """Installed as sys.excepthook while the GUI runs."""

    def __init__(self, log_path: Path | None) -> None:
        self.log_path = log_path
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
        text = error_text(exc, self.log_path)
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
