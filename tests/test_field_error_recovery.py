"""A field's error goes away when the user corrects the field, and Save with
several mistakes puts the cursor on the first one as the form reads.

Found with a keyboard only (issue 21): the red line stayed under a number
already fixed until the next Save, and Save with a bad expiry and a bad
balance put the cursor on the balance, below the expiry.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from receipts_helpers import open_receipt_dialog

from companion.services.context import AppContext
from tests.card_form_helpers import OFFSCREEN_NOISE, fill, open_editor, save, type_text

pytestmark = [pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)]


def _focused(dialog: QWidget, *widgets: QWidget) -> bool:
    """Whether the dialog's focus is on one of these (or the editor inside it)."""
    focus = dialog.focusWidget()
    while focus is not None and focus is not dialog:
        if any(focus is w for w in widgets):
            return True
        focus = focus.parentWidget()
    return False


# ----- the card editor ------------------------------------------------------------
def test_card_error_goes_when_the_field_is_corrected(main_window: Any, qtbot: QtBot) -> None:
    dialog = open_editor(main_window)
    fill(qtbot, dialog, "12/20/2026")
    dialog.number_edit.setText("12ab")
    dialog.price_edit.setText("abc")
    save(qtbot, dialog)
    number_error, price_error = dialog.errors["number"], dialog.errors["price"]
    assert not number_error.isHidden() and not price_error.isHidden()
    assert dialog.number_edit.accessibleDescription() == number_error.text()

    dialog.number_edit.setText("12abc")  # still wrong: the error stays
    assert not number_error.isHidden()
    dialog.number_edit.clear()
    type_text(qtbot, dialog.number_edit, "+7 912 345-67-89")
    assert number_error.isHidden()  # corrected: gone before any Save
    assert dialog.number_edit.accessibleDescription() == ""
    assert not price_error.isHidden()  # the other field is still wrong
    dialog.price_edit.setText("400")
    assert price_error.isHidden()
    assert dialog.isVisible()  # nothing was saved by correcting


def test_card_error_for_a_name_goes_once_a_name_is_typed(main_window: Any, qtbot: QtBot) -> None:
    dialog = open_editor(main_window)
    fill(qtbot, dialog, "12/20/2026")
    dialog.label_edit.clear()
    save(qtbot, dialog)
    assert not dialog.errors["label"].isHidden()
    type_text(qtbot, dialog.label_edit, "Troika")
    assert dialog.errors["label"].isHidden()


def test_card_focus_goes_to_the_first_wrong_field_in_reading_order(
    main_window: Any, qtbot: QtBot
) -> None:
    dialog = open_editor(main_window)
    fill(qtbot, dialog, "12/20/2026", zone="Nowhere/Atlantis")
    dialog.balance_edit.setText("lots")  # below the expiry in the form
    save(qtbot, dialog)
    assert not dialog.errors["expiry"].isHidden() and not dialog.errors["balance"].isHidden()
    assert _focused(dialog, dialog.zone_box)

    dialog.leads_own.setChecked(True)
    for box in dialog.lead_boxes.values():
        box.setChecked(False)  # "remind me" below the price, with nothing ticked
    dialog.zone_box.setEditText("Europe/Moscow")
    dialog.price_edit.setText("abc")
    save(qtbot, dialog)
    assert not dialog.errors["leads"].isHidden() and not dialog.errors["price"].isHidden()
    assert _focused(dialog, dialog.price_edit)


# ----- the receipt form ------------------------------------------------------------
def test_receipt_error_goes_when_the_field_is_corrected(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = open_receipt_dialog(qtbot, ctx)
    form = dialog.form
    form.amount.setText("5OO")
    dialog.save()
    assert not form.amount_error.isHidden()
    assert form.amount.accessibleDescription() == form.amount_error.text()
    form.amount.setText("5O")
    assert not form.amount_error.isHidden()
    form.amount.setText("500")
    assert form.amount_error.isHidden()
    assert form.amount.accessibleDescription() == ""
    assert dialog.isVisible()

    form.zone.setEditText("Europe")
    dialog.save()
    assert not form.paid_error.isHidden()
    form.zone.setEditText("Europe/Moscow")
    assert form.paid_error.isHidden()


def test_receipt_focus_goes_to_the_date_above_a_bad_amount(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = open_receipt_dialog(qtbot, ctx)
    form = dialog.form
    form.paid.edit.setText("02/31/2026")
    form.amount.setText("5OO")
    form.amount.setFocus()
    dialog.save()
    assert not form.paid_error.isHidden() and not form.amount_error.isHidden()
    assert _focused(dialog, form.paid)
    form.paid.edit.setText("02/03/2026")
    assert form.paid_error.isHidden(), form.paid_error.text()
    assert not form.amount_error.isHidden()
    dialog.save()
    assert _focused(dialog, form.amount)


def test_renew_dialog_receipt_error_goes_when_corrected(
    main_window: Any, ctx: AppContext, qtbot: QtBot
) -> None:
    from tests.window_walk import a_card

    card = a_card(ctx)
    page = main_window.page("cards")
    main_window.show_section("cards")
    page.refresh()
    page.select_card(card.id)
    page.open_renew_dialog()
    dialog = page.dialog
    dialog.receipt_group.setChecked(True)
    form = dialog.receipt_form
    form.amount.setText("5OO")
    dialog.try_accept()
    assert not form.amount_error.isHidden()
    assert _focused(dialog, form.amount)
    form.amount.setText("500")
    assert form.amount_error.isHidden()
    dialog.reject()
