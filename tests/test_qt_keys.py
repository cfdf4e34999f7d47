"""The start-up path's stand-ins for ``Qt`` values are Qt's own values."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from companion.ui.qt_runtime.qt_keys import ACCESSIBLE_TEXT_ROLE, USER_ROLE, plain_text, set_key


def test_roles_are_qts() -> None:
    assert Qt.ItemDataRole.UserRole.value == USER_ROLE
    assert Qt.ItemDataRole.AccessibleTextRole.value == ACCESSIBLE_TEXT_ROLE


def test_keys_set_the_enum_and_flag_values(qtbot: object) -> None:
    label = plain_text(QLabel("<b>not bold</b>"))
    assert label.textFormat() == Qt.TextFormat.PlainText
    set_key(label, "textInteractionFlags", "TextSelectableByMouse|TextSelectableByKeyboard")
    assert label.textInteractionFlags() == (
        Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    set_key(label, "alignment", "AlignCenter")
    assert label.alignment() == Qt.AlignmentFlag.AlignCenter
    action = QAction()
    set_key(action, "shortcutContext", "WidgetWithChildrenShortcut")
    assert action.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut


@pytest.mark.parametrize(("prop", "key"), [("textFormat", "Plaintext"), ("textFromat", "PlainText")])
def test_a_misspelt_key_or_property_raises(qtbot: object, prop: str, key: str) -> None:
    label = QLabel()
    with pytest.raises(ValueError, match=prop):
        set_key(label, prop, key)
    assert label.textFormat() == Qt.TextFormat.AutoText
    assert prop not in [bytes(n).decode() for n in label.dynamicPropertyNames()]
