"""Telling the user about problems that stop the app from starting."""

from __future__ import annotations

import sys
from pathlib import Path

from companion.i18n import _


def startup_error_text(
    error: BaseException, database: Path, log_path: Path | None = None
) -> str:
    """One sentence for why the data could not be opened (services/storage_messages).

    Imported here, not at the top: this module loads at every start, the
    classifier only when something went wrong."""
    from companion.services.data_safety.storage_messages import storage_message

    return storage_message(error, database, log_path)


def show_startup_error(
    error: BaseException, database: Path, smoke: bool = False, log_path: Path | None = None
) -> None:
    text = startup_error_text(error, database, log_path)
    print(text, file=sys.stderr)
    if smoke:
        return
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, _("Travel Card Companion"), text)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
