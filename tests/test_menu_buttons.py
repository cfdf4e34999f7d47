"""A button that opens a menu keeps its arrow off its text, in every language (issue 21).

Why through the real pages: the overlap was seen on the Cards toolbar's
«Таймер», the Receipts toolbar's «Экспорт» and the date fields' "…" under
Fusion; the check (tests/screen_fit_checks.menu_arrow_overlap) measures
each such button as laid out, at the window's smallest size too.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMenu, QToolButton

from companion.ui.widgets.menu_button import MenuButton
from tests.screen_fit_checks import menu_arrow_overlap
from tests.window_walk import LANGUAGES, visible_widgets


def _menu_buttons(window: Any) -> list[QToolButton]:
    return [
        w for w in visible_widgets(window)
        if isinstance(w, QToolButton) and w.menu() is not None
        and w.popupMode() == QToolButton.ToolButtonPopupMode.InstantPopup
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_menu_arrow_is_drawn_over_its_text(main_window: Any, qtbot: Any, language: str) -> None:
    main_window.change_language(language)
    qtbot.wait(20)
    seen: set[str] = set()
    problems: list[str] = []
    for size in (main_window.size(), main_window.minimumSize()):
        main_window.resize(size)
        for key in ("guide", "cards", "receipts"):
            main_window.show_section(key)
            QApplication.processEvents()
            for button in _menu_buttons(main_window):
                seen.add(button.text())
                problem = menu_arrow_overlap(button)
                if problem:
                    problems.append(f"{key}: {problem}")
    assert problems == []
    assert len(seen) >= 3, seen  # Timer, Export, Content


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_date_fields_calendar_button_keeps_its_dots(qtbot: Any, language: str) -> None:
    """The "…" of a date field (the receipt form's "Date paid", the card's expiry)."""
    from companion.i18n import set_language
    from companion.ui.widgets.date_field import DateField

    set_language(language)
    try:
        field = DateField(None, "Date paid")
        qtbot.addWidget(field)
        field.show()
        QApplication.processEvents()
        assert field.button.menu() is not None
        assert menu_arrow_overlap(field.button) is None
    finally:
        set_language("en")


def test_the_check_catches_the_arrow_qt_leaves_out(qtbot: Any) -> None:
    """A plain QToolButton sized by Qt's own hint is what the check must refuse."""
    for text in ("Экспорт", "导出", "…"):
        plain = QToolButton()
        plain.setText(text)
        plain.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        plain.setMenu(QMenu(plain))
        qtbot.addWidget(plain)
        plain.resize(plain.sizeHint())
        assert menu_arrow_overlap(plain) is not None
        ours = MenuButton(text)
        ours.setMenu(QMenu(ours))
        qtbot.addWidget(ours)
        ours.resize(ours.sizeHint())
        assert menu_arrow_overlap(ours) is None
        assert ours.sizeHint().width() >= ours.fontMetrics().horizontalAdvance(text) + (
            ours.indicator_width()
        )
