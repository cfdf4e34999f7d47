"""A language switch keeps the keyboard focus on the control that had it.

Found with a keyboard only (issue 21): every page is rebuilt in the new
language, which deleted the focused control, so someone who had just picked
a language with the arrow keys was thrown back to the page itself.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from companion.ui.widgets.focus_place import place_of, widget_at


def _switch(main_window: Any, qtbot: Any, key: str, language: str) -> QWidget:
    old = main_window.page(key)
    main_window.change_language(language)
    qtbot.waitUntil(lambda: main_window.page(key) is not old)
    page: QWidget = main_window.page(key)
    return page


@pytest.mark.parametrize("language", ["ru", "zh_Hans"])
def test_focus_stays_on_the_language_box_it_was_changed_with(
    main_window: Any, qtbot: Any, language: str
) -> None:
    main_window.show_section("settings")
    page = main_window.page("settings")
    page.language_box.setFocus()
    assert main_window.focusWidget() is page.language_box
    page.language_box.setCurrentIndex(page.language_box.findData(language))  # as the arrow keys do
    qtbot.waitUntil(lambda: main_window.page("settings") is not page)
    rebuilt = main_window.page("settings")
    assert rebuilt.language_box.currentData() == language
    assert main_window.focusWidget() is rebuilt.language_box


@pytest.mark.parametrize(
    ("key", "attribute"),
    [("cards", "archived_box"), ("cards", "list"), ("receipts", "search"),
     ("guide", "search_box")],
)
def test_focus_stays_on_the_same_control_of_a_rebuilt_page(
    main_window: Any, qtbot: Any, key: str, attribute: str
) -> None:
    main_window.show_section(key)
    getattr(main_window.page(key), attribute).setFocus()
    rebuilt = _switch(main_window, qtbot, key, "zh_Hans")
    assert main_window.focusWidget() is getattr(rebuilt, attribute)
    rebuilt = _switch(main_window, qtbot, key, "en")
    assert main_window.focusWidget() is getattr(rebuilt, attribute)


def test_focus_on_the_section_list_stays_there(main_window: Any, qtbot: Any) -> None:
    main_window.show_section("receipts")
    rail = main_window.findChild(QWidget, "sectionRail")
    rail.setFocus()
    _switch(main_window, qtbot, "receipts", "ru")
    assert main_window.focusWidget() is rail


def test_a_place_that_is_gone_finds_nothing(qtbot: Any) -> None:
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout

    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    edits = [QLineEdit() for _ in range(3)]
    for edit in edits:
        layout.addWidget(edit)
    place = place_of(root, edits[2])
    assert place is not None and widget_at(root, place) is edits[2]
    assert place_of(root, QLineEdit()) is None
    smaller = QWidget()
    qtbot.addWidget(smaller)
    QVBoxLayout(smaller).addWidget(QLineEdit())
    assert widget_at(smaller, place) is None
