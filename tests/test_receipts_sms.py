"""The SMS reader on the shipped sample messages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.domain.money import Money
from companion.domain.sms_parser import parse_sms

SAMPLES = Path(__file__).parent / "data" / "receipts_sms_samples.txt"
TODAY = dt.date(2026, 11, 24)


def _money(text: str) -> Money | None:
    text = text.strip()
    if not text:
        return None
    amount, code = text.split()
    return Money.from_decimal(Decimal(amount), code, 2)


def _samples() -> list[tuple[str, Money | None, Money | None, dt.datetime | None]]:
    out = []
    lines = [ln for ln in SAMPLES.read_text("utf-8").splitlines() if not ln.startswith("#")]
    for message, expected in zip(lines[0::2], lines[1::2], strict=True):
        assert expected.startswith("=> ")
        amount, balance, paid = expected[3:].split("|")
        when = dt.datetime.fromisoformat(paid.strip()) if paid.strip() else None
        out.append((message, _money(amount), _money(balance), when))
    return out


def test_there_are_at_least_ten_samples() -> None:
    assert len(_samples()) >= 10


@pytest.mark.parametrize(("message", "amount", "balance", "paid"), _samples())
def test_sample_message(
    message: str, amount: Money | None, balance: Money | None, paid: dt.datetime | None
) -> None:
    reading = parse_sms(message, TODAY)
    assert reading.amount == amount
    assert reading.balance == balance
    assert reading.paid_at == paid


def test_text_without_numbers_reads_as_empty() -> None:
    assert parse_sms("hello", TODAY).empty


@given(st.text(max_size=200))
def test_any_text_reads_without_error(text: str) -> None:
    parse_sms(text, TODAY)


@given(
    rub=st.integers(1, 99_999),
    kop=st.integers(0, 99),
    template=st.sampled_from(
        [
            "Баланс пополнен на {a} руб. Доступно: 1,00 руб.",
            "Your account has been topped up with {a} RUB.",
            "Платеж {a} ₽ зачислен.",
        ]
    ),
)
def test_amount_in_a_template_is_read_back(rub: int, kop: int, template: str) -> None:
    sep = "," if "руб" in template or "₽" in template else "."
    text = template.format(a=f"{rub}{sep}{kop:02d}")
    assert parse_sms(text, TODAY).amount == Money(rub * 100 + kop, "RUB")
