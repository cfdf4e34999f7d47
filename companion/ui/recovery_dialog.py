"""Start-up questions: a damaged database, and the report of a past crash.

Why a question and not an automatic fix: replacing the user's data without
asking is exactly the silent overwrite the app promises never to do.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from companion.i18n import _
from companion.paths import DataPaths
from companion.services import recovery
from companion.services.app_log import log


def _box(icon: QMessageBox.Icon, text: str, parent: QWidget | None = None) -> QMessageBox:
    box = QMessageBox(icon, _("Travel Card Companion"), text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return box


def show_message(text: str, smoke: bool = False) -> None:
    print(text, file=sys.stderr)
    if not smoke:
        _box(QMessageBox.Icon.Critical, text).exec()


def recover_damaged(paths: DataPaths, detail: str, now: dt.datetime, smoke: bool = False) -> bool:
    """Ask what to do with a database that failed quick_check; True when it
    can now be opened (restored from a backup or set aside)."""
    log.error("database failed quick_check: %s", detail)
    from companion.i18n.formatting import format_datetime

    backup = recovery.newest_good_backup(paths)
    when = format_datetime(backup.created.astimezone()) if backup is not None else ""
    text = recovery.damaged_text(paths, detail, backup, when)
    if smoke:
        print(text, file=sys.stderr)
        return False
    box = _box(QMessageBox.Icon.Critical, text)
    if backup is not None:
        go = box.addButton(_("&Restore the backup"), QMessageBox.ButtonRole.AcceptRole)
    else:
        go = box.addButton(_("&Start with empty data"), QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton(_("&Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(quit_button)
    box.exec()
    if box.clickedButton() is not go:
        return False
    try:
        if backup is not None:
            aside = recovery.restore_backup_file(paths, backup, now)
        else:
            aside = recovery.set_aside(paths, now)
    except OSError as exc:
        problem = recovery.folder_problem(exc, paths.root)
        show_message(problem.message)
        return False
    log.warning("damaged database kept as %s", aside)
    _box(
        QMessageBox.Icon.Information,
        _("The damaged file was kept as:\n{path}").format(path=aside),
    ).exec()
    return True


def offer_crash_report(report: Path, parent: QWidget | None = None) -> QMessageBox:
    """Tell the user the last run crashed and where its report is."""
    box = _box(
        QMessageBox.Icon.Information,
        _(
            "Travel Card Companion closed unexpectedly last time. A report was saved; "
            "you can attach it when reporting the problem. It holds no personal data "
            "other than file paths.\n\nReport: {path}"
        ).format(path=report),
        parent,
    )
    open_button = box.addButton(_("&Open folder"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    open_button.clicked.connect(
        lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(report.parent)))
    )
    box.open()
    return box
