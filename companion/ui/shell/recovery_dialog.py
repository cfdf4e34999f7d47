"""Start-up questions: a damaged database, and the report of a past crash.

Why a question and not an automatic fix: replacing the user's data without
asking is exactly the silent overwrite the app promises never to do. Why a
list of backups: the newest is not always the best (see ``recovery``), so
the user sees every one with its counts and may choose another.
"""

from __future__ import annotations

import datetime as dt
import sys
from html import escape
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from companion.i18n import _
from companion.paths import DataPaths
from companion.services.app_log import log
from companion.services.data_safety import recovery, startup_check
from companion.ui.settings.backup_labels import (
    column_titles,
    count_cells,
    format_size,
    kind_label,
    local_time,
)
from companion.ui.widgets.window_fit import fit_to_screen


def _box(icon: QMessageBox.Icon, text: str, parent: QWidget | None = None) -> QMessageBox:
    box = QMessageBox(icon, _("Travel Card Companion"), text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return box


def show_message(text: str, smoke: bool = False) -> None:
    print(text, file=sys.stderr)
    if not smoke:
        _box(QMessageBox.Icon.Critical, text).exec()


class RecoveryDialog(QDialog):
    """The damaged-data question: every backup with its counts, the best one
    chosen, and the way out (restore the chosen one, start empty, quit)."""

    RESTORE = 1
    START_EMPTY = 2

    def __init__(
        self,
        text: str,
        found: list[recovery.Candidate],
        preselected: recovery.Candidate | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Travel Card Companion"))
        self.choice = 0
        layout = QVBoxLayout(self)
        message = QLabel(text)
        message.setTextFormat(Qt.TextFormat.PlainText)
        message.setWordWrap(True)
        message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(message)
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels([*column_titles(), _("Check")])
        self.table.setAccessibleName(_("Backups"))
        self.table.setVisible(bool(found))
        self._candidates: list[recovery.Candidate] = []
        for candidate in found:
            item = self._add_row(candidate)
            if candidate is preselected:
                self.table.setCurrentItem(item)
        for column in range(self.table.columnCount()):
            self.table.resizeColumnToContents(column)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton(
            _("&Restore the chosen backup"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.empty_button = buttons.addButton(
            _("&Start with empty data"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.quit_button = buttons.addButton(_("&Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.setVisible(bool(found))
        self.restore_button.clicked.connect(lambda: self._done(self.RESTORE))
        self.empty_button.clicked.connect(lambda: self._done(self.START_EMPTY))
        self.quit_button.clicked.connect(self.reject)
        self.quit_button.setDefault(True)
        self.table.currentItemChanged.connect(lambda _c, _p: self._update())
        layout.addWidget(buttons)
        self._update()
        fit_to_screen(self, QSize(760, 480))

    def _add_row(self, candidate: recovery.Candidate) -> QTreeWidgetItem:
        info = candidate.info
        head = [local_time(info.created), kind_label(info)]
        if candidate.contents is not None and candidate.problem is None:
            cells = [*head, *count_cells(candidate.contents), _("passed")]
        else:
            cells = [*head, "", "", "", format_size(info.size), _("damaged")]
        item = QTreeWidgetItem(cells)
        if not candidate.usable:
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled & ~Qt.ItemFlag.ItemIsSelectable)
            item.setToolTip(len(cells) - 1, escape(candidate.problem or ""))
        for column in range(2, 6):
            item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
        self.table.addTopLevelItem(item)
        self._candidates.append(candidate)
        return item

    def chosen(self) -> recovery.Candidate | None:
        item = self.table.currentItem()
        if item is None:
            return None
        candidate = self._candidates[self.table.indexOfTopLevelItem(item)]
        return candidate if candidate.usable else None

    def _update(self) -> None:
        self.restore_button.setEnabled(self.chosen() is not None)

    def _done(self, choice: int) -> None:
        self.choice = choice
        self.accept()


def recover_damaged(paths: DataPaths, detail: str, now: dt.datetime, smoke: bool = False) -> bool:
    """Ask what to do with a database that failed quick_check; True when it
    can now be opened (restored from a backup or set aside)."""
    log.error("database failed quick_check: %s", detail)
    found = recovery.candidates(paths)
    preselected = recovery.best(found)
    when = local_time(preselected.info.created) if preselected is not None else ""
    text = recovery.damaged_text(paths, detail, preselected.info if preselected else None, when)
    if smoke:
        print(text, file=sys.stderr)
        return False
    dialog = RecoveryDialog(text, found, preselected)
    dialog.exec()
    chosen = dialog.chosen()
    if dialog.choice == RecoveryDialog.RESTORE and chosen is None:
        return False
    if dialog.choice not in (RecoveryDialog.RESTORE, RecoveryDialog.START_EMPTY):
        return False
    try:
        if chosen is not None and dialog.choice == RecoveryDialog.RESTORE:
            aside = recovery.restore_backup_file(paths, chosen.info, now)
        else:
            aside = recovery.set_aside(paths, now)
    except OSError as exc:
        show_message(startup_check.folder_problem(exc, paths.root).message)
        return False
    except recovery.BACKUP_UNUSABLE as exc:
        show_message(_("This backup cannot be used: {detail}").format(detail=exc))
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
