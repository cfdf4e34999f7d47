""""From SMS…" in the receipt form, as the user uses it: click, paste, look
at what was filled in and what the note under the amount says, Save."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog
from pytestqt.qtbot import QtBot

from companion.i18n import set_language
from companion.services.context import AppContext
from companion.ui.receipts.receipt_dialog import ReceiptDialog
from companion.ui.receipts.receipts_page import ReceiptsPage

#: The offscreen platform says this whenever a top-level window is shown.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

MOSCOW_NOON_26_NOV = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)


def _open(qtbot: QtBot, ctx: AppContext) -> Any:
    page = ReceiptsPage(ctx, lambda _key: None)
    qtbot.addWidget(page)
    dialog = ReceiptDialog(ctx, parent=page)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.form.zone.setCurrentText("Europe/Moscow")
    return dialog


def _paste(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, ctx: AppContext, text: str, dialog: Any = None
) -> Any:
    dialog = dialog or _open(qtbot, ctx)
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", staticmethod(lambda *_args, **_kw: (text, True))
    )
    qtbot.mouseClick(dialog.form.sms_button, Qt.MouseButton.LeftButton)
    return dialog


def _save(qtbot: QtBot, dialog: Any) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _paid(dialog: Any) -> tuple[int, int, int, int, int]:
    d = dialog.form.paid.date()
    t = dialog.form.paid_time.time_value()
    return (d.year, d.month, d.day, t.hour, t.minute)


def _stored(ctx: AppContext) -> list[tuple[int, str]]:
    rows = ctx.conn.execute("SELECT amount_minor, currency FROM receipts").fetchall()
    return [(r[0], r[1]) for r in rows]


def test_english_thousands_are_read_and_saved(
    qtbot: QtBot, ctx: AppContext, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock.set(MOSCOW_NOON_26_NOV)
    dialog = _paste(
        qtbot, monkeypatch, ctx,
        "MTS: payment RUB 1,000.00 received 21.11.2026 16:20 … balance RUB 1,023.40",
    )
    form = dialog.form
    assert form.amount.text() == "1,000.00"
    assert "1,023.40" in form.sms_info.text()
    assert _paid(dialog) == (2026, 11, 21, 16, 20)
    _save(qtbot, dialog)
    assert _stored(ctx) == [(100000, "RUB")]


def test_the_date_and_time_written_in_the_sms_are_used_not_today(
    qtbot: QtBot, ctx: AppContext, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock.set(MOSCOW_NOON_26_NOV)
    set_language("ru")
    dialog = _paste(
        qtbot, monkeypatch, ctx, "T2: пополнение 150,00р. Баланс: 160,27р. 25.11 12:05"
    )
    assert dialog.form.amount.text() == "150,00"
    assert _paid(dialog) == (2026, 11, 25, 12, 5)
    _save(qtbot, dialog)
    assert _stored(ctx) == [(15000, "RUB")]


def test_new_year_in_moscow_while_utc_is_still_in_the_old_year(
    qtbot: QtBot, ctx: AppContext, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 00:30 on 1 January 2027 in Moscow is 21:30 on 31 December 2026 in UTC.
    clock.set(dt.datetime(2026, 12, 31, 21, 30, tzinfo=dt.UTC))
    dialog = _paste(qtbot, monkeypatch, ctx, "МТС: платёж 700 руб. зачислен 01.01 в 00:10.")
    assert _paid(dialog) == (2027, 1, 1, 0, 10)
    dialog = _paste(qtbot, monkeypatch, ctx, "МТС: платёж 500 руб. зачислен 31.12 в 23:55.")
    assert _paid(dialog) == (2026, 12, 31, 23, 55)


def test_a_bonus_is_not_the_balance_and_not_the_amount(
    qtbot: QtBot, ctx: AppContext, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _paste(
        qtbot, monkeypatch, ctx,
        "Пополнение на 5000 руб. Бонус 500 руб. Баланс 5 512,00 руб.",
    )
    info = dialog.form.sms_info.text()
    assert dialog.form.amount.text() == "5,000.00"
    assert "Balance after the top-up: RUB\u00a05,512.00" in info or "5,512.00" in info
    assert "Bonus:" in info and "500.00" in info


@pytest.mark.parametrize("lang", ["en", "ru", "zh_Hans"])
def test_a_debit_is_not_taken_for_a_top_up(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    set_language(lang)
    dialog = _paste(qtbot, monkeypatch, ctx, "Списано 500 руб.")
    form = dialog.form
    assert form.amount.text() == ""
    assert form.sms_info.isVisible()
    words = {"en": "not a top-up", "ru": "не пополнение", "zh_Hans": "不是充值"}
    assert words[lang] in form.sms_info.text()
    _save(qtbot, dialog)
    assert form.amount_error.isVisible()
    assert _stored(ctx) == []


def test_a_time_without_a_date_changes_nothing_and_says_so(
    qtbot: QtBot, ctx: AppContext, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _open(qtbot, ctx)
    before = _paid(dialog)
    _paste(qtbot, monkeypatch, ctx, "Поступил платеж 1 200 ₽ в 18:05.", dialog)
    assert _paid(dialog) == before
    assert dialog.form.amount.text() == "1,200.00"
    assert "6:05" in dialog.form.sms_info.text()
