"""Typing a time zone or a phone number into the card and receipt forms: kept or refused at the field.

Each test types into the real dialog, clicks Save and reads the field's error
label and what was stored. A zone name never reaches the file system.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from card_form_helpers import OFFSCREEN_NOISE, fill, open_editor, save, stored
from PySide6.QtCore import Qt

from companion.i18n import set_language

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)


# ----- time zones --------------------------------------------------------------------
@pytest.mark.parametrize("zone", ["Europe", "America/", "x" * 300, "../x", "Etc", "/etc/passwd"])
def test_a_typed_zone_that_is_not_one_is_refused_at_the_field(
    main_window: Any, ctx: Any, qtbot: Any, zone: str
) -> None:
    dialog = open_editor(main_window)
    fill(qtbot, dialog, "12/10/2026", zone=zone)  # every keystroke re-reads the zone
    save(qtbot, dialog)
    error = dialog.errors["expiry"]
    assert not error.isHidden() and "is not a time zone" in error.text()
    assert len(error.text()) < 200
    assert stored(ctx) == []


def test_etc_utc_typed_letter_by_letter_is_a_zone(
    main_window: Any, ctx: Any, qtbot: Any
) -> None:
    dialog = open_editor(main_window)
    fill(qtbot, dialog, "12/10/2026", zone="Etc/UTC")
    save(qtbot, dialog)
    (row,) = stored(ctx)
    assert row["expiry_zone"] == "Etc/UTC"


def _receipt_form(qtbot: Any, ctx: Any) -> Any:
    from companion.ui.receipts.receipt_form import ReceiptForm

    form = ReceiptForm(ctx)
    qtbot.addWidget(form)
    return form


@pytest.mark.parametrize("zone", ["Europe", "x" * 300, "Etc", ""])
def test_receipt_and_sms_zone_fields_refuse_a_non_zone(qtbot: Any, ctx: Any, zone: str) -> None:
    form = _receipt_form(qtbot, ctx)
    form.zone.setEditText("")
    qtbot.keyClicks(form.zone.lineEdit(), zone)
    form.amount.setText("500")
    assert form.validate() is None
    assert "time zone" in form.paid_error.text()
    assert not form.fill_from_sms("Баланс пополнен на 500,00 руб. 20.11.2026 14:32.")
    assert "time zone" in form.paid_error.text() and not form.paid_error.isHidden()


def test_renew_dialog_receipt_zone_is_checked(
    main_window: Any, ctx: Any, qtbot: Any
) -> None:
    from companion.domain.card import Card
    from companion.domain.expiry import Expiry, RenewalRule
    from companion.services import cards as cards_service

    cards_service.save_card(ctx, Card(
        "Beeline", renewal=RenewalRule("days", 30),
        expiry=Expiry(dt.datetime(2026, 11, 30, 23, 59), "Europe/Moscow"),
    ))
    main_window.show_section("cards")
    page = main_window.page("cards")
    page.refresh()
    page.open_renew_dialog()
    dialog = page.dialog
    dialog.receipt_group.setChecked(True)
    form = dialog.receipt_form
    form.amount.setText("500")
    form.zone.setEditText("")
    qtbot.keyClicks(form.zone.lineEdit(), "Europe")
    qtbot.mouseClick(dialog.renew_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "is not a time zone" in form.paid_error.text()


# ----- phone numbers --------------------------------------------------------------------
@pytest.mark.parametrize(("typed", "says"), [
    ("+7 912 345 67 8", "11 digits"),
    ("+7 912 345 67 899", "11 digits"),
    ("8 912 345 67 8", "11 digits"),
    ("+7 912 CALL ME", "only digits"),
])
def test_a_russian_number_of_the_wrong_length_is_refused(
    main_window: Any, ctx: Any, qtbot: Any, typed: str, says: str
) -> None:
    dialog = open_editor(main_window)
    fill(qtbot, dialog, "12/10/2026")
    qtbot.keyClicks(dialog.number_edit, typed)
    save(qtbot, dialog)
    error = dialog.errors["number"]
    assert not error.isHidden() and says in error.text()
    assert stored(ctx) == []


@pytest.mark.parametrize(("typed", "kept"), [
    ("+44 20 7946 0958", "+442079460958"),
    ("8 (912) 345-67-89", "+79123456789"),
])
def test_foreign_and_whole_russian_numbers_are_kept(
    main_window: Any, ctx: Any, qtbot: Any, typed: str, kept: str
) -> None:
    dialog = open_editor(main_window)
    fill(qtbot, dialog, "12/10/2026")
    qtbot.keyClicks(dialog.number_edit, typed)
    save(qtbot, dialog)
    (row,) = stored(ctx)
    assert row["number"] == kept


def test_the_number_message_is_translated(main_window: Any, qtbot: Any) -> None:
    set_language("ru")
    dialog = open_editor(main_window)
    fill(qtbot, dialog, "10.12.2026")
    qtbot.keyClicks(dialog.number_edit, "+7 912 345 67 8")
    save(qtbot, dialog)
    assert dialog.errors["number"].text() == (
        "В российском номере 11 цифр вместе с +7 или 8, а здесь 10 цифр."
    )
