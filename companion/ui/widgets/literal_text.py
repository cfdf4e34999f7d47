"""User text shown literally in tool tips, message boxes and notifications.

Why: Qt guesses. A tool tip or a message box whose text looks like HTML
(``<b>x</b><img src=http://x/y.png>`` typed into a receipt's notes, a card
named ``<i>MTS</i>``, a file name from a content pack) is rendered as rich
text — bold, an image fetched from anywhere. Labels are set to plain text
where they are made (qt_keys.plain_text); a tool tip has no plain mode, so
its text is escaped inside a paragraph that keeps line breaks; a message box
is built here with plain text; a desktop notification on Linux goes to a
server that may read HTML, so its text is escaped there.
"""

from __future__ import annotations

import html
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget

# Qt is imported where a box is shown, not with this module: the reminder
# banner loads it at start-up, and building Qt's enums then costs time.


def tip(text: str) -> str:
    """A tool tip that shows ``text`` exactly, line breaks included."""
    if not text:
        return ""
    return "<p style='white-space:pre-wrap'>" + html.escape(text, quote=False) + "</p>"


def notification(text: str) -> str:
    """Text for a tray notification: freedesktop servers may read HTML in it."""
    return html.escape(text, quote=False) if sys.platform.startswith("linux") else text


def _box(parent: QWidget | None, kind: str, title: str, text: str, question: bool = False) -> bool:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    icon: QMessageBox.Icon = getattr(QMessageBox.Icon, kind)
    button = QMessageBox.StandardButton
    buttons = button.Yes | button.No if question else button.Ok
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if question:
        box.setDefaultButton(button.No)
    return bool(box.exec() == button.Yes)


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    """Yes/No, No by default; ``text`` shown literally."""
    return _box(parent, "Question", title, text, question=True)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    _box(parent, "Warning", title, text)


def inform(parent: QWidget | None, title: str, text: str) -> None:
    _box(parent, "Information", title, text)
