"""Reading a top-up confirmation SMS into amount, date and balance.

Why heuristics and not one pattern per operator: operators reword their
messages often and users paste them with line breaks lost. The reader looks
for an amount next to a "paid / topped up" word, a balance next to "balance",
and a date in the common shapes; whatever it cannot read stays empty for the
user to fill in. It never guesses a currency the text does not show: no
symbol means roubles, because these are Russian operators' messages.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from companion.domain.money import Money

_NUMBER = r"(?P<num>\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
_CURRENCY = r"(?P<cur>руб(?:\.|лей|ля|ль)?|р\.|₽|rub(?:les?)?\.?|rur|r\b|\$|usd|€|eur|¥|cny|yuan)"
_CURRENCY_CODES = {
    "$": "USD",
    "usd": "USD",
    "€": "EUR",
    "eur": "EUR",
    "¥": "CNY",
    "cny": "CNY",
    "yuan": "CNY",
}

_PREFIXED = rf"(?:{_CURRENCY}\s*{_NUMBER.replace('num', 'num1')})"
_SUFFIXED = rf"(?:{_NUMBER}\s*{_CURRENCY.replace('cur', 'cur2')})"
_AMOUNT_WITH_CURRENCY = re.compile(
    rf"{_PREFIXED}|{_SUFFIXED}",
    re.IGNORECASE,
)

_BALANCE_WORDS = re.compile(r"баланс|остаток|на сч[её]те|доступно|balance|available", re.IGNORECASE)
_PAYMENT_WORDS = re.compile(
    r"зачислен|поступ|пополнен|платеж|платёж|оплат|внесен|topped up|top-up|top up|"
    r"payment|received|credited|recharge|paid",
    re.IGNORECASE,
)

_DATE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"(?<!\d)(?P<y>\d{4})[-/](?P<m>\d{2})[-/](?P<d>\d{2})"
            r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2}))?"
        ),
        "ymd",
    ),
    (
        re.compile(
            r"(?<!\d)(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4}|\d{2})(?!\d)"
            r"(?:\s*(?:в|at|,)?\s*(?P<H>\d{1,2}):(?P<M>\d{2}))?"
        ),
        "dmy",
    ),
)
_TIME_ONLY = re.compile(r"(?<![\d:])(?P<H>\d{1,2}):(?P<M>\d{2})(?![\d:])")


@dataclass(frozen=True)
class SmsReading:
    amount: Money | None = None
    balance: Money | None = None
    #: Wall-clock time the message shows; the zone is the user's to choose.
    paid_at: dt.datetime | None = None

    @property
    def empty(self) -> bool:
        return self.amount is None and self.balance is None and self.paid_at is None


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    money: Money


def _to_money(number: str, currency_token: str) -> Money | None:
    token = currency_token.lower()
    code = _CURRENCY_CODES.get(token, "RUB")
    compact = re.sub(r"[ \u00a0\u202f]", "", number).replace(",", ".")
    try:
        value = Decimal(compact)
    except InvalidOperation:
        return None
    digits = 2
    try:
        return Money.from_decimal(value.quantize(Decimal("0.01")), code, digits)
    except ValueError:
        return None


def _amounts(text: str) -> list[_Found]:
    found: list[_Found] = []
    for match in _AMOUNT_WITH_CURRENCY.finditer(text):
        number = match.group("num1") or match.group("num")
        currency = match.group("cur") or match.group("cur2")
        money = _to_money(number, currency)
        if money is not None:
            found.append(_Found(match.start(), match.end(), money))
    return found


def _preceding_clause(text: str, position: int) -> str:
    """The words before an amount, back to the previous amount or sentence end."""
    window = text[max(0, position - 60) : position]
    cut = max(window.rfind("."), window.rfind("!"), window.rfind("\n"), window.rfind(";"))
    # A full stop inside "руб." is not a sentence end; keep short tails.
    if cut >= 0 and position - 60 + cut > 0 and len(window) - cut > 3:
        window = window[cut + 1 :]
    return window


def _read_date(text: str, year_hint: int) -> dt.datetime | None:
    for pattern, order in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        year = int(match.group("y"))
        if order == "dmy" and year < 100:
            year += 2000 if year_hint >= 2000 else 1900
        hour = int(match.group("H")) if match.group("H") else 0
        minute = int(match.group("M")) if match.group("M") else 0
        try:
            return dt.datetime(year, int(match.group("m")), int(match.group("d")), hour, minute)
        except ValueError:
            continue
    return None


def parse_sms(text: str, today: dt.date) -> SmsReading:
    """Read what a top-up SMS says; ``today`` dates a message that shows only a time."""
    flat = " ".join(text.split())
    amounts = _amounts(flat)
    amount: Money | None = None
    balance: Money | None = None
    for item in amounts:
        clause = _preceding_clause(flat, item.start)
        last_balance = max((m.end() for m in _BALANCE_WORDS.finditer(clause)), default=-1)
        last_payment = max((m.end() for m in _PAYMENT_WORDS.finditer(clause)), default=-1)
        if last_balance > last_payment:
            if balance is None:
                balance = item.money
        elif amount is None:
            amount = item.money
        elif balance is None:
            balance = item.money
    paid_at = _read_date(flat, today.year)
    if paid_at is None:
        time_match = _TIME_ONLY.search(flat)
        if time_match:
            hour, minute = int(time_match.group("H")), int(time_match.group("M"))
            if hour < 24 and minute < 60:
                paid_at = dt.datetime.combine(today, dt.time(hour, minute))
    return SmsReading(amount=amount, balance=balance, paid_at=paid_at)
