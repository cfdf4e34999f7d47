"""Receipts in SQLite. Callers own the transaction, so a receipt can be saved
together with a card renewal or an import batch, all or nothing.

Why the log queries live here: the receipt table has 100,000 rows on a heavy
user's machine, so the table view asks for one window of rows at a time, and
totals are computed by SQLite, never by loading every receipt into Python.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from companion.domain.money import Money
from companion.domain.receipt import Receipt
from companion.domain.receipt_query import ReceiptFilter, ReceiptSort, search_text

_COLUMNS = (
    "card_id, paid_utc, paid_zone, paid_local, amount_minor, currency, method, plan_name, "
    "period_days, period_months, reference, code, vendor, notes, search_text, created_utc"
)
#: Every stored column but the id, in the order ``receipt_params`` gives them.
RECEIPT_COLUMNS = _COLUMNS

#: ORDER BY terms per sort key. Amounts in different currencies are not
#: comparable (¥5,000 is not more than CN¥66.60), so "amount" sorts by
#: currency first, then by amount within each currency.
_SORT_SQL: dict[str, tuple[str, ...]] = {
    "paid": ("r.paid_utc",),
    "amount": ("r.currency", "r.amount_minor"),
    "currency": ("r.currency",),
    "method": ("r.method",),
    "card": ("COALESCE(c.label, '')",),
    "plan": ("r.plan_name",),
    "reference": ("r.reference",),
    "vendor": ("r.vendor",),
    "notes": ("r.notes",),
}


def order_by(sort: ReceiptSort) -> str:
    """The ORDER BY list for a sort; the id last, so equal rows keep one order."""
    direction = "DESC" if sort.descending else "ASC"
    return ", ".join(f"{term} {direction}" for term in (*_SORT_SQL[sort.key], "r.id"))


#: Counts and sums read only this covering index (see migrations).
_TOTALS_INDEX = "INDEXED BY receipts_totals"
TOTALS_INDEX = _TOTALS_INDEX


def _utc_text(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="seconds")


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _local_text(receipt: Receipt) -> str:
    local = receipt.paid_at.astimezone(_zone(receipt.paid_zone))
    return local.replace(tzinfo=None).isoformat(timespec="seconds")


def receipt_params(receipt: Receipt, now: dt.datetime) -> tuple[Any, ...]:
    """The row values for ``_COLUMNS``; shared with bulk import (executemany)."""
    return (
        receipt.card_id,
        _utc_text(receipt.paid_at),
        receipt.paid_zone,
        _local_text(receipt),
        receipt.amount.minor,
        receipt.amount.currency,
        receipt.method,
        receipt.plan_name,
        receipt.period_days,
        receipt.period_months,
        receipt.reference,
        receipt.code,
        receipt.vendor,
        receipt.notes,
        search_text(receipt.reference, receipt.notes, receipt.vendor),
        _utc_text(now),
    )


@dataclass(frozen=True)
class LogRow:
    """One line of the log: the receipt plus what the table shows beside it."""

    receipt: Receipt
    card_label: str
    attachment_count: int


@dataclass(frozen=True)
class MonthTotal:
    month: str  # "2026-11", the local month the user paid in
    currency: str
    minor: int
    count: int


@dataclass(frozen=True)
class CardMonthTotal:
    month: str
    card_label: str  # "" for receipts that belong to no card
    currency: str
    minor: int
    count: int


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def where_clause(flt: ReceiptFilter) -> tuple[str, list[Any]]:
    """SQL condition (on alias ``r``) and parameters for a filter."""
    parts: list[str] = []
    params: list[Any] = []
    if flt.card_id is not None:
        parts.append("r.card_id = ?")
        params.append(flt.card_id)
    if flt.method:
        parts.append("r.method = ?")
        params.append(flt.method)
    if flt.currency:
        parts.append("r.currency = ?")
        params.append(flt.currency)
    if flt.date_from is not None:
        parts.append("r.paid_local >= ?")
        params.append(flt.date_from.isoformat())
    if flt.date_to is not None:
        parts.append("r.paid_local < ?")
        params.append((flt.date_to + dt.timedelta(days=1)).isoformat())
    text = flt.text.strip().casefold()
    if text:
        parts.append("r.search_text LIKE ? ESCAPE '\\'")
        params.append(f"%{_like_escape(text)}%")
    return (" WHERE " + " AND ".join(parts)) if parts else "", params


class ReceiptsRepo:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    @property
    def connection(self) -> sqlite3.Connection:
        return self._conn

    # ----- single receipts --------------------------------------------------
    def insert(self, receipt: Receipt, now: dt.datetime) -> int:
        """Insert inside the caller's transaction; returns the new id."""
        cur = self._conn.execute(
            f"INSERT INTO receipts ({_COLUMNS}) VALUES ({', '.join('?' * 16)})",
            receipt_params(receipt, now),
        )
        assert cur.lastrowid is not None
        receipt.id = cur.lastrowid
        return cur.lastrowid

    def insert_many(self, receipts: list[Receipt], now: dt.datetime) -> None:
        """Bulk insert for imports; ids are not filled in."""
        self._conn.executemany(
            f"INSERT INTO receipts ({_COLUMNS}) VALUES ({', '.join('?' * 16)})",
            (receipt_params(r, now) for r in receipts),
        )

    def restore(self, receipt: Receipt, created_utc: str) -> int:
        """Put a deleted receipt back (undo), under its old id when it has
        one, else a new one; returns the id."""
        params = list(receipt_params(receipt, dt.datetime.now(dt.UTC)))
        params[-1] = created_utc
        cur = self._conn.execute(
            f"INSERT INTO receipts (id, {_COLUMNS}) VALUES (?, {', '.join('?' * 16)})",
            (receipt.id, *params),
        )
        assert cur.lastrowid is not None
        receipt.id = cur.lastrowid
        return cur.lastrowid

    def update(self, receipt: Receipt) -> None:
        assert receipt.id is not None
        params = receipt_params(receipt, dt.datetime.now(dt.UTC))[:-1]
        names = [c.strip() for c in _COLUMNS.split(",")][:-1]
        assignments = ", ".join(f"{name} = ?" for name in names)
        self._conn.execute(f"UPDATE receipts SET {assignments} WHERE id = ?", (*params, receipt.id))

    def delete(self, receipt_id: int) -> None:
        self._conn.execute("DELETE FROM receipts WHERE id = ?", (receipt_id,))

    def created_utc(self, receipt_id: int) -> str | None:
        row = self._conn.execute(
            "SELECT created_utc FROM receipts WHERE id = ?", (receipt_id,)
        ).fetchone()
        return None if row is None else str(row[0])

    def get(self, receipt_id: int) -> Receipt | None:
        row = self._conn.execute("SELECT * FROM receipts WHERE id = ?", (receipt_id,)).fetchone()
        if row is None:
            return None
        receipt = row_to_receipt(row)
        receipt.attachment_ids = [
            int(r[0])
            for r in self._conn.execute(
                "SELECT attachment_id FROM receipt_attachments WHERE receipt_id = ? "
                "ORDER BY position",
                (receipt_id,),
            )
        ]
        return receipt

    # ----- the log ---------------------------------------------------------
    def count(self, flt: ReceiptFilter) -> int:
        where, params = where_clause(flt)
        return int(
            self._conn.execute(
                f"SELECT COUNT(*) FROM receipts r {_TOTALS_INDEX}{where}", params
            ).fetchone()[0]
        )

    def page(self, flt: ReceiptFilter, sort: ReceiptSort, offset: int, limit: int) -> list[LogRow]:
        """One window of the log, in the order shown."""
        where, params = where_clause(flt)
        order = order_by(sort)
        join = "LEFT JOIN cards c ON c.id = r.card_id" if sort.key == "card" else ""
        # Late row lookup: the window of ids comes from an index alone, then
        # only those rows are read, so a deep OFFSET never reads skipped rows.
        rows = self._conn.execute(
            f"""SELECT r.*, COALESCE(c.label, '') AS card_label,
                   (SELECT COUNT(*) FROM receipt_attachments a WHERE a.receipt_id = r.id)
                       AS attachment_count
               FROM receipts r LEFT JOIN cards c ON c.id = r.card_id
               WHERE r.id IN (SELECT r.id FROM receipts r {join}{where}
                              ORDER BY {order} LIMIT ? OFFSET ?)
               ORDER BY {order}""",
            (*params, limit, offset),
        ).fetchall()
        return [
            LogRow(row_to_receipt(row), row["card_label"], int(row["attachment_count"]))
            for row in rows
        ]

    def iter_filtered(self, flt: ReceiptFilter, sort: ReceiptSort) -> Iterator[sqlite3.Row]:
        """Every matching row, streamed (exports); rows carry ``card_label``."""
        where, params = where_clause(flt)
        yield from self._conn.execute(
            f"""SELECT r.*, COALESCE(c.label, '') AS card_label
               FROM receipts r LEFT JOIN cards c ON c.id = r.card_id{where}
               ORDER BY {order_by(sort)}""",
            params,
        )

    def totals(self, flt: ReceiptFilter) -> dict[str, tuple[int, int]]:
        """currency -> (sum of minor units, number of receipts), for what is shown."""
        where, params = where_clause(flt)
        return {
            str(row[0]): (int(row[1]), int(row[2]))
            for row in self._conn.execute(
                "SELECT currency, SUM(amount_minor), COUNT(*) "
                f"FROM receipts r {_TOTALS_INDEX}{where} "
                "GROUP BY currency ORDER BY currency",
                params,
            )
        }

    def monthly(self, flt: ReceiptFilter) -> list[MonthTotal]:
        where, params = where_clause(flt)
        return [
            MonthTotal(str(row[0]), str(row[1]), int(row[2]), int(row[3]))
            for row in self._conn.execute(
                f"SELECT substr(paid_local, 1, 7) AS month, currency, SUM(amount_minor), "
                f"COUNT(*) FROM receipts r {_TOTALS_INDEX}{where} "
                "GROUP BY month, currency ORDER BY month",
                params,
            )
        ]

    def monthly_by_card(self, flt: ReceiptFilter) -> list[CardMonthTotal]:
        where, params = where_clause(flt)
        return [
            CardMonthTotal(str(row[0]), str(row[1]), str(row[2]), int(row[3]), int(row[4]))
            for row in self._conn.execute(
                "SELECT substr(r.paid_local, 1, 7) AS month, COALESCE(c.label, ''), r.currency, "
                "SUM(r.amount_minor), COUNT(*) "
                f"FROM receipts r LEFT JOIN cards c ON c.id = r.card_id{where} "
                "GROUP BY month, r.card_id, r.currency ORDER BY month",
                params,
            )
        ]

    def currencies(self) -> list[str]:
        return [
            str(r[0])
            for r in self._conn.execute("SELECT DISTINCT currency FROM receipts ORDER BY 1")
        ]

    def card_choices(self) -> list[tuple[int, str]]:
        """Cards a receipt can belong to, for the form and the filter (a card
        deleted and waiting for its Undo to expire is not offered)."""
        return [
            (int(r[0]), str(r[1]))
            for r in self._conn.execute(
                "SELECT id, label FROM cards WHERE deleted_utc IS NULL ORDER BY archived, label"
            )
        ]

    def duplicate_keys(self) -> set[tuple[str, int, str, str]]:
        """(paid_utc, amount, currency, reference) of every stored receipt."""
        return {
            (str(r[0]), int(r[1]), str(r[2]), str(r[3]))
            for r in self._conn.execute(
                "SELECT paid_utc, amount_minor, currency, reference FROM receipts"
            )
        }


def duplicate_key(receipt: Receipt) -> tuple[str, int, str, str]:
    return (
        _utc_text(receipt.paid_at),
        receipt.amount.minor,
        receipt.amount.currency,
        receipt.reference,
    )


def row_to_receipt(row: sqlite3.Row) -> Receipt:
    zone = row["paid_zone"]
    paid = dt.datetime.fromisoformat(row["paid_utc"]).astimezone(_zone(zone))
    return Receipt(
        id=row["id"],
        card_id=row["card_id"],
        paid_at=paid,
        paid_zone=zone,
        amount=Money(row["amount_minor"], row["currency"]),
        method=row["method"],
        plan_name=row["plan_name"],
        period_days=row["period_days"],
        period_months=row["period_months"],
        reference=row["reference"],
        code=row["code"],
        vendor=row["vendor"],
        notes=row["notes"],
    )
