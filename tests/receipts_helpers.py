"""Shared builders for the receipt tests."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from companion.domain.money import Money
from companion.domain.receipt import Receipt

MOSCOW = ZoneInfo("Europe/Moscow")


def make_receipt(
    minor: int = 50000,
    currency: str = "RUB",
    day: int = 24,
    month: int = 11,
    reference: str = "",
    notes: str = "",
    vendor: str = "",
    method: str = "sbp",
    hour: int = 14,
) -> Receipt:
    return Receipt(
        paid_at=dt.datetime(2026, month, day, hour, 30, tzinfo=MOSCOW),
        paid_zone="Europe/Moscow",
        amount=Money(minor, currency),
        method=method,
        reference=reference,
        notes=notes,
        vendor=vendor,
    )
