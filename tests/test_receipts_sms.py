"""The SMS reader on the shipped sample messages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

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
