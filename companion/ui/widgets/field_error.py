"""The red line under a field that says what is wrong with it.

One definition, so every form shows errors the same way (plain text: the
message may quote what the user typed).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

#: Readable on both the light and the dark palette.
ERROR_STYLE = "color: #d93025;"


def error_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label
