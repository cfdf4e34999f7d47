"""Renewal history: one row per period bought, optionally linked to a receipt."""

from __future__ import annotations

import datetime as dt
import sqlite3

from companion.domain.card import RenewalRecord
from companion.domain.expiry import Expiry
from companion.store.cards_repo import parse_utc, utc_text


class RenewalsRepo:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def insert(self, record: RenewalRecord) -> int:
        """Insert inside the caller's transaction."""
        cur = self._conn.execute(
            "INSERT INTO renewals (card_id, renewed_utc, old_expiry_local, new_expiry_local, "
            "expiry_zone, period, receipt_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                record.card_id,
                utc_text(record.renewed_at),
                (
                    record.old_expiry.local.isoformat(timespec="minutes")
                    if record.old_expiry
                    else None
                ),
                record.new_expiry.local.isoformat(timespec="minutes"),
                record.new_expiry.zone,
                record.period,
                record.receipt_id,
            ),
        )
        assert cur.lastrowid is not None
        record.id = cur.lastrowid
        return cur.lastrowid

    def for_card(self, card_id: int) -> list[RenewalRecord]:
        rows = self._conn.execute(
            "SELECT * FROM renewals WHERE card_id = ? ORDER BY renewed_utc DESC, id DESC",
            (card_id,),
        ).fetchall()
        result = []
        for r in rows:
            zone = r["expiry_zone"]
            old = r["old_expiry_local"]
            result.append(
                RenewalRecord(
                    id=r["id"],
                    card_id=r["card_id"],
                    renewed_at=parse_utc(r["renewed_utc"]),
                    old_expiry=Expiry(dt.datetime.fromisoformat(old), zone) if old else None,
                    new_expiry=Expiry(dt.datetime.fromisoformat(r["new_expiry_local"]), zone),
                    period=r["period"],
                    receipt_id=r["receipt_id"],
                )
            )
        return result
