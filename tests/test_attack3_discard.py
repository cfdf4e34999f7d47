"""Esc on the card editor or on Renew with "Log a receipt" ticked asks before
throwing away what was typed, as the receipt dialog already did.

Found by hand under Xvfb: a name typed into a new card, or a reference typed
into the Renew dialog's receipt, vanished on Esc without a word.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from companion.domain.card import Card
from companion.domain.expiry import Expiry, RenewalRule
from companion.domain.money import Money
from companion.services import cards as cards_service

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", r"raise\(\)")


def _cards_page(window: Any) -> Any:
    window.show_section("cards")
    return window.page("cards")


def _answer(dialog: Any, button_text: str) -> str:
    box = getattr(dialog, "question", None)  # None: closed without asking
    assert box is not None and box.isVisible()
    (button,) = [b for b in box.buttons() if b.text().replace("&", "") == button_text]
    button.click()
    return str(box.text())


def _card(ctx: Any) -> int:
    return cards_service.save_card(ctx, Card(
        "Beeline", renewal=RenewalRule("days", 30), plan_price=Money(50000, "RUB"),
        expiry=Expiry(dt.datetime(2026, 11, 30, 23, 59), "Europe/Moscow"),
    ))


def test_esc_on_a_new_card_with_a_name_asks_first(main_window: Any, qtbot: QtBot) -> None:
    page = _cards_page(main_window)
    page.open_add_dialog()
    dialog = page.dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.label_edit, "Test card")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert _answer(dialog, "Keep editing") == "Discard the changes to this card?"
    assert dialog.isVisible() and dialog.label_edit.text() == "Test card"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    _answer(dialog, "Discard")
    assert not dialog.isVisible() and dialog.result_card is None


def test_esc_on_an_untouched_card_editor_just_closes(
    main_window: Any, ctx: Any, qtbot: QtBot
) -> None:
    _card(ctx)
    page = _cards_page(main_window)
    page.refresh()
    for opening in (page.open_add_dialog, page.open_edit_dialog):
        opening()
        dialog = page.dialog
        qtbot.waitUntil(dialog.isVisible)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible() and getattr(dialog, "question", None) is None


def test_esc_on_renew_with_a_typed_receipt_asks_first(
    main_window: Any, ctx: Any, qtbot: QtBot
) -> None:
    card_id = _card(ctx)
    page = _cards_page(main_window)
    page.refresh()
    page.open_renew_dialog()
    dialog = page.dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.receipt_group.setChecked(True)
    qtbot.keyClicks(dialog.receipt_form.reference, "ABC123")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert (_answer(dialog, "Keep editing")
            == "Discard what you typed and attached in this receipt?")
    assert dialog.isVisible() and dialog.receipt_form.reference.text() == "ABC123"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    _answer(dialog, "Discard")
    assert not dialog.isVisible()
    card = cards_service.get_card(ctx, card_id)
    assert card is not None and card.expiry is not None
    assert card.expiry.local == dt.datetime(2026, 11, 30, 23, 59)  # not renewed


def test_esc_on_renew_without_typing_just_closes(
    main_window: Any, ctx: Any, qtbot: QtBot
) -> None:
    _card(ctx)
    page = _cards_page(main_window)
    page.refresh()
    page.open_renew_dialog()
    dialog = page.dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.receipt_group.setChecked(True)  # ticked, the prefilled form untouched
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and getattr(dialog, "question", None) is None


def test_the_card_question_is_asked_in_russian(main_window: Any, qtbot: QtBot) -> None:
    from companion.i18n import set_language

    set_language("ru")
    page = _cards_page(main_window)
    page.open_add_dialog()
    dialog = page.dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.label_edit, "MTS")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert _answer(dialog, "Продолжить правку") == "Отбросить изменения в этой карте?"
    dialog.price_edit.setText("")  # still open: the user keeps editing
    assert dialog.isVisible()
