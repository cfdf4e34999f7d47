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

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

Button = QMessageBox.StandardButton


def tip(text: str) -> str:
    """A tool tip that shows ``text`` exactly, line breaks included."""
    if not text:
        return ""
    return "<p style='white-space:pre-wrap'>" + html.escape(text, quote=False) + "</p>"


def notification(text: str) -> str:
    """Text for a tray notification: freedesktop servers may read HTML in it."""
    return html.escape(text, quote=False) if sys.platform.startswith("linux") else text


def _box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: Button = Button.Ok,
    default: Button = Button.NoButton,
) -> Button:
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if default != Button.NoButton:
        box.setDefaultButton(default)
    return Button(box.exec())


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    """Yes/No, No by default; ``text`` shown literally."""
    answer = _box(
        parent, QMessageBox.Icon.Question, title, text, Button.Yes | Button.No, Button.No
    )
    return answer == Button.Yes


def warn(parent: QWidget | None, title: str, text: str) -> None:
    _box(parent, QMessageBox.Icon.Warning, title, text)


def inform(parent: QWidget | None, title: str, text: str) -> None:
    _box(parent, QMessageBox.Icon.Information, title, text)
