"""Names read or listed without the mnemonic marker, also in Chinese.

Found under Xvfb at 200% in Chinese: Help → Keyboard Shortcuts listed
"键盘快捷键(K)" and "退出(Q)", and the Cards buttons were named "添加卡片(A)"
for a screen reader. Chinese catalogs mark a mnemonic as "(&K)" after the
words; removing only the "&" left "(K)" behind.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.ui.shell.shortcuts_dialog import shortcut_rows
from companion.ui.widgets.screen_reader import without_mnemonic

#: What is left of a Chinese-style mnemonic when only "&" is removed.
LEFTOVER = re.compile(r"[(（][A-Za-z0-9][)）]")

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_shortcut_names_in_chinese_have_no_mnemonic_leftovers(
    main_window: Any, qtbot: Any
) -> None:
    main_window.change_language("zh_Hans")
    qtbot.wait(10)  # the window rebuilds on the next turn of the event loop
    names = [name for name, _keys, _where in shortcut_rows(main_window)]
    assert "键盘快捷键" in names and "添加卡片" in names
    assert [n for n in names if LEFTOVER.search(n)] == []


def test_cards_buttons_are_named_without_the_marker_in_chinese(
    main_window: Any, qtbot: Any
) -> None:
    main_window.change_language("zh_Hans")
    qtbot.wait(10)
    main_window.show_section("cards")
    page = main_window.page("cards")
    from PySide6.QtWidgets import QPushButton

    names = [b.accessibleName() for b in page.findChildren(QPushButton) if b.accessibleName()]
    assert "添加卡片" in names
    assert [n for n in names if LEFTOVER.search(n) or "&" in n] == []


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("键盘快捷键(&K)", "键盘快捷键"),
        ("添加卡片(&A)…", "添加卡片(A)…".replace("(A)", "")),
        ("导出（&X）...", "导出..."),
        ("&Add card", "Add card"),
        ("Save && close", "Save & close"),
        ("Mont&hs:", "Months:"),
        ("R&&D (&R)", "R&D"),
    ],
)
def test_without_mnemonic(text: str, plain: str) -> None:
    assert without_mnemonic(text) == plain


@given(st.text(alphabet=st.characters(blacklist_characters="&"), max_size=40))
def test_text_without_a_marker_is_kept_exactly(text: str) -> None:
    assert without_mnemonic(text) == text
