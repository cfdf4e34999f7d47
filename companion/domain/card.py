"""A tracked card (SIM, eSIM, transport card) and its short timers."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from companion.domain.expiry import Expiry, RenewalRule
from companion.domain.money import Money

CARD_KINDS: tuple[str, ...] = ("sim", "esim", "travel_esim", "transport", "other")
ESIM_KINDS: frozenset[str] = frozenset({"esim", "travel_esim"})
VALIDITY_STARTS: tuple[str, ...] = ("install", "first_connection")
TIMER_KINDS: tuple[str, ...] = ("promised_payment", "data_block")

#: The block on data and SMS after arriving or returning from roaming.
DATA_BLOCK = dt.timedelta(hours=24)


@dataclass
class Card:
    label: str
    kind: str = "sim"
    operator_id: str | None = None
    operator_name: str = ""
    number: str = ""
    plan_name: str = ""
    plan_price: Money | None = None
    renewal: RenewalRule = field(default_factory=RenewalRule)
    expiry: Expiry | None = None
    auto_renew: bool = False
    balance: Money | None = None
    low_balance: Money | None = None
    notes: str = ""
    esim_install_by: dt.date | None = None
    esim_validity_start: str | None = None
    esim_activation_code: str = ""
    archived: bool = False
    #: Days before the expiry to remind; None means "the Settings defaults".
    lead_days: tuple[int, ...] | None = None
    id: int | None = None
    updated: dt.datetime | None = None

    def __post_init__(self) -> None:
        if self.kind not in CARD_KINDS:
            raise ValueError(f"unknown card kind {self.kind!r}")
        if self.esim_validity_start not in (None, *VALIDITY_STARTS):
            raise ValueError(f"unknown validity start {self.esim_validity_start!r}")

    @property
    def is_esim(self) -> bool:
        return self.kind in ESIM_KINDS

    @property
    def balance_is_low(self) -> bool:
        return (
            self.balance is not None
            and self.low_balance is not None
            and self.balance.currency == self.low_balance.currency
            and self.balance.minor < self.low_balance.minor
        )


@dataclass
class CardTimer:
    card_id: int
    kind: str
    started: dt.datetime
    ends: dt.datetime
    note: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in TIMER_KINDS:
            raise ValueError(f"unknown timer kind {self.kind!r}")
        if self.started.tzinfo is None or self.ends.tzinfo is None:
            raise ValueError("timer instants must be timezone-aware")


@dataclass
class RenewalRecord:
    card_id: int
    renewed_at: dt.datetime
    old_expiry: Expiry | None
    new_expiry: Expiry
    period: str
    receipt_id: int | None = None
    id: int | None = None


class NumberError(ValueError):
    """The number is neither a phone number nor a card number.

    ``reason`` says which rule failed, so a form can say it in the user's
    language: "characters", "russian_length", "card_length",
    "international_length" or "not_phone"; ``digits`` is how many were typed.
    """

    def __init__(self, reason: str, digits: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.digits = digits


#: A Russian number: country code 7 (or trunk prefix 8) and ten more digits.
RUSSIAN_DIGITS = 11


def normalize_number(text: str, kind: str) -> str:
    """Canonical form of a phone number (E.164) or a card number (digits).

    Why: a Russian number is written ``8 912 …``, ``+7 (912) …`` or ``912…``;
    storing one form lets the dashboard show it formatted the same way. A
    number that starts as a Russian one (``+7``, or ``8`` for a SIM) must have all
    eleven digits: one missing would save a number nobody can call.
    """
    raw = text.strip()
    if not raw:
        return ""
    if re.search(r"[^0-9+()\-\s.]", raw) or raw.count("+") > 1 or "+" in raw[1:]:
        raise NumberError("characters")
    digits = re.sub(r"\D", "", raw)
    if kind == "transport":
        if not 6 <= len(digits) <= 20:
            raise NumberError("card_length", len(digits))
        return digits
    if raw.startswith("+7") or (raw.startswith("8") and kind != "other"):
        if len(digits) != RUSSIAN_DIGITS:
            raise NumberError("russian_length", len(digits))
        return "+7" + digits[1:]
    if raw.startswith("+"):
        if not 8 <= len(digits) <= 15:
            raise NumberError("international_length", len(digits))
        return "+" + digits
    if len(digits) == RUSSIAN_DIGITS and digits[0] in "78":
        return "+7" + digits[1:]
    if len(digits) == 10 and digits[0] == "9":
        return "+7" + digits
    if kind == "other" and 6 <= len(digits) <= 20:
        return digits
    raise NumberError("not_phone", len(digits))


def format_number(number: str) -> str:
    """``+79123456789`` → ``+7 912 345-67-89``; card numbers in groups of four."""
    if number.startswith("+7") and len(number) == 12:
        d = number[2:]
        return f"+7 {d[0:3]} {d[3:6]}-{d[6:8]}-{d[8:10]}"
    if number.startswith("+"):
        return number
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))
