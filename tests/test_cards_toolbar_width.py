"""The Cards page's buttons are never cut at the window's 1000 px, in any language."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton

from companion.i18n import set_language


@pytest.mark.parametrize("language", ["en", "ru", "zh_Hans"])
@pytest.mark.usefixtures("layout_font")
def test_every_cards_button_gets_its_full_width(qtbot: Any, ctx: Any, language: str) -> None:
    from companion.ui.shell.main_window import MainWindow

    set_language(language)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1000, 680)
    window.show()
    qtbot.waitExposed(window)
    window.show_section("cards")
    page = window.page("cards")
    qtbot.wait(50)
    buttons = [b for b in page.findChildren(QAbstractButton) if b.isVisible()]
    assert len(buttons) >= 8
    cut = [b.text() for b in buttons if b.width() < b.sizeHint().width()]
    assert cut == []
