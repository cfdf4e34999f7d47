"""Sentences found by reading every screen in every language, as a user would.

"Troika — No expiry: no expiry" said the same thing twice; the button that
restores an archived card told a screen reader it was "Archive"; "Plan:"
with no plan name left a double space.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from companion.domain.card import Card
from companion.domain.money import Money
from companion.i18n import LANGUAGES, _, set_language
from companion.services import cards as cards_service
from companion.ui.cards.card_labels import STATE_NAMES
from companion.ui.cards.card_text import details, summary
from companion.ui.widgets.screen_reader import without_mnemonic

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_card_without_expiry_says_so_once(lang: str) -> None:
    set_language(lang)
    state, text = summary(Card("Troika", kind="transport"), NOW)
    first = text.splitlines()[0]
    assert first == f"Troika — {_(STATE_NAMES[state])}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_plan_line_has_no_gap_for_a_missing_part(lang: str) -> None:
    set_language(lang)
    price_only = details(Card("A", plan_price=Money(40000, "RUB")), [], NOW)
    name_only = details(Card("B", plan_name="Travel 30"), [], NOW)
    both = details(Card("C", plan_name="Travel 30", plan_price=Money(40000, "RUB")), [], NOW)
    for text in (price_only, name_only, both):
        assert "  " not in text and " \n" not in text, text
    assert "Travel 30" in name_only and "Travel 30" in both


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_restore_button_is_called_restore(
    main_window: Any, ctx: Any, qtbot: Any, lang: str
) -> None:
    card_id = cards_service.save_card(ctx, Card("Old SIM"))
    cards_service.set_archived(ctx, card_id, True)
    main_window.change_language(lang)
    qtbot.waitUntil(lambda: main_window.language() == lang)
    main_window.show_section("cards")
    page = main_window.page("cards")
    for shown in (True, False, True):
        page.archived_box.setChecked(shown)
        button = page.archive_button
        assert button.accessibleName() == without_mnemonic(button.text()), (shown, button.text())
