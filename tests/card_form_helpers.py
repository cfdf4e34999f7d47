"""Driving the card editor as a user does: shared by the date and the zone/number tests."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

#: The offscreen platform warns when a dialog or a completer popup opens; harmless there.
OFFSCREEN_NOISE = ("propagateSizeHints", "does not support raise", "grabbing the keyboard")


def open_editor(window: Any) -> Any:
    window.show_section("cards")
    page = window.page("cards")
    page.open_add_dialog()
    return page.dialog


def save(qtbot: Any, dialog: Any) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    button = buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_text(qtbot: Any, edit: Any, text: str) -> None:
    """Key by key; QTest types only ASCII, so other text arrives as an input method would."""
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        edit.setFocus()
        edit.insert(text)


def fill(qtbot: Any, dialog: Any, date_text: str, zone: str = "Europe/Moscow") -> None:
    qtbot.keyClicks(dialog.label_edit, "MTS SIM")
    dialog.renewal_box.setCurrentIndex(dialog.renewal_box.findData("fixed"))
    dialog.date_edit.edit.clear()
    type_text(qtbot, dialog.date_edit.edit, date_text)
    dialog.zone_box.setEditText("")
    qtbot.keyClicks(dialog.zone_box.lineEdit(), zone)


def stored(ctx: Any) -> list[Any]:
    return list(ctx.conn.execute("SELECT * FROM cards").fetchall())
