"""Hostile and real-looking text pasted into From SMS… (issue 15's reader).

Found by attacking the reader: "500 руб. 50 коп." was read as 500.00 (the
kopecks silently dropped), and a negative balance "Баланс: -23,50 руб." was
shown as a positive 23.50. Each is refused (left empty) or read exactly.
The rest of this file pins hostile text that was already handled: 10,000
characters, HTML, emoji, right-to-left marks, two different amounts.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.domain.money import Money
from companion.domain.sms_parser import parse_sms

TODAY = dt.date(2026, 12, 1)


def _rub(minor: int) -> Money:
    return Money(minor, "RUB")


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Баланс пополнен на 500 руб. 50 коп.", 50050),
        ("Платёж 1 200 руб. 05 коп. зачислен", 120005),
        ("Пополнение на 500 р. 7 коп.", 50007),
        ("Пополнение на 500 руб. 00 коп. Баланс 612 руб. 40 коп.", 50000),
    ],
)
def test_rubles_and_kopecks_are_read_as_one_amount(text: str, amount: int) -> None:
    assert parse_sms(text, TODAY).amount == _rub(amount)


def test_the_balance_in_rubles_and_kopecks_is_exact() -> None:
    reading = parse_sms("Пополнение на 500 руб. Баланс 612 руб. 40 коп.", TODAY)
    assert (reading.amount, reading.balance) == (_rub(50000), _rub(61240))


@pytest.mark.parametrize(
    "text",
    [
        "Пополнение на 500,50 руб. 50 коп.",  # decimals and kopecks: which one?
        "Пополнение на 500 руб. 150 коп.",  # 150 kopecks is no kopeck part
    ],
)
def test_kopecks_that_do_not_fit_leave_the_amount_empty(text: str) -> None:
    assert parse_sms(text, TODAY).amount is None


@pytest.mark.parametrize("minus", ["-", "−", "–"])
def test_a_negative_balance_is_not_shown_as_positive(minus: str) -> None:
    reading = parse_sms(f"Пополнение на 100 руб. Баланс: {minus}23,50 руб.", TODAY)
    assert reading.amount == _rub(10000)
    assert reading.balance is None


@pytest.mark.parametrize("minus", ["-", "−"])
def test_a_negative_top_up_is_not_read(minus: str) -> None:
    assert parse_sms(f"Пополнение на {minus}500 руб.", TODAY).amount is None
    assert parse_sms(f"Payment {minus}$5.00 received", TODAY).amount is None


def test_a_card_number_with_a_dash_still_reads_the_amount() -> None:
    reading = parse_sms("MIR-1234 24.11.26 14:32 Оплата 500р MTS", TODAY)
    assert reading.amount == _rub(50000)


@pytest.mark.parametrize(
    ("text", "amount", "balance"),
    [
        ("<b>Баланс пополнен на 500 руб.</b><img src=http://x/y.png> Баланс: 523,40 руб.",
         50000, 52340),
        ("🎉 Пополнение 💰 500 ₽ 🎉 Баланс 1 000,00 ₽", 50000, 100000),
        ("\u202eПополнение на 500 руб.\u202c", 50000, None),
        ("Пополнение на 500 руб. Пополнение на 300 руб.", None, None),
    ],
)
def test_hostile_text_is_read_exactly_or_left_empty(
    text: str, amount: int | None, balance: int | None
) -> None:
    reading = parse_sms(text, TODAY)
    assert reading.amount == (None if amount is None else _rub(amount))
    assert reading.balance == (None if balance is None else _rub(balance))


def test_ten_thousand_characters_read_quickly() -> None:
    for text in ("Пополнение на 500 руб. " * 450, "1" * 10_000, "руб. 1 " * 2000):
        start = time.perf_counter()
        parse_sms(text, TODAY)
        assert time.perf_counter() - start < 2.0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_reads_without_error(text: str) -> None:
    reading = parse_sms(text, TODAY)
    for money in (reading.amount, reading.balance, reading.bonus, reading.debit):
        assert money is None or money.minor >= 0


@pytest.mark.parametrize("written", ["01.01.0001", "0026-11-24", "24.11.0026", "Nov 24, 0026"])
def test_a_four_digit_year_before_2000_is_not_read_as_this_century(written: str) -> None:
    """Only a two-digit year means 20xx; "0026" written out is no payment date."""
    reading = parse_sms(f"Пополнение на 500 руб. {written} 14:32", TODAY)
    assert reading.paid_on is None and reading.paid_at is None
