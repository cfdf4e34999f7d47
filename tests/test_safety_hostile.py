"""Hostile text in every receipt field survives the store and the archive, and
the headless commands work without Qt."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.domain.money import Money
from companion.domain.receipt import Receipt
from companion.paths import data_paths
from companion.services.context import open_context
from companion.services.data_safety.archive import export_archive, import_archive
from companion.store.database import transaction
from companion.store.receipts_repo import ReceiptsRepo

NASTY = [
    "x" * 100_000,
    "💳🇷🇺👨‍👩‍👧‍👦 top-up ✅",
    "שלום עולם مرحبا \u202e reversed \u202c",
    "ctrl \x00 \x01 \x07 \x1b[31m \r\n\t end",
    "<b>bold</b><img src=x onerror=alert(1)><script>alert(1)</script>",
    "'; DROP TABLE receipts; --",
    "\ud7ff\ue000\U0010ffff",
]
PAID = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)


def _receipt(text: str) -> Receipt:
    return Receipt(
        paid_at=PAID, paid_zone="Europe/Moscow", amount=Money(100, "RUB"), method="other",
        plan_name=text, reference=text, code=text, vendor=text, notes=text,
    )


def _fields(r: Receipt) -> tuple[str, ...]:
    return (r.plan_name, r.reference, r.code, r.vendor, r.notes)


def test_nasty_text_round_trips_through_store_and_archive(ctx: Any, tmp_path: Path) -> None:
    repo = ReceiptsRepo(ctx.conn)
    with transaction(ctx.conn):
        ids = [repo.insert(_receipt(text), PAID) for text in NASTY]
    for rid, text in zip(ids, NASTY, strict=True):
        got = repo.get(rid)
        assert got is not None and _fields(got) == (text,) * 5
    assert ctx.conn.execute("SELECT count(*) FROM cards").fetchone()[0] == 0

    archive = tmp_path / "nasty.zip"
    export_archive(ctx.conn, ctx.paths, archive, PAID)
    other = open_context(data_paths(tmp_path / "elsewhere"))
    try:
        import_archive(other.conn, other.paths, archive, PAID)
        other_repo = ReceiptsRepo(other.conn)
        for rid, text in zip(ids, NASTY, strict=True):
            got = other_repo.get(rid)
            assert got is not None and _fields(got) == (text,) * 5
    finally:
        other.close()


_text = st.text(
    st.characters(blacklist_categories=("Cs",)), max_size=300
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_text)
def test_any_text_is_stored_exactly(ctx: Any, text: str) -> None:
    repo = ReceiptsRepo(ctx.conn)
    with transaction(ctx.conn):
        rid = repo.insert(_receipt(text), PAID)
    got = repo.get(rid)
    assert got is not None and _fields(got) == (text,) * 5


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys\n"
        "from companion.cli import main\n"
        "rc = main(sys.argv[1:])\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'\n"
        "raise SystemExit(rc)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "LANG": "en_US.UTF-8", "LANGUAGE": "en"},
        cwd=Path(__file__).resolve().parents[1],
    )


def test_cli_backup_and_restore_without_qt(ctx: Any, tmp_path: Path) -> None:
    ReceiptsRepo(ctx.conn)
    with transaction(ctx.conn):
        ReceiptsRepo(ctx.conn).insert(_receipt("cli"), PAID)
    archive = tmp_path / "cli.zip"
    done = _cli("--data-dir", str(ctx.paths.root), "backup", str(archive))
    assert done.returncode == 0, done.stderr
    assert "0 cards, 1 receipt and 0 attachments" in done.stdout and archive.is_file()

    target = tmp_path / "restored"
    done = _cli("--data-dir", str(target), "restore", str(archive))
    assert done.returncode == 0, done.stderr
    assert "Restored 0 cards and 1 receipt." in done.stdout
    restored = open_context(data_paths(target))
    try:
        got = ReceiptsRepo(restored.conn).get(1)
        assert got is not None and got.notes == "cli"
    finally:
        restored.close()


def test_cli_restore_refuses_a_bad_archive(tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 broken")
    done = _cli("--data-dir", str(tmp_path / "d"), "restore", str(bad))
    assert done.returncode == 2
    assert "Nothing was imported" in done.stderr
    assert not (tmp_path / "d").exists()
