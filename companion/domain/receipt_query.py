"""What the receipt log is asked to show: filters and sort order.

Why a plain dataclass: the table, the totals, the chart and every export read
the same filter, so "what is shown" means one thing everywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: Columns the log can be sorted by, in table order.
SORT_KEYS: tuple[str, ...] = (
    "paid",
    "amount",
    "currency",
    "method",
    "card",
    "plan",
    "reference",
    "vendor",
    "notes",
)


@dataclass(frozen=True)
class ReceiptFilter:
    card_id: int | None = None
    method: str | None = None
    currency: str | None = None
    #: Inclusive local dates, compared with the wall-clock date the user paid.
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    #: Free text matched in reference, notes and vendor, case-insensitively.
    text: str = ""


@dataclass(frozen=True)
class ReceiptSort:
    key: str = "paid"
    descending: bool = True

    def __post_init__(self) -> None:
        if self.key not in SORT_KEYS:
            raise ValueError(f"unknown sort key: {self.key!r}")


def search_text(reference: str, notes: str, vendor: str) -> str:
    """The folded text a search matches against (SQLite's LIKE folds ASCII only)."""
    return "\n".join((reference, notes, vendor)).casefold()
