"""Every schema version has a database kept as it was written (tests/data/
schema_vN.sql), and each one opens in the app of today: migrated to the
latest version, shaped exactly like a new database, with its user's data.

Why a fixture per version: a migration is tested against a database the old
app really wrote, not one the new code imagines; the fixture of the newest
version is kept now so the next migration has its old database ready.
docs/architecture.md says how to add one.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from companion.paths import data_paths
from companion.services import cards as cards_service
from companion.services.context import open_context
from companion.store.migrations import LATEST_VERSION

DATA = Path(__file__).parent / "data"
FIXTURES = {int(m.group(1)): p for p in DATA.glob("schema_v*.sql")
            if (m := re.fullmatch(r"schema_v(\d+)\.sql", p.name))}
#: Tables of the user's own data: no migration may lose a row of them.
KEPT = ("cards", "receipts", "renewals", "attachments", "receipt_attachments", "card_timers")


def _load(version: int, root: Path) -> sqlite3.Connection:
    paths = data_paths(root)
    paths.ensure()
    raw = sqlite3.connect(paths.database)
    raw.executescript(FIXTURES[version].read_text("utf-8"))
    assert raw.execute("PRAGMA user_version").fetchone()[0] == version
    return raw


def _schema(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    return conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    ).fetchall()


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in KEPT
            if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (t,)).fetchone()}


def test_a_database_is_kept_for_every_schema_version() -> None:
    assert sorted(FIXTURES) == list(range(1, LATEST_VERSION + 1))


@pytest.mark.parametrize("version", sorted(FIXTURES))
def test_each_kept_database_opens_migrated_with_its_data(
    version: int, tmp_path: Path, clock: Any
) -> None:
    fresh = open_context(data_paths(tmp_path / "fresh"), clock=clock)
    try:
        new_schema = _schema(fresh.conn)
    finally:
        fresh.close()
    raw = _load(version, tmp_path / "old")
    before = _counts(raw)
    labels = sorted(r[0] for r in raw.execute(
        "SELECT label FROM cards WHERE deleted_utc IS NULL AND archived = 0"))
    raw.close()
    assert before.get("cards") and before.get("receipts") is not None

    ctx = open_context(data_paths(tmp_path / "old"), clock=clock)
    try:
        conn = ctx.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        assert _schema(conn) == new_schema
        assert {t: n for t, n in _counts(conn).items() if t in before} == before
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert sorted(c.label for c in cards_service.list_cards(ctx)) == labels
        backups = list((tmp_path / "old" / "backups").glob(f"pre-migration-v{version}-*"))
        assert bool(backups) == (version < LATEST_VERSION)
    finally:
        ctx.close()
