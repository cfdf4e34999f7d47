"""A journal (-wal) that does not belong to the database is set aside, never
replayed over it; one a crash left is applied; a clean exit leaves none; a
replaced database never meets its predecessor's journal; abandoned work
folders are removed at start."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from safety_helpers import add_card

from companion.paths import DataPaths, data_paths
from companion.services import data_folder, folder_lock
from companion.services.context import open_context
from companion.store import wal_guard
from companion.store.database import backup_copy

ROOT = Path(__file__).resolve().parents[1]
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)


def _crash_after(root: Path, labels: list[str]) -> None:
    """A real app session on ``root`` (lock, start, writes) killed by SIGKILL."""
    script = (
        "import os, signal, sys\n"
        "sys.path.insert(0, 'tests')\n"
        "from pathlib import Path\n"
        "from companion.paths import data_paths\n"
        "from companion.services import data_folder, folder_lock\n"
        "from companion.services.context import open_context, system_clock\n"
        "from safety_helpers import add_card\n"
        f"paths = data_paths({str(root)!r})\n"
        "assert folder_lock.hold(paths.root)\n"
        "data_folder.prepare(paths, system_clock())\n"
        "ctx = open_context(paths)\n"
        f"for label in {labels!r}:\n"
        "    add_card(ctx.conn, label)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=False, timeout=60)
    assert result.returncode == -9
    wal = Path(f"{data_paths(root).database}-wal")
    assert wal.stat().st_size > 0  # the cards are only in the journal


def _clean_session(root: Path, labels: list[str]) -> DataPaths:
    paths = data_paths(root)
    assert folder_lock.hold(paths.root)
    try:
        data_folder.prepare(paths, NOW)
        ctx = open_context(paths)
        for label in labels:
            add_card(ctx.conn, label)
        ctx.close()
    finally:
        folder_lock.let_go(paths.root)
    return paths


def _start(paths: DataPaths) -> tuple[data_folder.Prepared, list[str]]:
    """What the next start does: lock, prepare, open; the card labels it finds."""
    assert folder_lock.hold(paths.root)
    try:
        prepared = data_folder.prepare(paths, NOW)
        ctx = open_context(paths)
        labels = [r[0] for r in ctx.conn.execute("SELECT label FROM cards ORDER BY id")]
        ctx.close()
    finally:
        folder_lock.let_go(paths.root)
    return prepared, labels


def _not_applied(paths: DataPaths) -> list[Path]:
    return sorted(paths.root.glob("companion.sqlite3-wal.not-applied-*"))


@pytest.mark.slow
def test_the_journal_a_crash_left_is_applied(tmp_path: Path) -> None:
    paths = _clean_session(tmp_path / "d", ["before"])
    _crash_after(paths.root, ["after the crash"])
    prepared, labels = _start(paths)
    assert prepared.wal_set_aside is None
    assert labels == ["before", "after the crash"]
    assert _not_applied(paths) == []


@pytest.mark.slow
def test_a_journal_from_another_copy_is_set_aside(tmp_path: Path) -> None:
    paths = _clean_session(tmp_path / "d", ["old computer"])
    _crash_after(paths.root, ["only in the journal"])
    other = _clean_session(tmp_path / "other", ["mine 1", "mine 2"])
    # The user puts the other computer's data file in place; the journal stays.
    shutil.copyfile(other.database, paths.database)
    journal = Path(f"{paths.database}-wal").read_bytes()
    prepared, labels = _start(paths)
    assert labels == ["mine 1", "mine 2"]  # the copy's own data, untouched
    assert prepared.wal_set_aside is not None
    assert _not_applied(paths) == [prepared.wal_set_aside]
    assert prepared.wal_set_aside.read_bytes() == journal  # kept, not deleted
    assert "did not belong" in data_folder.wal_set_aside_text(prepared.wal_set_aside)


@pytest.mark.slow
def test_a_journal_beside_an_older_copy_is_set_aside(tmp_path: Path) -> None:
    paths = _clean_session(tmp_path / "d", ["first"])
    older = tmp_path / "older.sqlite3"
    shutil.copyfile(paths.database, older)
    _clean_session(paths.root, ["second"])
    _crash_after(paths.root, ["third, in the journal"])
    shutil.copyfile(older, paths.database)  # an older copy put back by hand
    prepared, labels = _start(paths)
    assert labels == ["first"]
    assert prepared.wal_set_aside is not None


def _journal_of_page_size(folder: Path, page_size: int) -> Path:
    folder.mkdir()
    db = folder / "x.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute(f"PRAGMA page_size = {page_size}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES ('from elsewhere')")
    copy = folder / "copy-wal"
    shutil.copyfile(f"{db}-wal", copy)
    conn.close()
    return copy


def test_a_journal_of_another_page_size_is_set_aside(tmp_path: Path) -> None:
    paths = _clean_session(tmp_path / "d", ["kept"])
    shutil.copyfile(_journal_of_page_size(tmp_path / "x", 8192), f"{paths.database}-wal")
    reason = wal_guard.foreign_reason(paths.database)
    assert reason is not None and "page size" in reason
    prepared, labels = _start(paths)
    assert labels == ["kept"] and prepared.wal_set_aside is not None


def test_a_journal_sqlite_would_ignore_is_left_alone(tmp_path: Path) -> None:
    paths = _clean_session(tmp_path / "d", ["kept"])
    wal = Path(f"{paths.database}-wal")
    for content in (b"", b"\0" * 32, b"garbage" * 1000):
        wal.write_bytes(content)
        assert wal_guard.read_wal(wal) is None
        assert wal_guard.foreign_reason(paths.database) is None
    good = _journal_of_page_size(tmp_path / "x", 4096).read_bytes()
    broken = bytearray(good)
    broken[40] ^= 0xFF  # the first frame's page no longer matches its checksum
    wal.write_bytes(bytes(broken))
    assert wal_guard.read_wal(wal) is None
    info = wal_guard.read_wal(_journal_of_page_size(tmp_path / "y", 4096))
    assert info is not None and info.page_size == 4096 and info.committed_frames >= 1


def test_a_clean_exit_leaves_no_journal(tmp_path: Path) -> None:
    paths = _clean_session(tmp_path / "d", ["a", "b"])
    wal = Path(f"{paths.database}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    note = wal_guard.read_note(paths.database)
    assert note is not None and note["state"] == wal_guard.CLEAN
    assert note["size"] == paths.database.stat().st_size
    # The file alone holds everything.
    conn = sqlite3.connect(f"{paths.database.as_uri()}?mode=ro&immutable=1", uri=True)
    assert conn.execute("SELECT count(*) FROM cards").fetchone()[0] == 2
    conn.close()


def test_a_replaced_file_never_meets_the_old_journal(tmp_path: Path) -> None:
    source = sqlite3.connect(tmp_path / "source.sqlite3")
    source.execute("CREATE TABLE t (x)")
    source.execute("INSERT INTO t VALUES ('the backup')")
    source.commit()
    target = tmp_path / "target.sqlite3"
    target.write_bytes(b"")
    shutil.copyfile(_journal_of_page_size(tmp_path / "x", 4096), f"{target}-wal")
    Path(f"{target}-shm").write_bytes(b"\0" * 32768)
    backup_copy(source, target)
    source.close()
    assert not Path(f"{target}-wal").exists() and not Path(f"{target}-shm").exists()
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT x FROM t").fetchall() == [("the backup",)]
    conn.close()


@pytest.mark.slow
def test_a_command_tells_about_the_journal_it_set_aside(tmp_path: Path) -> None:
    paths = _clean_session(tmp_path / "d", ["old"])
    _crash_after(paths.root, ["journal"])
    other = _clean_session(tmp_path / "other", ["mine"])
    shutil.copyfile(other.database, paths.database)
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "LANGUAGE": "en"}
    result = subprocess.run(
        [sys.executable, "-m", "companion", "--data-dir", str(paths.root), "reminders", "--peek"],
        capture_output=True, text=True, timeout=60, check=False, env=env, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "did not belong to it" in result.stderr
    assert len(_not_applied(paths)) == 1
    conn = sqlite3.connect(paths.database)
    assert [r[0] for r in conn.execute("SELECT label FROM cards")] == ["mine"]
    conn.close()


def _age(path: Path, minutes: float) -> None:
    then = time.time() - minutes * 60
    for item in [path, *path.rglob("*")] if path.is_dir() else [path]:
        os.utime(item, (then, then))


def test_abandoned_work_is_removed_at_start(tmp_path: Path) -> None:
    paths = _clean_session(tmp_path / "d", ["kept"])
    killed = paths.root / ".export-abc123"
    killed.mkdir()
    shutil.copyfile(paths.database, killed / "companion.sqlite3")
    part = paths.root / "travel-card-companion-2026-11-20.zip.part"
    part.write_bytes(b"PK" + b"\0" * 1000)
    staging = paths.root / ".import-xyz"
    (staging / "attachments").mkdir(parents=True)
    backup_part = paths.backups / "companion-daily-20261120T000000Z.sqlite3.part"
    backup_part.write_bytes(b"half a backup")
    (paths.attachments / "ab").mkdir(parents=True, exist_ok=True)
    attachment_part = paths.attachments / "ab" / "abcdef.jpg.part"
    attachment_part.write_bytes(b"half a photo")
    outside = tmp_path / "outside"  # reached only through a link: never touched
    outside.mkdir()
    (outside / "theirs.part").write_bytes(b"not ours")
    _age(outside / "theirs.part", 60)
    (paths.attachments / "zz").symlink_to(outside, target_is_directory=True)
    for item in (killed, part, staging, backup_part, attachment_part):
        _age(item, 60)
    live = paths.root / ".export-live"  # another process is writing it now
    live.mkdir()
    (live / "companion.sqlite3").write_bytes(b"being written")
    prepared, labels = _start(paths)
    assert labels == ["kept"]
    assert sorted(prepared.removed) == sorted(
        [killed, part, staging, backup_part, attachment_part]
    )
    for item in (killed, part, staging, backup_part, attachment_part):
        assert not item.exists()
    assert (outside / "theirs.part").exists()
    assert live.is_dir()
    assert paths.database.exists() and (paths.root / ".lock").exists()


def test_preparing_needs_the_lock(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        data_folder.prepare(data_paths(tmp_path / "d"), NOW)


@pytest.mark.slow
def test_the_window_tells_about_the_journal_it_set_aside(tmp_path: Path) -> None:
    paths = _clean_session(tmp_path / "d", ["old"])
    _crash_after(paths.root, ["journal"])
    other = _clean_session(tmp_path / "other", ["mine"])
    shutil.copyfile(other.database, paths.database)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LC_ALL": "ru_RU.UTF-8",
           "LANG": "ru_RU.UTF-8", "LANGUAGE": "ru"}
    result = subprocess.run(
        [sys.executable, "-m", "companion", "--smoke", "--data-dir", str(paths.root)],
        capture_output=True, text=True, timeout=60, check=False, env=env, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert '"window": "shown"' in result.stdout
    assert "не был применён" in result.stderr, result.stderr
    assert len(_not_applied(paths)) == 1
    log = (paths.log_dir / "companion.log").read_text(encoding="utf-8")
    assert "journal not applied" in log


def _as_a_crash_leaves_it(paths: DataPaths, into: Path) -> DataPaths:
    """Copy the live files (database, journal, note) as SIGKILL would leave them."""
    into.mkdir()
    for name in ("companion.sqlite3", "companion.sqlite3-wal", "companion.sqlite3-walbase"):
        if (paths.root / name).exists():
            shutil.copy2(paths.root / name, into / name)
    return data_paths(into)


def test_a_crash_after_a_restore_still_replays(tmp_path: Path) -> None:
    """A restore writes through the journal, and the data job's checkpoint
    after it keeps the note true: a crash afterwards still replays."""
    from companion.store.backups import BackupFolder, restore_into

    paths = _clean_session(tmp_path / "d", ["in the backup"])
    assert folder_lock.hold(paths.root)
    try:
        ctx = open_context(paths)
        backup = BackupFolder(paths.backups).create(ctx.conn, NOW, "manual")
        add_card(ctx.conn, "replaced by the restore")
        restore_into(ctx.conn, backup.path, BackupFolder(paths.backups), NOW)
        assert data_folder.settle(ctx.conn, paths)  # what every data job does last
        add_card(ctx.conn, "after the restore")
        crashed = _as_a_crash_leaves_it(paths, tmp_path / "crashed")
        ctx.close()
    finally:
        folder_lock.let_go(paths.root)
    prepared, labels = _start(crashed)
    assert prepared.wal_set_aside is None
    assert labels == ["in the backup", "after the restore"]


def test_mutated_journals_never_crash_the_guard(tmp_path: Path) -> None:
    """Seeded mutations of a real journal (bytes flipped, cut short, frames
    spliced): the guard reads each without an error, and whatever it lets
    SQLite apply opens as a database; a set-aside journal is kept whole."""
    import random

    from companion.store.database import open_database

    source = tmp_path / "source"
    source.mkdir()
    conn = open_database(source / "companion.sqlite3")
    for n in range(5):
        add_card(conn, f"card {n}")
    database = (source / "companion.sqlite3").read_bytes()
    journal = Path(f"{source / 'companion.sqlite3'}-wal").read_bytes()
    conn.close()
    assert wal_guard.read_wal(tmp_path / "none") is None
    rng = random.Random(18)
    outcomes = {"ignored": 0, "applied": 0, "set aside": 0}
    for case in range(240):
        data = bytearray(journal)
        kind = case % 4
        if kind == 0:
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif kind == 1:
            del data[rng.randrange(len(data)) :]
        elif kind == 2:
            frame = 24 + 4096
            start = 32 + frame * rng.randrange(max(1, (len(data) - 32) // frame))
            data[start : start + frame] = bytes(rng.randrange(256) for _ in range(frame))
        else:
            data[rng.randrange(32)] = rng.randrange(256)  # the header itself
        folder = tmp_path / f"case-{case}"
        folder.mkdir()
        db = folder / "companion.sqlite3"
        db.write_bytes(database)
        Path(f"{db}-wal").write_bytes(bytes(data))
        reason = wal_guard.foreign_reason(db)
        if reason is not None:
            aside = wal_guard.set_aside_wal(db, NOW)
            assert aside.read_bytes() == bytes(data)
            outcomes["set aside"] += 1
        elif wal_guard.read_wal(Path(f"{db}-wal")) is None:
            outcomes["ignored"] += 1
        else:
            outcomes["applied"] += 1
        check = sqlite3.connect(db)
        try:
            check.execute("PRAGMA schema_version").fetchone()
        finally:
            check.close()
        shutil.rmtree(folder)
    assert sum(outcomes.values()) == 240
    assert outcomes["ignored"] > 0 and outcomes["applied"] > 0
