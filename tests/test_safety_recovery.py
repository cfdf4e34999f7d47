"""Start-up recovery, storage errors, logs and crash reports."""

from __future__ import annotations

import errno
import logging
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pytest
from safety_helpers import add_receipt, count

from companion.paths import data_paths
from companion.services import crash_reports
from companion.services.app_log import close_logging, log, setup_logging
from companion.services.context import open_context
from companion.services.data_safety import recovery, startup_check
from companion.store.backups import BackupFolder


def _damage(db: Path) -> None:
    raw = bytearray(db.read_bytes())
    # Keep the header, scribble over the schema and data pages.
    raw[100:8192] = b"\xa5" * (8192 - 100)
    db.write_bytes(bytes(raw))


def _make_data_with_backup(data_dir: Path, clock: Any) -> None:
    ctx = open_context(data_paths(data_dir), clock=clock)
    add_receipt(ctx.conn, "proof of payment")
    BackupFolder(ctx.paths.backups).create(ctx.conn, clock(), "daily")
    ctx.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ctx.close()


def test_damaged_database_is_detected_and_restored_from_backup(data_dir: Path, clock: Any) -> None:
    _make_data_with_backup(data_dir, clock)
    paths = data_paths(data_dir)
    assert startup_check.database_problem(paths) is None
    _damage(paths.database)
    damaged_bytes = paths.database.read_bytes()

    detail = startup_check.database_problem(paths)
    assert detail is not None
    chosen = recovery.best(recovery.candidates(paths))
    assert chosen is not None
    backup = chosen.info
    text = recovery.damaged_text(paths, detail, backup, "24 Nov 2026")
    assert "damaged" in text and "24 Nov 2026" in text and str(paths.database) in text

    aside = recovery.restore_backup_file(paths, backup, clock())
    assert aside.read_bytes() == damaged_bytes  # kept, not overwritten
    assert startup_check.database_problem(paths) is None
    ctx = open_context(paths, clock=clock)
    try:
        assert ctx.conn.execute("SELECT notes FROM receipts").fetchone()[0] == "proof of payment"
    finally:
        ctx.close()


def test_without_backup_starting_fresh_keeps_the_damaged_file(data_dir: Path, clock: Any) -> None:
    paths = data_paths(data_dir)
    paths.ensure()
    paths.database.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84 + b"\xee" * 4000)
    assert startup_check.database_problem(paths) is not None
    assert recovery.best(recovery.candidates(paths)) is None
    text = recovery.damaged_text(paths, "malformed", None, "")
    assert "No good backup" in text
    aside = recovery.set_aside(paths, clock())
    assert aside.exists() and not paths.database.exists()
    ctx = open_context(paths, clock=clock)
    assert count(ctx.conn, "receipts") == 0
    ctx.close()


def test_damaged_backups_are_skipped(data_dir: Path, clock: Any) -> None:
    _make_data_with_backup(data_dir, clock)
    paths = data_paths(data_dir)
    newer = paths.backups / "companion-manual-20270101T000000Z.sqlite3"
    newer.write_bytes(b"not a database at all" * 100)
    good = recovery.best(recovery.candidates(paths))
    assert good is not None and good.info.path != newer


def test_read_only_folder_is_told_and_nothing_is_written(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = data_paths(data_dir)
    paths.root.mkdir(parents=True)

    def refuse(*_a: Any, **_k: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    problem = startup_check.check_folder(paths)
    assert problem is not None and problem.kind == "read_only"
    assert "read-only" in problem.message and str(paths.root) in problem.message
    assert list(paths.root.iterdir()) == []


def test_disk_full_is_told(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    paths = data_paths(data_dir)

    def full(*_a: Any, **_k: Any) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    problem = startup_check.check_folder(paths)
    assert problem is not None and problem.kind == "disk_full"
    assert "full" in problem.message
    assert [p.name for p in paths.root.iterdir()] == []  # test file removed


def test_writable_folder_passes(data_dir: Path) -> None:
    assert startup_check.check_folder(data_paths(data_dir)) is None
    assert list(data_dir.iterdir()) == []


def test_failed_write_leaves_nothing_half_written(ctx: Any) -> None:
    from companion.store.database import transaction

    add_receipt(ctx.conn, "before")
    with pytest.raises(sqlite3.IntegrityError), transaction(ctx.conn):
        ctx.conn.execute("INSERT INTO cards (label, kind, created_utc, updated_utc) "
                         "VALUES ('half', 'sim', 'x', 'x')")
        ctx.conn.execute("INSERT INTO receipts (amount_minor) VALUES (-1)")
    assert count(ctx.conn, "cards") == 0


def test_log_file_rotates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from companion.services import app_log

    monkeypatch.setattr(app_log, "MAX_BYTES", 2000)
    path = setup_logging(tmp_path / "logs")
    try:
        assert path == tmp_path / "logs" / "companion.log"
        for i in range(200):
            log.info("line %d %s", i, "x" * 50)
        names = sorted(p.name for p in (tmp_path / "logs").iterdir())
        assert names == ["companion.log"] + [
            f"companion.log.{n}" for n in range(1, app_log.BACKUP_COUNT + 1)
        ]
        newest_old = (tmp_path / "logs" / "companion.log.1").read_text(encoding="utf-8")
        current = (tmp_path / "logs" / "companion.log").read_text(encoding="utf-8")
        assert "line 199 " in current and "line 199 " not in newest_old
        assert all(p.stat().st_size <= 2200 for p in (tmp_path / "logs").iterdir())
    finally:
        close_logging()
    assert not [h for h in logging.getLogger("companion").handlers if getattr(h, "_companion", 0)]


def test_crash_trace_is_offered_at_next_start(tmp_path: Path, clock: Any) -> None:
    import subprocess
    import sys

    crash_dir = tmp_path / "crash"
    script = (
        "import faulthandler, sys\n"
        "from pathlib import Path\n"
        "from companion.services import crash_reports\n"
        "crash_reports.enable(Path(sys.argv[1]))\n"
        "faulthandler._sigsegv()\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(crash_dir)], capture_output=True)
    assert proc.returncode != 0
    report = crash_reports.harvest(crash_dir, clock())
    assert report is not None and report.name.startswith("crash-")
    assert "Fatal Python error" in report.read_text()
    # A clean run (in its own process: pytest keeps its own faulthandler) leaves nothing.
    clean = (
        "import sys\n"
        "from pathlib import Path\n"
        "from companion.services import crash_reports\n"
        "d = Path(sys.argv[1])\n"
        "crash_reports.disable(crash_reports.enable(d), d)\n"
    )
    subprocess.run([sys.executable, "-c", clean, str(crash_dir)], check=True)
    assert crash_reports.harvest(crash_dir, clock()) is None
    assert [p.name for p in crash_dir.iterdir()] == [report.name]


def test_the_start_up_check_on_a_thread_gives_the_same_answers(
    data_dir: Path, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _make_data_with_backup(data_dir, clock)
    paths = data_paths(data_dir)
    assert startup_check.DatabaseCheck(paths).result() is None
    _damage(paths.database)
    assert startup_check.DatabaseCheck(paths).result() == startup_check.database_problem(paths)

    def broken(_paths: object) -> str | None:
        raise PermissionError("no access")

    monkeypatch.setattr(startup_check, "database_problem", broken)
    with pytest.raises(PermissionError):
        startup_check.DatabaseCheck(paths).result()  # raised where the result is read
