"""Telling the user about problems that stop the app from starting."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from companion.i18n import _
from companion.store.database import DatabaseTooNew, DatabaseUnreadable


def startup_error_text(error: BaseException, database: Path) -> str:
    if isinstance(error, DatabaseTooNew):
        return _(
            "Your data file was written by a newer version of Travel Card Companion "
            "(data version {found}; this version reads up to {supported}). It has not "
            "been changed. Install the newer version to open it.\n\nFile: {path}"
        ).format(found=error.found, supported=error.supported, path=database)
    # Exactly DatabaseError ("malformed", "not a database"), not its
    # subclasses: a locked or read-only file is not a damaged one.
    if isinstance(error, DatabaseUnreadable) or type(error) is sqlite3.DatabaseError:
        return _(
            "Your data file cannot be read; it may be damaged. Nothing has been "
            "changed.\n\nFile: {path}\nDetail: {detail}"
        ).format(path=database, detail=error)
    if isinstance(error, PermissionError):
        return _(
            "The data folder cannot be written to. Check its permissions or start with "
            "--data-dir pointing to a writable folder.\n\nFolder: {path}"
        ).format(path=database.parent)
    return _("Travel Card Companion could not open its data.\n\nFile: {path}\nDetail: {detail}").format(
        path=database, detail=error
    )


def show_startup_error(error: BaseException, database: Path, smoke: bool = False) -> None:
    text = startup_error_text(error, database)
    print(text, file=sys.stderr)
    if smoke:
        return
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, _("Travel Card Companion"), text)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
