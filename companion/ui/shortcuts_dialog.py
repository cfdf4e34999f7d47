"""Help → Keyboard Shortcuts: every shortcut of the main window in one list."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from companion.i18n import _


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle(_("Keyboard Shortcuts"))
        rows: list[tuple[str, str]] = []
        for action in window.findChildren(QAction):
            seq = action.shortcut()
            if seq.isEmpty():
                continue
            name = action.text().replace("&", "")
            rows.append((name, seq.toString(QKeySequence.SequenceFormat.NativeText)))
        rows.append((_("Move between fields"), "Tab / Shift+Tab"))
        rows = sorted(set(rows), key=lambda r: r[1])
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels([_("Action"), _("Shortcut")])
        self.table.setAccessibleName(_("Keyboard Shortcuts"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for i, (name, keys) in enumerate(rows):
            self.table.setItem(i, 0, QTableWidgetItem(name))
            self.table.setItem(i, 1, QTableWidgetItem(keys))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, 420)
