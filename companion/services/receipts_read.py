"""What the receipt log shows, read for the screen: pages of rows, totals,
months, and the rows of a report.

Why a service: the table, the month chart and the PDF report need the same
answers the store computes, but the UI never holds a repository or a
connection. A reader is made on the connection of whoever asks: the window's
(``for_context``), or a worker's own for a report written off the GUI thread
(``job_control.worker_connection``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

from companion.domain.receipt import Receipt
from companion.domain.receipt_query import ReceiptFilter, ReceiptSort
from companion.paths import DataPaths
from companion.services.context import AppContext
from companion.services.job_control import worker_connection
from companion.store.receipts_repo import (
    CardMonthTotal,
    LogRow,
    MonthTotal,
    ReceiptsRepo,
    row_to_receipt,
)

__all__ = [
    "CardMonthTotal",
    "LabelledReceipt",
    "LogRow",
    "MonthTotal",
    "ReceiptsReader",
    "worker_reader",
]


class LabelledReceipt(NamedTuple):
    """A receipt with the label of its card ("" for none), as a report lists it."""

    receipt: Receipt
    card_label: str


class ReceiptsReader:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._repo = ReceiptsRepo(conn)

    @classmethod
    def for_context(cls, ctx: AppContext) -> ReceiptsReader:
        return cls(ctx.conn)

    def count(self, flt: ReceiptFilter) -> int:
        return self._repo.count(flt)

    def page(self, flt: ReceiptFilter, sort: ReceiptSort, offset: int, limit: int) -> list[LogRow]:
        """One window of the log, in the order shown."""
        return self._repo.page(flt, sort, offset, limit)

    def totals(self, flt: ReceiptFilter) -> dict[str, tuple[int, int]]:
        """currency -> (sum of minor units, number of receipts), for what is shown."""
        return self._repo.totals(flt)

    def monthly(self, flt: ReceiptFilter) -> list[MonthTotal]:
        return self._repo.monthly(flt)

    def monthly_by_card(self, flt: ReceiptFilter) -> list[CardMonthTotal]:
        return self._repo.monthly_by_card(flt)

    def currencies(self) -> list[str]:
        return self._repo.currencies()

    def card_choices(self) -> list[tuple[int, str]]:
        """Cards a receipt can belong to (not those deleted and awaiting Undo)."""
        return self._repo.card_choices()

    def get(self, receipt_id: int) -> Receipt | None:
        return self._repo.get(receipt_id)

    def labelled(self, flt: ReceiptFilter, sort: ReceiptSort) -> Iterator[LabelledReceipt]:
        """Every receipt ``flt`` lets through, streamed in the order shown."""
        for row in self._repo.iter_filtered(flt, sort):
            yield LabelledReceipt(row_to_receipt(row), str(row["card_label"]))


@contextmanager
def worker_reader(paths: DataPaths) -> Iterator[ReceiptsReader]:
    """A reader on a worker thread's own connection, closed at the end."""
    with worker_connection(paths) as conn:
        yield ReceiptsReader(conn)
