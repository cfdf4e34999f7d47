"""Hostile input to the real receipt form: a currency sign that contradicts
the chosen currency, and time-zone text that is a path, not a zone.

Found by attacking issue 15's form: ``500 ₽`` with JPY chosen was saved as
500 yen (the ruble sign was stripped whatever the currency), and a zone
typed as ``Europe`` or 300 characters raised out of Save and From SMS…
instead of a message at the field.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from receipts_helpers import open_receipt_dialog

from companion.i18n import set_language
from companion.i18n.money_input import MoneyInputError, parse_money
from companion.services.context import AppContext
from companion.services.receipts_io.receipts_csv_import import validate
from companion.services.receipts_io.receipts_csv_read import default_mapping, parse_csv_bytes
from companion.store.receipts_repo import ReceiptsRepo
from companion.ui.receipts.receipt_dialog import ReceiptDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _receipts(ctx: AppContext) -> int:
    return int(ctx.conn.execute("SELECT COUNT(*) FROM receipts").fetchone()[0])


def _save(qtbot: QtBot, dialog: ReceiptDialog) -> None:
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize(
    ("lang", "currency", "typed"),
    [("en", "JPY", "500 ₽"), ("ru", "KWD", "500 руб."), ("zh_Hans", "CNY", "₽500")],
)
def test_a_ruble_sign_with_another_currency_is_refused(
    qtbot: QtBot, ctx: AppContext, lang: str, currency: str, typed: str
) -> None:
    """The user typed rubles; the currency box says otherwise: never store yen."""
    set_language(lang)
    dialog = open_receipt_dialog(qtbot, ctx)
    form = dialog.form
    form.currency.setCurrentIndex(form.currency.findData(currency))
    form.amount.setText(typed)
    _save(qtbot, dialog)
    assert form.amount_error.isVisible()
    assert form.amount_error.text()
    assert _receipts(ctx) == 0
    assert form.amount.text() == typed


@pytest.mark.parametrize("lang", ["en", "ru", "zh_Hans"])
@pytest.mark.parametrize("currency", ["JPY", "USD", "KWD", "CNY", "EUR"])
@pytest.mark.parametrize("typed", ["500 ₽", "₽500", "500 руб.", "500руб", "500 р."])
def test_the_reader_refuses_rubles_for_another_currency(
    lang: str, currency: str, typed: str
) -> None:
    with pytest.raises(MoneyInputError):
        parse_money(typed, currency, lang)


@pytest.mark.parametrize("typed", ["500 ₽", "₽ 500", "500 руб.", "500 RUB"])
def test_a_ruble_sign_with_rubles_is_still_read(typed: str) -> None:
    assert parse_money(typed, "RUB", "ru").minor == 50000


def test_the_currency_own_sign_is_read() -> None:
    assert parse_money("$5.25", "USD", "en").minor == 525
    with pytest.raises(MoneyInputError):
        parse_money("$5.25", "RUB", "en")


@pytest.mark.parametrize(
    "zone", ["Europe", "America/", "a" * 300, "../x", "zone.tab", "Europe/Mosco", "\x00"]
)
def test_a_zone_that_is_not_a_zone_is_refused_at_the_field(
    qtbot: QtBot, ctx: AppContext, zone: str
) -> None:
    dialog = open_receipt_dialog(qtbot, ctx)
    form = dialog.form
    form.amount.setText("350.00")
    form.zone.setEditText(zone)
    _save(qtbot, dialog)
    assert form.paid_error.isVisible()
    assert "is not a time zone" in form.paid_error.text()
    assert _receipts(ctx) == 0


@pytest.mark.parametrize("zone", ["Europe", "a" * 300, "Europe/Mosco", "../x"])
def test_from_sms_with_a_bad_zone_says_so_at_the_field(
    qtbot: QtBot, ctx: AppContext, zone: str
) -> None:
    """From SMS… with a half-typed zone: nothing raises, nothing is guessed; the
    field says the zone is not one, and the user's text is kept."""
    dialog = open_receipt_dialog(qtbot, ctx)
    form = dialog.form
    form.zone.setEditText(zone)
    assert not form.fill_from_sms("Баланс пополнен на 500 руб. 24.11.2026 14:32")
    assert not form.paid_error.isHidden()
    assert "time zone" in form.paid_error.text()
    assert form.zone.currentText() == zone


@pytest.mark.parametrize("zone", ["Europe", "a" * 300, "Europe/Mosco", "../x", "zone.tab"])
def test_csv_import_refuses_a_zone_cell_that_is_a_path(ctx: AppContext, zone: str) -> None:
    """The import's zone column: one error at the cell, never an OSError out of Check."""
    text = f"paid_at,zone,amount,currency\r\n2026-11-01T10:00,{zone},350.00,RUB\r\n"
    table = parse_csv_bytes(text.encode())
    plan = validate(
        table, default_mapping(table.header), ReceiptsRepo(ctx.conn), "UTC", ctx.now()
    )
    assert plan.receipts == []
    ((error),) = plan.errors
    assert (error.line, error.column) == (2, "zone")
