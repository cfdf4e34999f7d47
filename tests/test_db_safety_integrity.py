"""Index damage the start-up quick_check misses is found by the full
integrity_check: in the background once the window is up, and before every
backup; the user is offered the newest sound backup, and nothing is lost."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from safety_helpers import add_card, count

from companion.paths import DataPaths, data_paths
from companion.services.context import AppContext, open_context
from companion.services.data_safety.integrity import newest_sound_backup
from companion.store.backups import BackupFolder, quick_check
from companion.store.database import DatabaseDamaged, integrity_problem, open_database

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)


def damage_an_index(database: Path) -> None:
    """Make the cards_expiry index disagree with its table: quick_check still
    passes (it does not compare an index with its table), integrity_check fails."""
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_schema SET sql = 'CREATE INDEX cards_expiry ON cards (label, expiry_utc)'"
        " WHERE name = 'cards_expiry'"
    )
    conn.commit()
    conn.execute("PRAGMA writable_schema = OFF")
    conn.close()
    check = sqlite3.connect(database)
    try:
        assert quick_check(check) is None
        assert integrity_problem(check) is not None
    finally:
        check.close()


def _data_with_a_backup(root: Path, cards: int = 3) -> DataPaths:
    paths = data_paths(root)
    paths.ensure()
    conn = open_database(paths.database)
    for n in range(cards):
        add_card(conn, f"card {n}")
    BackupFolder(paths.backups).create(conn, NOW - dt.timedelta(days=1), "daily")
    add_card(conn, "added after the backup")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return paths


@pytest.fixture
def damaged(tmp_path: Path) -> Iterator[AppContext]:
    paths = _data_with_a_backup(tmp_path / "data")
    damage_an_index(paths.database)
    context = open_context(paths, clock=lambda: NOW)
    yield context
    context.close()


def test_a_backup_of_a_damaged_file_is_refused(damaged: AppContext) -> None:
    folder = BackupFolder(damaged.paths.backups)
    before = folder.entries()
    for kind in ("daily", "manual"):
        with pytest.raises(DatabaseDamaged):
            folder.create(damaged.conn, NOW, kind)
    assert folder.entries() == before  # the good backups stay in the rotation
    # The copy kept before a restore is made all the same: nothing is lost.
    kept = folder.create(damaged.conn, NOW, "pre-restore")
    assert kept.path.is_file()


def test_the_newest_sound_backup_skips_a_damaged_one(damaged: AppContext) -> None:
    folder = BackupFolder(damaged.paths.backups)
    good = folder.entries()[0]
    damaged_copy = folder.create(damaged.conn, NOW, "pre-restore")
    assert folder.entries()[0] == damaged_copy
    assert newest_sound_backup(damaged.paths) == good


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_window_offers_the_backup_and_restores_it(qtbot: Any, damaged: AppContext) -> None:
    from PySide6.QtWidgets import QMessageBox

    from companion.ui.shell.app import restore_backup
    from companion.ui.shell.integrity_watch import IntegrityWatch
    from companion.ui.shell.main_window import MainWindow

    window = MainWindow(damaged)
    qtbot.addWidget(window)
    window.show()
    watch = IntegrityWatch(damaged, window, lambda b: restore_backup(window, b.path))
    job = watch.start()
    qtbot.waitUntil(lambda: watch.box is not None and watch.box.isVisible(), timeout=10_000)
    assert job.ended.is_set()
    box = watch.box
    assert box is not None
    assert "found damage" in box.text() and "cards_expiry" in box.text()
    assert str(damaged.paths.database) in box.text()
    restore = next(b for b in box.buttons() if "Restore" in b.text())
    restore.click()
    qtbot.waitUntil(lambda: integrity_problem(damaged.conn) is None, timeout=10_000)
    assert count(damaged.conn, "cards") == 3  # the backup's cards
    # The damaged data was kept as a backup first: nothing is lost.
    kinds = [b.kind for b in BackupFolder(damaged.paths.backups).entries()]
    assert "pre-restore" in kinds
    for dialog in window.findChildren(QMessageBox):
        dialog.close()


@pytest.fixture
def sound(tmp_path: Path) -> Iterator[AppContext]:
    context = open_context(_data_with_a_backup(tmp_path / "data"), clock=lambda: NOW)
    yield context
    context.close()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_sound_file_asks_nothing(qtbot: Any, sound: AppContext) -> None:
    from companion.ui.shell.integrity_watch import IntegrityWatch
    from companion.ui.shell.main_window import MainWindow

    window = MainWindow(sound)
    qtbot.addWidget(window)
    watch = IntegrityWatch(sound, window, lambda _b: None)
    job = watch.start()
    qtbot.waitUntil(job.ended.is_set, timeout=10_000)
    qtbot.wait(50)
    assert watch.box is None and watch.problem is None


@pytest.mark.slow
def test_companion_backup_refuses_a_damaged_file(tmp_path: Path) -> None:
    from test_db_safety_commands import _command

    paths = _data_with_a_backup(tmp_path / "data")
    damage_an_index(paths.database)
    result = _command(paths.root, ["backup", str(tmp_path / "out.zip")])
    assert result.returncode == 1, result.stderr
    assert "Your data file is damaged" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.zip").exists()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_check_that_cannot_run_is_not_called_damage(qtbot: Any, sound: AppContext) -> None:
    from companion.ui.shell.integrity_watch import IntegrityWatch
    from companion.ui.shell.main_window import MainWindow

    window = MainWindow(sound)
    qtbot.addWidget(window)
    watch = IntegrityWatch(sound, window, lambda _b: None)
    busy = sqlite3.OperationalError("database is locked")
    busy.sqlite_errorcode = sqlite3.SQLITE_BUSY  # type: ignore[attr-defined]
    watch._failed(busy)
    assert watch.box is None
    corrupt = sqlite3.DatabaseError("database disk image is malformed")
    corrupt.sqlite_errorcode = sqlite3.SQLITE_CORRUPT  # type: ignore[attr-defined]
    watch._failed(corrupt)
    assert watch.box is not None and "found damage" in watch.box.text()
    watch.box.close()


def test_the_daily_backup_of_a_damaged_file_asks_for_recovery(
    qtbot: Any, damaged: AppContext
) -> None:
    from companion.ui.settings.backup_schedule import DailyBackups

    told: list[str] = []
    daily = DailyBackups(damaged, None, on_damage=told.append)
    before = BackupFolder(damaged.paths.backups).entries()
    daily.check()
    assert daily.job is not None
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    assert "cards_expiry" in told[0]
    assert BackupFolder(damaged.paths.backups).entries() == before


def test_the_same_damage_at_the_hourly_check_asks_only_once(
    qtbot: Any, damaged: AppContext
) -> None:
    from companion.services.data_safety.daily_backup_status import daily_status
    from companion.ui.settings.backup_schedule import DailyBackups

    told: list[str] = []
    daily = DailyBackups(damaged, None, on_damage=told.append)
    for _hour in range(3):
        daily.check()
        assert daily.job is not None
        qtbot.waitUntil(daily.job.ended.is_set, timeout=10_000)
        qtbot.waitUntil(lambda: daily_status(damaged).failure is not None, timeout=10_000)
        qtbot.wait(50)
    assert len(told) == 1
    failure = daily_status(damaged).failure
    assert failure is not None and failure.problem.fault == "damaged"
