"""A database written by schema version 2 (tests/data/schema_v2_receipts.sql) opens,
is copied first, gains the index that sorts by currency then amount, and
the log sorted by amount reads it in order with every receipt kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from companion.domain.receipt_query import ReceiptFilter, ReceiptSort
from companion.paths import data_paths
from companion.services.context import open_context
from companion.store.migrations import LATEST_VERSION
from companion.store.receipts_repo import ReceiptsRepo, order_by

FIXTURE = Path(__file__).parent / "data" / "schema_v2_receipts.sql"


def _v2_data_dir(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    paths = data_paths(root)
    paths.ensure()
    raw = sqlite3.connect(paths.database)
    raw.executescript(FIXTURE.read_text("utf-8"))
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 2
    assert not raw.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'receipts_currency_amount'"
    ).fetchone()
    raw.close()
    return root


def test_a_version_2_database_is_migrated(tmp_path: Path, clock: Any) -> None:
    root = _v2_data_dir(tmp_path)
    ctx = open_context(data_paths(root), clock=clock)
    try:
        assert ctx.conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION >= 3
        assert list((root / "backups").glob("pre-migration-v2-*.sqlite3"))
        repo = ReceiptsRepo(ctx.conn)
        rows = repo.page(ReceiptFilter(), ReceiptSort("amount", descending=False), 0, 100)
        shown = [(r.receipt.amount.currency, r.receipt.amount.minor) for r in rows]
        assert shown == [
            ("CNY", 6660),
            ("EUR", 1000),
            ("JPY", 1000),
            ("JPY", 500000),
            ("KWD", 1234),
            ("RUB", 100),
            ("RUB", 35050),
            ("RUB", 99900),
        ]
        assert [r.attachment_count for r in rows if r.receipt.reference == "A5"] == [1]
        assert ctx.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        ctx.close()


def test_sort_by_amount_reads_the_index_in_order(ctx: Any) -> None:
    """No temporary b-tree: each page of the log sorted by amount, either
    way, is read from receipts_currency_amount in order."""
    for descending in (False, True):
        order = order_by(ReceiptSort("amount", descending=descending))
        plan = " | ".join(
            str(row[3])
            for row in ctx.conn.execute(
                f"EXPLAIN QUERY PLAN SELECT r.id FROM receipts r ORDER BY {order} LIMIT 200"
            )
        )
        assert "receipts_currency_amount" in plan
        assert "TEMP B-TREE" not in plan
