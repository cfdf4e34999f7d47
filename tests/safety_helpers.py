"""Shared by the data-safety tests: put cards, receipts and attachments in a store."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

from companion.domain.money import Money
from companion.domain.receipt import Receipt
from companion.store.database import transaction
from companion.store.receipts_repo import ReceiptsRepo

PAID = dt.datetime(2026, 11, 20, 12, 30, tzinfo=dt.UTC)


def add_card(conn: sqlite3.Connection, label: str = "MTS tourist SIM") -> int:
    with transaction(conn):
        cur = conn.execute(
            "INSERT INTO cards (label, kind, created_utc, updated_utc) VALUES (?, 'sim', ?, ?)",
            (label, "2026-11-20T00:00:00+00:00", "2026-11-20T00:00:00+00:00"),
        )
    assert cur.lastrowid is not None
    return cur.lastrowid


def add_receipt(conn: sqlite3.Connection, notes: str = "", minor: int = 50000) -> int:
    receipt = Receipt(
        paid_at=PAID,
        paid_zone="Europe/Moscow",
        amount=Money(minor, "RUB"),
        method="sbp",
        notes=notes,
        reference=notes[:50],
    )
    with transaction(conn):
        return ReceiptsRepo(conn).insert(receipt, PAID)


def add_attachment(attachments: Path, content: bytes, ext: str = "jpg") -> Path:
    digest = hashlib.sha256(content).hexdigest()
    path = attachments / digest[:2] / f"{digest}.{ext}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def count(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
