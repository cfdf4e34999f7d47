"""Settings' reminder lead times apply to every card that has not chosen its
own: the card editor offers "Use Settings (…)" as its default choice, and a
change in Settings re-plans those cards. Through the real editor and page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from companion.domain.card import Card
from companion.domain.expiry import Expiry
from companion.services import cards as cards_service

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _leads_planned(ctx: Any, card_id: int) -> set[int]:
    rows = ctx.conn.execute(
        "SELECT lead_minutes FROM reminder_events WHERE card_id = ? AND kind = 'expiry'",
        (card_id,),
    )
    return {r[0] // 1440 for r in rows}


def _add_card(page: Any, label: str) -> Any:
    page.open_add_dialog()
    dialog = page.dialog
    dialog.label_edit.setText(label)
    dialog.renewal_box.setCurrentIndex(dialog.renewal_box.findData("fixed"))
    dialog.date_edit.set_date(dt.date(2027, 1, 20))
    dialog.zone_box.setCurrentText("Europe/Moscow")
    return dialog


def _card_id(ctx: Any, label: str) -> int:
    return int(ctx.conn.execute("SELECT id FROM cards WHERE label = ?", (label,)).fetchone()[0])


def test_a_new_card_follows_settings_and_their_later_changes(main_window: Any, ctx: Any) -> None:
    main_window.show_section("cards")
    page = main_window.page("cards")
    dialog = _add_card(page, "MTS SIM")
    assert dialog.leads_from_settings.text() == "Use Settings (7, 3, 1 days, on the day)"
    assert dialog.leads_from_settings.isChecked()
    assert not dialog.lead_boxes[7].isEnabled()  # Settings' list, shown, not editable here
    dialog.try_accept()
    card_id = _card_id(ctx, "MTS SIM")
    assert cards_service.get_card(ctx, card_id).lead_days is None  # type: ignore[union-attr]
    assert _leads_planned(ctx, card_id) == {7, 3, 1, 0}

    settings_page = main_window.page("settings")
    settings_page.lead_boxes[7].setChecked(False)
    settings_page.lead_boxes[14].setChecked(True)
    assert _leads_planned(ctx, card_id) == {14, 3, 1, 0}

    # Editing the card again keeps it following Settings, worded with the new list.
    page.refresh()
    page.open_edit_dialog()
    again = page.dialog
    assert again.leads_from_settings.isChecked()
    assert again.leads_from_settings.text() == "Use Settings (14, 3, 1 days, on the day)"
    again.try_accept()
    assert cards_service.get_card(ctx, card_id).lead_days is None  # type: ignore[union-attr]


def test_a_card_can_choose_its_own_and_keeps_it(main_window: Any, ctx: Any) -> None:
    main_window.show_section("cards")
    page = main_window.page("cards")
    dialog = _add_card(page, "Beeline SIM")
    dialog.leads_own.setChecked(True)
    assert dialog.lead_boxes[7].isEnabled()
    for days, box in dialog.lead_boxes.items():
        box.setChecked(days == 2)
    dialog.try_accept()
    card_id = _card_id(ctx, "Beeline SIM")
    assert cards_service.get_card(ctx, card_id).lead_days == (2,)  # type: ignore[union-attr]
    main_window.page("settings").lead_boxes[14].setChecked(True)
    assert _leads_planned(ctx, card_id) == {2}
    page.refresh()
    page.open_edit_dialog()
    assert page.dialog.leads_own.isChecked()
    page.dialog.reject()


def test_the_choice_is_worded_in_russian(main_window: Any, ctx: Any) -> None:
    from companion.i18n import set_language

    cards_service.save_card(ctx, Card(
        "MTS SIM", expiry=Expiry(dt.datetime(2027, 1, 20, 23, 59), "Europe/Moscow")
    ))
    set_language("ru")
    main_window.show_section("cards")
    page = main_window.page("cards")
    page.refresh()
    page.open_edit_dialog()
    assert page.dialog.leads_from_settings.text() == (
        "Как в настройках (за 7, 3, 1 дн., в день окончания)"
    )
    page.dialog.reject()


def test_an_empty_list_of_its_own_is_refused_at_the_field(main_window: Any, ctx: Any) -> None:
    main_window.show_section("cards")
    page = main_window.page("cards")
    dialog = _add_card(page, "Trip SIM")
    dialog.leads_own.setChecked(True)
    for box in dialog.lead_boxes.values():
        box.setChecked(False)
    dialog.try_accept()
    assert dialog.isVisible()
    assert not dialog.errors["leads"].isHidden()
    assert dialog.errors["leads"].text() == (
        "Tick at least one day before the expiry, or choose “Use Settings”."
    )
    assert ctx.conn.execute("SELECT count(*) FROM cards").fetchone()[0] == 0
    dialog.lead_boxes[1].setChecked(True)
    dialog.try_accept()
    assert cards_service.get_card(ctx, _card_id(ctx, "Trip SIM")).lead_days == (1,)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "7, 3, 1 days, on the day"),
        ("ru", "за 7, 3, 1 дн., в день окончания"),
        ("zh_Hans", "提前 7、3、1 天，当天"),
    ],
)
def test_a_list_of_lead_days_reads_right_in_each_language(language: str, expected: str) -> None:
    """«за 7, 3, 1 дней» took its plural from the 7; a list has its own form."""
    from companion.i18n import set_language
    from companion.ui.cards.card_labels import leads_summary

    set_language(language)
    assert leads_summary((7, 3, 1, 0)).startswith(expected)
    assert leads_summary((1,)) in ("1 day", "за 1 день", "提前 1 天")
