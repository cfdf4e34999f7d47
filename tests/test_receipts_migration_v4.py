"""A database written by schema version 3 (tests/data/schema_v3.sql) opens,
is copied first, and loses the two receipt indexes no query needs
(receipts_amount, receipts_duplicate), which every big delete and Undo
re-made; the queries that read them before give the same answers after."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from companion.domain.receipt_query import SORT_KEYS, ReceiptFilter, ReceiptSort
from companion.paths import data_paths
from companion.services.context import open_context
from companion.store.migrations import LATEST_VERSION
from companion.store.receipts_repo import ReceiptsRepo, order_by

FIXTURE = Path(__file__).parent / "data" / "schema_v3.sql"
DROPPED = ("receipts_amount", "receipts_duplicate")


def _indexes(conn: sqlite3.Connection) -> set[str]:
    return {
        str(r[0])
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'receipts'"
        )
    }


def _orders(conn: sqlite3.Connection) -> dict[tuple[str, bool], list[int]]:
    """The ids of the whole log in every sort, as the log's page query orders them."""
    return {
        (key, descending): [
            int(r[0])
            for r in conn.execute(
                "SELECT r.id FROM receipts r LEFT JOIN cards c ON c.id = r.card_id "
                f"ORDER BY {order_by(ReceiptSort(key, descending))}"
            )
        ]
        for key in SORT_KEYS
        for descending in (False, True)
    }


def test_a_version_3_database_loses_the_unused_indexes(tmp_path: Path, clock: Any) -> None:
    paths = data_paths(tmp_path / "data")
    paths.ensure()
    raw = sqlite3.connect(paths.database)
    raw.executescript(FIXTURE.read_text("utf-8"))
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 3
    assert set(DROPPED) <= _indexes(raw)
    orders = _orders(raw)
    keys = {
        tuple(r)
        for r in raw.execute("SELECT paid_utc, amount_minor, currency, reference FROM receipts")
    }
    rows = raw.execute("SELECT * FROM receipts ORDER BY id").fetchall()
    raw.close()
    assert keys and rows

    ctx = open_context(paths, clock=clock)
    try:
        conn = ctx.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION >= 4
        assert list((paths.root / "backups").glob("pre-migration-v3-*.sqlite3"))
        left = _indexes(conn)
        assert not set(DROPPED) & left
        assert "receipts_currency_amount" in left
        assert [tuple(r) for r in conn.execute("SELECT * FROM receipts ORDER BY id")] == [
            tuple(r) for r in rows
        ]
        assert _orders(conn) == orders
        repo = ReceiptsRepo(conn)
        assert repo.duplicate_keys() == keys
        assert repo.count(ReceiptFilter()) == len(rows)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        ctx.close()
