"""Amounts typed into the real receipt form, in every app language.

The user's path: Log top-up, type an amount, press Save. A misplaced
separator must show a translated message under the amount field and save
nothing; the same strictness holds where the form is embedded (Renew) and in
the CSV import, which reads a file's amounts with the shared reader.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot
from receipts_helpers import open_receipt_dialog

from companion.domain.card import Card
from companion.domain.expiry import Expiry, RenewalRule
from companion.domain.money import Money
from companion.i18n import set_language
from companion.services import cards as cards_service
from companion.services.context import AppContext
from companion.services.receipts_io.receipts_csv_import import validate
from companion.services.receipts_io.receipts_csv_read import default_mapping, parse_csv_bytes
from companion.store.receipts_repo import ReceiptsRepo
from companion.ui.receipts.receipt_dialog import ReceiptDialog

#: The offscreen platform says this whenever a top-level window is shown.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _receipts(ctx: AppContext) -> int:
    return int(ctx.conn.execute("SELECT COUNT(*) FROM receipts").fetchone()[0])


def _type_and_save(qtbot: QtBot, dialog: ReceiptDialog, text: str, currency: str) -> None:
    form = dialog.form
    form.currency.setCurrentIndex(form.currency.findData(currency))
    form.amount.clear()
    form.amount.setFocus()
    if text.isascii():
        qtbot.keyClicks(form.amount, text)
    else:
        # What an input method (a Chinese IME, a Russian layout) delivers:
        # committed text, not key presses.
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(form.amount, event)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize(
    ("lang", "typed", "currency", "shown"),
    [
        ("en", "12,3,4", "RUB", "Write amounts like 1,234.50"),
        ("en", "350,50", "RUB", "Write 350.50"),
        ("en", "1,5", "RUB", "Write 1.50"),
        ("en", "1 234,50", "RUB", "Write 1,234.50"),
        ("en", "1,5", "KWD", "Write 1.500"),
        ("en", "350.555", "RUB", "At most 2 digits"),
        ("en", "350.5", "JPY", "no decimal places"),
        ("en", "-350", "RUB", "negative"),
        ("en", "1e9", "RUB", "digits"),
        ("en", "", "RUB", "Enter an amount"),
        ("zh_Hans", "350,50", "RUB", "350.50"),
        ("zh_Hans", "12,3,4", "RUB", "1,234.50"),
        ("zh_Hans", "３５０，５０", "RUB", "350.50"),
        ("ru", "350.50", "RUB", "350,50"),
        ("ru", "1,234.50", "RUB", "1\u00a0234,50"),
        ("ru", "1,2345", "KWD", "3"),
    ],
)
def test_a_misplaced_separator_is_refused_at_the_field(
    qtbot: QtBot, ctx: AppContext, lang: str, typed: str, currency: str, shown: str
) -> None:
    set_language(lang)
    dialog = open_receipt_dialog(qtbot, ctx)
    _type_and_save(qtbot, dialog, typed, currency)
    form = dialog.form
    assert form.amount_error.isVisible()
    assert shown in form.amount_error.text()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert _receipts(ctx) == 0
    assert form.amount.text() == typed  # kept for the user to correct


@pytest.mark.parametrize(
    ("lang", "typed", "currency", "minor"),
    [
        ("en", "1,234.50", "RUB", 123450),
        ("zh_Hans", "３５０.５０", "RUB", 35050),
        ("ru", "1 234,50", "RUB", 123450),
        ("en", "1,234", "JPY", 1234),
    ],
)
def test_a_correct_amount_is_saved_exactly(
    qtbot: QtBot, ctx: AppContext, lang: str, typed: str, currency: str, minor: int
) -> None:
    set_language(lang)
    dialog = open_receipt_dialog(qtbot, ctx)
    _type_and_save(qtbot, dialog, typed, currency)
    assert dialog.result() == dialog.DialogCode.Accepted
    row = ctx.conn.execute("SELECT amount_minor, currency FROM receipts").fetchone()
    assert (row[0], row[1]) == (minor, currency)


def test_a_corrected_amount_saves_once(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = open_receipt_dialog(qtbot, ctx)
    _type_and_save(qtbot, dialog, "350,50", "RUB")
    assert _receipts(ctx) == 0
    _type_and_save(qtbot, dialog, "350.50", "RUB")
    assert not dialog.form.amount_error.isVisible()
    assert _receipts(ctx) == 1
    row = ctx.conn.execute("SELECT amount_minor FROM receipts").fetchone()
    assert row[0] == Money(35050, "RUB").minor


@pytest.mark.parametrize(
    ("cell", "currency"), [("1,234", "KWD"), ("1,234.50", "RUB"), ("12,3,4", "RUB")]
)
def test_csv_import_refuses_an_ambiguous_amount_in_its_column(
    ctx: AppContext, cell: str, currency: str
) -> None:
    text = f'paid_at,zone,amount,currency\r\n2026-11-01,Europe/Moscow,"{cell}",{currency}\r\n'
    table = parse_csv_bytes(text.encode())
    plan = validate(
        table, default_mapping(table.header), ReceiptsRepo(ctx.conn), "UTC", ctx.now()
    )
    assert plan.receipts == []
    ((error),) = plan.errors
    assert (error.line, error.column) == (2, "amount")
    assert cell in error.message


def test_renew_refuses_a_misplaced_separator_like_the_log(
    main_window: Any, ctx: AppContext, qtbot: QtBot
) -> None:
    """The Renew dialog embeds the same form: the same refusal, nothing saved."""
    card_id = cards_service.save_card(ctx, Card(
        "Beeline", renewal=RenewalRule("days", 30), plan_price=Money(50000, "RUB"),
        expiry=Expiry(dt.datetime(2026, 11, 30, 23, 59), "Europe/Moscow"),
    ))
    main_window.show_section("cards")
    page = main_window.page("cards")
    page.refresh()
    page.open_renew_dialog()
    dialog = page.dialog
    dialog.receipt_group.setChecked(True)
    form = dialog.receipt_form
    form.amount.clear()
    qtbot.keyClicks(form.amount, "350,50")
    qtbot.mouseClick(dialog.renew_button, Qt.MouseButton.LeftButton)
    assert form.amount_error.isVisible()
    assert "Write 350.50" in form.amount_error.text()
    assert _receipts(ctx) == 0
    card = cards_service.get_card(ctx, card_id)
    assert card is not None and card.expiry is not None
    assert card.expiry.local == dt.datetime(2026, 11, 30, 23, 59)  # not renewed either
    dialog.reject()
