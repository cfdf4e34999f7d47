"""The Cards page's undo bar: the latest undoable action and its Undo button.

Why a widget of its own: the actions live on the session's undo stack
(services/card_undo.py), not in the page, so the bar only shows the newest entry
and pops it on Undo (Ctrl+Z); pressed again, it walks further back.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from companion.i18n import _
from companion.services.card_undo import UndoStack
from companion.services.cards import CardError


class UndoBar(QWidget):
    def __init__(
        self,
        stack: UndoStack,
        undone: Callable[[], None],
        tell: Callable[[str, str], None],
    ) -> None:
        super().__init__()
        self._stack = stack
        self._undone = undone
        self._tell = tell
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.button = QPushButton(_("&Undo"))
        # Active only while the bar is shown: a hidden button takes no shortcut.
        self.button.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.button.clicked.connect(self.undo)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self.show_latest()

    def show_latest(self) -> None:
        """Word the newest entry now (in the current language), or hide."""
        latest = self._stack.latest()
        if latest is None:
            self.hide()
            return
        self.label.setText(latest.message())
        self.show()

    def undo(self) -> None:
        entry = self._stack.pop()
        if entry is not None:
            try:
                entry.undo()
            except CardError as exc:  # e.g. the same timer was started meanwhile
                self._tell(_("Could not undo"), exc.message)
        self._undone()
