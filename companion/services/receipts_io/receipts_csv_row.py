"""Checking one row of a CSV file into a receipt, or into its problems by column.

Why a module of its own: the per-row validator is what decides whether a
value from a file may become a receipt, so it is read on its own, without
the file-level work around it (progress, duplicates, the plan, the import).
It writes nothing and knows nothing of the other rows. Each cell is read by
the rule the receipt form follows (``receipts_csv_cells``, ``receipt_rules``,
``zone_names``), so what the form refuses cannot come in through a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from companion.domain.card import Card
from companion.domain.receipt import PAYMENT_METHODS, Receipt
from companion.domain.receipt_rules import MAX_LINE_TEXT, MAX_PERIOD_DAYS, MAX_PERIOD_MONTHS
from companion.domain.zone_names import zone_or_none
from companion.i18n import _, ngettext
from companion.i18n.formatting import format_number
from companion.services.cards import CardError
from companion.services.cards import validate as validate_card
from companion.services.receipts_io.receipts_csv import unneutralise
from companion.services.receipts_io.receipts_csv_cells import (
    parse_amount,
    parse_count,
    parse_paid,
    shown,
)

#: The same few zone names repeat on every row of a large file.
_zone = lru_cache(maxsize=256)(zone_or_none)


@dataclass(frozen=True)
class RowError:
    line: int  # physical line of the file where the row starts (header = 1)
    column: str  # a field name, or "" for the whole row
    message: str


@dataclass(frozen=True)
class PlannedRow:
    line: int
    receipt: Receipt
    new_card: str = ""  # the card's name when no card has it yet


@dataclass(frozen=True)
class RowRules:
    """What every row of one file is checked against, read once per file."""

    mapping: dict[str, int]
    width: int
    default_zone: str
    now: dt.datetime
    cards: dict[str, list[int]]  # card name -> ids of the cards with that name
    currencies: frozenset[str]


@dataclass(frozen=True)
class CheckedRow:
    """One row's verdict: its problems, or the receipt it makes."""

    errors: tuple[RowError, ...] = ()
    planned: PlannedRow | None = None
    has_attachments: bool = False


Fail = Callable[[str, str], None]
_T = TypeVar("_T")


def check_row(line: int, cells: Sequence[str], rules: RowRules) -> CheckedRow:
    """The per-row validator: the row's problems by column, or its receipt.
    Writes nothing and knows nothing of the other rows (duplicates are the
    plan's business)."""
    if len(cells) != rules.width:
        message = ngettext(
            "This row has {found} cell; the header has {expected}.",
            "This row has {found} cells; the header has {expected}.",
            len(cells),
        )
        found = message.format(
            found=format_number(len(cells)), expected=format_number(rules.width)
        )
        return CheckedRow(errors=(RowError(line, "", found),))

    def cell(name: str) -> str:
        col = rules.mapping.get(name)
        return "" if col is None else unneutralise(cells[col])

    errors: list[RowError] = []

    def fail(column: str, message: str) -> None:
        errors.append(RowError(line, column, message))

    zone_name = cell("zone").strip() or rules.default_zone
    zone = _zone_cell(zone_name, fail)
    currency = _currency_cell(cell("currency"), rules.currencies, fail)
    paid = None
    if zone is not None:
        paid = _parsed(fail, "paid_at", parse_paid, cell("paid_at"), zone_name, zone, rules.now)
    amount = None
    if currency is not None:
        amount = _parsed(fail, "amount", parse_amount, cell("amount"), currency)
    method = _method_cell(cell("method"), fail)
    periods = {
        name: _parsed(fail, name, parse_count, cell(name), most)
        for name, most in (("period_days", MAX_PERIOD_DAYS), ("period_months", MAX_PERIOD_MONTHS))
    }
    for name in ("plan", "reference", "code", "vendor"):
        _length_cell(name, cell(name), fail)
    card_id, new_card = _card_cell(cell("card"), rules.cards, fail)
    if errors or paid is None or amount is None:
        return CheckedRow(errors=tuple(errors))
    receipt = Receipt(
        paid_at=paid,
        paid_zone=zone_name,
        amount=amount,
        method=method,
        card_id=card_id,
        plan_name=cell("plan"),
        period_days=periods.get("period_days"),
        period_months=periods.get("period_months"),
        reference=cell("reference"),
        code=cell("code"),
        vendor=cell("vendor"),
        notes=cell("notes"),
    )
    return CheckedRow(
        planned=PlannedRow(line, receipt, new_card),
        has_attachments=bool(cell("attachments").strip()),
    )


def _parsed(fail: Fail, column: str, parse: Callable[..., _T], *args: Any) -> _T | None:
    """``parse(*args)``, or None with its message filed under ``column``."""
    try:
        return parse(*args)
    except ValueError as exc:
        fail(column, str(exc))
        return None


def _zone_cell(zone_name: str, fail: Fail) -> ZoneInfo | None:
    zone = _zone(zone_name)
    if zone is None:
        message = _("“{value}” is not a time zone such as Europe/Moscow.")
        fail("zone", message.format(value=shown(zone_name)))
    return zone


def _currency_cell(text: str, currencies: frozenset[str], fail: Fail) -> str | None:
    currency = text.strip().upper()
    if currency in currencies:
        return currency
    message = _("“{value}” is not a currency code such as RUB.")
    fail("currency", message.format(value=shown(text)))
    return None


def _method_cell(text: str, fail: Fail) -> str:
    method = text.strip() or "other"
    if method not in PAYMENT_METHODS:
        message = _("“{value}” is not a known payment method.")
        fail("method", message.format(value=shown(method)))
    return method


def _length_cell(column: str, text: str, fail: Fail) -> None:
    if len(text) > MAX_LINE_TEXT:
        message = ngettext(
            "This text has {n} character; the field holds at most {most}.",
            "This text has {n} characters; the field holds at most {most}.",
            len(text),
        )
        fail(column, message.format(n=format_number(len(text)), most=format_number(MAX_LINE_TEXT)))


def _card_cell(name: str, cards: dict[str, list[int]], fail: Fail) -> tuple[int | None, str]:
    """The card a row names: (its id, "") when one card has the name, (None,
    the name) when none has it yet, (None, "") for no card or a problem."""
    if not name.strip():
        return None, ""
    ids = cards.get(name, [])
    if len(ids) > 1:
        message = _("Several cards are named “{name}”; give them different names first.")
        fail("card", message.format(name=shown(name)))
        return None, ""
    if ids:
        return ids[0], ""
    try:
        validate_card(Card(label=name))
    except CardError as exc:
        fail("card", exc.message)
        return None, ""
    return None, name
