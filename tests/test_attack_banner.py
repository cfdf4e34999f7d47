"""The reminder banner after Undo, as the user saw it in the real window.

Found by attacking issue 17's undo: with "Missed while the app was closed"
on show, deleting the card of the only row emptied the banner, and Ctrl+Z
brought the row back under the plain heading "Reminders": the row was the
same missed reminder, but the banner no longer said it was missed. Undo now
brings back the banner as it was; a heading about missed reminders goes
only when no row on show was missed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from companion.domain.card import Card
from companion.domain.expiry import Expiry
from companion.services import cards as cards_service

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_undo_of_a_delete_brings_the_missed_heading_back(
    main_window: Any, ctx: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    card_id = cards_service.save_card(ctx, Card(
        "Troika", kind="transport", expiry=Expiry(dt.datetime(2026, 11, 20, 12, 0), "UTC")
    ))
    main_window.reminders.check()  # the first check after start
    banner = main_window.reminder_banner
    before = (banner.heading_text, banner.texts())
    assert before[0] == "Missed while the app was closed"
    main_window.show_section("cards")
    page = main_window.page("cards")
    page.refresh()
    page.select_card(card_id)
    monkeypatch.setattr(type(page), "confirm", lambda self, title, text: True)
    page.delete_selected()
    assert banner.isHidden()
    page.undo()
    assert not banner.isHidden()
    assert (banner.heading_text, banner.texts()) == before
    clock.advance(dt.timedelta(minutes=1))
    main_window.reminders.check()  # a later minute keeps it as well
    assert banner.heading_text == "Missed while the app was closed"


def test_a_live_reminder_after_the_missed_ones_were_dismissed_is_not_called_missed(
    main_window: Any, ctx: Any, clock: Any
) -> None:
    cards_service.save_card(ctx, Card(
        "Troika", kind="transport", expiry=Expiry(dt.datetime(2026, 11, 20, 12, 0), "UTC")
    ))
    main_window.reminders.check()
    banner = main_window.reminder_banner
    assert banner.heading_text == "Missed while the app was closed"
    banner.dismiss(banner.notices[0].ids)
    assert banner.isHidden()
    # A card whose reminder comes due while the app runs.
    cards_service.save_card(ctx, Card(
        "MTS", expiry=Expiry(dt.datetime(2026, 11, 24, 9, 30), "UTC")
    ))
    clock.set(dt.datetime(2026, 11, 24, 9, 0, 30, tzinfo=dt.UTC))
    main_window.reminders.check()
    assert banner.notices and not any(n.missed for n in banner.notices)
    assert banner.heading_text == "Reminders"
