"""Amounts with a currency, as operators, banks and eSIM shops write them.

Why a strict number reader: one message says ``1,000.00`` (English), another
``1 000,00`` (Russian), a third ``1.000,00``. The old reader took the first
digits it could (``1,00`` out of ``1,000.00``). Here a number is read only in
one of the shapes a person writes, with a currency right before or after it;
a number that fits no shape, or fits two shapes with different values, is not
read at all, so the field stays empty for the user instead of being wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from companion.domain.money import Money

#: Currency words after a number (``500 руб.``, ``15.00 USD``).
_AFTER = re.compile(
    r"\s?(?P<cur>руб(?:лей|ля|ль|\.)?|р\.|р(?![\w.])|₽|rub(?:les?|l\.|\.)?|rur|"
    r"usd|us\$|\$|eur(?:os?)?|€|cny|rmb|yuan|¥|元)(?!\w)",
    re.IGNORECASE,
)
#: Kopecks written after roubles (``500 руб. 50 коп.``): part of the same amount.
_KOPECKS = re.compile(
    r"\s?(?P<kop>\d{1,3})\s?коп(?:\.|еек|ейки|ейка|ейку|)(?!\w)", re.IGNORECASE
)
#: A minus sign right before an amount: a debt or a debit, never a positive sum.
_MINUS = "-−–"
#: Currency words before a number (``RUB 1,000.00``, ``$15``); Russian words never lead.
_BEFORE = re.compile(
    r"(?<!\w)(?P<cur>rub|rur|usd|us\$|\$|eur|€|cny|rmb|¥|₽)\s?$", re.IGNORECASE
)
_CODES = {
    "$": "USD",
    "usd": "USD",
    "us$": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "¥": "CNY",
    "cny": "CNY",
    "rmb": "CNY",
    "yuan": "CNY",
    "元": "CNY",
}
#: A run of digits and the separators a number may hold (each followed by a digit).
_RUN = re.compile(r"(?<![\d.,])\d(?:\d|[\u00a0\u202f ,.](?=\d))*")
#: The shapes a written amount takes; each has exactly one reading.
#: (shape, its group separator); whatever separator is left is the decimal one.
_SHAPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\d+"), ""),
    (re.compile(r"\d+[.,]\d{1,2}"), ""),
    (re.compile(r"[1-9]\d{0,2}(?: \d{3})+(?:[.,]\d{1,2})?"), " "),
    (re.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d{1,2})?"), ","),
    (re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d{1,2})?"), "."),
)


@dataclass(frozen=True)
class FoundAmount:
    start: int
    end: int
    money: Money


def read_number(text: str) -> Decimal | None:
    """The value of a written number, or None if it has no single reading."""
    flat = re.sub(r"[\u00a0\u202f]", " ", text)
    for shape, group in _SHAPES:
        if shape.fullmatch(flat):
            plain = flat.replace(group, "") if group else flat
            return Decimal(plain.replace(",", "."))
    return None


#: No written amount is longer ("12 345 678 901,00"): a longer run is cut.
_LONGEST = 24


def _spaces(run: str) -> list[int]:
    return [m.start() for m in re.finditer(r"[ \u00a0\u202f]", run)]


def _tail(run: str) -> tuple[int, Decimal] | None:
    """The longest readable end of ``run``: a date or time may lead into it."""
    cuts = [0, *(i + 1 for i in _spaces(run))]
    for cut in (c for c in cuts if len(run) - c <= _LONGEST):
        value = read_number(run[cut:])
        if value is not None:
            return cut, value
    return None


def _head(run: str) -> tuple[int, Decimal] | None:
    """The longest readable start of ``run``: a date or time may follow it."""
    cuts = [len(run), *reversed(_spaces(run))]
    for cut in (c for c in cuts if c <= _LONGEST):
        value = read_number(run[:cut])
        if value is not None:
            return cut, value
    return None


def _money(value: Decimal, token: str) -> Money | None:
    code = _CODES.get(token.lower(), "RUB")
    try:
        return Money.from_decimal(value, code, 2)
    except ValueError:
        return None


def _with_kopecks(rubles: Decimal, kopecks: str) -> Money | None:
    """``500 руб. 50 коп.`` is 500.50; kopecks after a decimal part, or 100 and
    more of them, have no single reading and give no amount."""
    if "." in str(rubles) or len(kopecks) > 2:
        return None
    return Money.from_decimal(rubles + Decimal(int(kopecks)) / 100, "RUB", 2)


def find_amounts(text: str) -> list[FoundAmount]:
    """Every number written with a currency, in order of appearance."""
    found: list[FoundAmount] = []
    taken = 0  # a currency word after one amount cannot lead the next one
    for run in _RUN.finditer(text):
        if run.start() < taken:
            continue
        after = _AFTER.match(text, run.end())
        if after is not None:
            tail = _tail(run.group())
            if tail is None:
                continue
            money = _money(tail[1], after.group("cur"))
            start, end = run.start() + tail[0], after.end()
            kopecks = _KOPECKS.match(text, end) if money is not None else None
            if money is not None and money.currency == "RUB" and kopecks is not None:
                money, end = _with_kopecks(tail[1], kopecks.group("kop")), kopecks.end()
        else:
            window = max(taken, run.start() - 8)  # "US$ " is the longest lead
            before = _BEFORE.search(text, window, run.start())
            head = _head(run.group()) if before is not None else None
            if before is None or head is None:
                continue
            money = _money(head[1], before.group("cur"))
            start, end = before.start(), run.start() + head[0]
        if money is not None and start > 0 and text[start - 1] in _MINUS:
            money = None  # "Баланс: -23,50 руб." is a debt: showing 23.50 would be wrong
        if money is not None:
            found.append(FoundAmount(start, end, money))
        taken = max(taken, end)
    return found
