"""Receipts in SQLite. Callers own the transaction, so a receipt can be saved
together with a card renewal or an import batch, all or nothing."""

from __future__ import annotations

import datetime as dt
import sqlite3

from companion.domain.money import Money
from companion.domain.receipt import Receipt


def _utc_text(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="seconds")


class ReceiptsRepo:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def insert(self, receipt: Receipt, now: dt.datetime) -> int:
        """Insert inside the caller's transaction; returns the new id."""
        cur = self._conn.execute(
            """INSERT INTO receipts (card_id, paid_utc, paid_zone, amount_minor, currency, method,
                   plan_name, period_days, period_months, reference, code, vendor, notes,
                   created_utc)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                receipt.card_id,
                _utc_text(receipt.paid_at),
                receipt.paid_zone,
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
                _utc_text(now),
            ),
        )
        assert cur.lastrowid is not None
        receipt.id = cur.lastrowid
        return cur.lastrowid

    def get(self, receipt_id: int) -> Receipt | None:
        row = self._conn.execute("SELECT * FROM receipts WHERE id = ?", (receipt_id,)).fetchone()
        return None if row is None else row_to_receipt(row)


def row_to_receipt(row: sqlite3.Row) -> Receipt:
    from zoneinfo import ZoneInfo

    zone = row["paid_zone"]
    paid = dt.datetime.fromisoformat(row["paid_utc"]).astimezone(ZoneInfo(zone))
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
