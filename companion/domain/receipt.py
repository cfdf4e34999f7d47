"""A logged top-up: what was paid, how, for what, and the proof of it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from companion.domain.money import Money

#: Payment methods, in the order the form offers them. Stored as these keys.
PAYMENT_METHODS: tuple[str, ...] = (
    "ru_bank_card_online",
    "sbp",
    "operator_app",
    "bank_app",
    "cash_operator_shop",
    "payment_terminal",
    "voucher",
    "travel_esim_store",
    "paypal",
    "alipay",
    "wechat_pay",
    "other",
)


@dataclass
class Receipt:
    paid_at: dt.datetime  # timezone-aware; stored as UTC plus paid_zone
    paid_zone: str  # IANA zone the user meant
    amount: Money
    method: str
    card_id: int | None = None
    plan_name: str = ""
    period_days: int | None = None
    period_months: int | None = None
    reference: str = ""
    code: str = ""
    vendor: str = ""
    notes: str = ""
    id: int | None = None
    attachment_ids: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.paid_at.tzinfo is None:
            raise ValueError("paid_at must be timezone-aware")
        if self.method not in PAYMENT_METHODS:
            raise ValueError(f"unknown payment method: {self.method!r}")
        if self.amount.minor < 0:
            raise ValueError("amount cannot be negative")
