"""The SQLite file: pragmas, the migration ladder and its refusals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from companion.domain.settings import Settings
from companion.store import database, migrations
from companion.store.database import DatabaseTooNew, DatabaseUnreadable, open_database
from companion.store.settings_repo import SettingsRepo


def test_new_database_is_migrated_with_safe_pragmas(tmp_path: Path) -> None:
    conn = open_database(tmp_path / "db.sqlite3", backup_dir=tmp_path / "backups")
    assert database.schema_version(conn) == migrations.LATEST_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == database.BUSY_TIMEOUT_MS
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"cards", "receipts", "attachments", "reminder_rules", "reminder_events",
            "settings"} <= tables
    # A fresh database has nothing to protect, so no pre-migration copy.
    assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").iterdir())


def test_database_from_a_newer_version_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE future (x)")
    raw.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 5}")
    raw.commit()
    raw.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNew) as info:
        open_database(path, backup_dir=tmp_path / "backups")
    assert info.value.found == migrations.LATEST_VERSION + 5
    assert path.read_bytes() == before
    assert not (tmp_path / "db.sqlite3-wal").exists()


def test_a_file_that_is_not_a_database_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseUnreadable):
        open_database(path)
    assert path.read_bytes() == b"this is not sqlite" * 100


def test_migration_takes_a_copy_first_and_applies_in_one_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.sqlite3"
    conn = open_database(path, backup_dir=tmp_path / "backups")
    conn.execute("INSERT INTO settings (key, value) VALUES ('k', '1')")
    conn.close()
    v2 = "ALTER TABLE settings ADD COLUMN note TEXT;\nCREATE TABLE extra (id INTEGER);"
    monkeypatch.setattr(database, "MIGRATIONS", [*migrations.MIGRATIONS, v2])
    monkeypatch.setattr(database, "LATEST_VERSION", len(migrations.MIGRATIONS) + 1)
    conn = open_database(path, backup_dir=tmp_path / "backups")
    assert database.schema_version(conn) == migrations.LATEST_VERSION + 1
    latest = migrations.LATEST_VERSION
    copies = list((tmp_path / "backups").glob(f"pre-migration-v{latest}-*.sqlite3"))
    assert len(copies) == 1
    old = sqlite3.connect(copies[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == latest
    assert old.execute("SELECT value FROM settings WHERE key='k'").fetchone()[0] == "1"


def test_a_failing_migration_leaves_the_previous_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.sqlite3"
    open_database(path).close()
    broken = "CREATE TABLE half (id INTEGER);\nTHIS IS NOT SQL;"
    monkeypatch.setattr(database, "MIGRATIONS", [*migrations.MIGRATIONS, broken])
    monkeypatch.setattr(database, "LATEST_VERSION", len(migrations.MIGRATIONS) + 1)
    with pytest.raises(DatabaseUnreadable):
        open_database(path, backup_dir=tmp_path / "backups")
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST_VERSION
    tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
    assert "half" not in tables


def test_settings_round_trip(tmp_path: Path) -> None:
    conn = open_database(tmp_path / "db.sqlite3")
    repo = SettingsRepo(conn)
    assert repo.load() == Settings()
    changed = Settings(language="ru", default_currency="EUR", reminder_lead_days=(3, 0),
                       reminder_time="08:30", start_at_login=True, welcome_done=True)
    repo.save(changed)
    assert SettingsRepo(conn).load() == changed
