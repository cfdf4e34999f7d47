"""Help → Keyboard Shortcuts: every shortcut of the window, named, once, by section.

Why every page is built first: pages are built when first shown, and a list
that only knew the pages already visited would hide the receipt log's keys
from someone who has not opened it yet (building them costs a few hundred
milliseconds, once). Each row comes from a live, named
action, so the list cannot drift from what the keys really do.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QSize
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from companion.i18n import _
from companion.ui.shell.sections import SECTIONS
from companion.ui.widgets.screen_reader import without_mnemonic
from companion.ui.widgets.window_fit import fit_to_screen


class WindowWithPages(Protocol):
    """What the list reads of the main window (which opens this dialog, so
    this module does not import it)."""

    def menuBar(self) -> QMenuBar: ...

    def page(self, key: str) -> QWidget: ...


def shortcut_rows(window: WindowWithPages) -> list[tuple[str, str, str]]:
    """(name, keys, where) for every action of the menus and the live pages that has a key.

    Only the menu bar and the current pages are searched: a page replaced by a
    language switch may linger until Qt deletes it, and must not be listed.
    """
    everywhere = _("Whole window")
    owners: list[tuple[str, QObject]] = [(everywhere, window.menuBar())]
    owners += [(_(s.label), window.page(s.key)) for s in SECTIONS]
    rows: set[tuple[str, str, str]] = {(_("Move between fields"), "Tab / Shift+Tab", everywhere)}
    for where, owner in owners:
        for action in owner.findChildren(QAction):
            keys = [k for k in action.shortcuts() if not k.isEmpty()]
            if keys:
                name = without_mnemonic(action.text()).rstrip("…").strip()
                native = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys]
                rows.add((name, ", ".join(native), where))
    order = {where: i for i, (where, _owner) in enumerate(owners)}
    return sorted(rows, key=lambda r: (order[r[2]], r[1]))


class ShortcutsDialog(QDialog):
    def __init__(self, window: WindowWithPages) -> None:
        assert isinstance(window, QWidget)
        super().__init__(window)
        self.setWindowTitle(_("Keyboard Shortcuts"))
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels([_("Action"), _("Shortcut"), _("Where")])
        self.table.setAccessibleName(_("Keyboard Shortcuts"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for i, row in enumerate(rows):
            for column, text in enumerate(row):
                self.table.setItem(i, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_to_screen(self, QSize(620, 480))


