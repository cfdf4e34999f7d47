"""A restored archive's database is checked against the schema the app creates
before anything is placed: triggers, views, renamed tables, missing columns,
lying counts, newer schemas and many-entry bombs are refused, and the data
folder is exactly as it was."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
import zipfile
from collections import namedtuple
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from archive_forge import DB, PHOTO, Parts, attachment_name, real_export, rows, tree
from safety_helpers import add_attachment, add_receipt, count

from companion.paths import data_paths
from companion.services.context import AppContext, open_context
from companion.services.data_safety import archive as archive_service
from companion.services.data_safety.archive import export_archive, import_archive, inspect_archive
from companion.services.data_safety.archive_checks import ArchiveRejected

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def real_archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A genuine export with 3 cards, 30 receipts and one photo."""
    yield real_export(tmp_path_factory.mktemp("source"))


def _refused(ctx: AppContext, path: Path, expect: str) -> str:
    """Import must fail with ``expect`` and leave the data folder as it was."""
    before_files, before_rows = tree(ctx.paths.root), rows(ctx.conn)
    with pytest.raises(ArchiveRejected) as info:
        import_archive(ctx.conn, ctx.paths, path, NOW)
    message = str(info.value)
    assert expect in message
    assert "Nothing was imported" in message
    assert tree(ctx.paths.root) == before_files
    assert rows(ctx.conn) == before_rows
    with pytest.raises(ArchiveRejected):
        inspect_archive(ctx.paths, path)
    assert tree(ctx.paths.root) == before_files
    return message


def _sql(*statements: str) -> Any:
    def change(conn: sqlite3.Connection) -> None:
        for statement in statements:
            conn.execute(statement)

    return change


HOSTILE_DATABASES: dict[str, tuple[Any, str]] = {
    "trigger deletes receipts on insert": (
        _sql(
            "CREATE TRIGGER wipe AFTER INSERT ON receipts BEGIN DELETE FROM receipts; END"
        ),
        "never creates: the trigger",
    ),
    "trigger blocks every insert": (
        _sql(
            "CREATE TRIGGER no BEFORE INSERT ON cards BEGIN SELECT RAISE(ABORT, 'no'); END"
        ),
        "trigger",
    ),
    "trigger rewrites settings": (
        _sql(
            "CREATE TRIGGER s AFTER UPDATE ON cards BEGIN "
            "UPDATE settings SET value = 'evil'; END"
        ),
        "trigger",
    ),
    "looping view": (
        _sql(
            "CREATE VIEW forever AS WITH RECURSIVE n(x) AS "
            "(SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x FROM n"
        ),
        "never creates: the view",
    ),
    "receipts renamed": (
        _sql("ALTER TABLE receipts RENAME TO receipts_old"),
        "receipts",
    ),
    "cards replaced by a looping view": (
        _sql(
            "PRAGMA foreign_keys = OFF",
            "ALTER TABLE cards RENAME TO cards_x",
            "CREATE VIEW cards AS WITH RECURSIVE n(x) AS "
            "(SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x AS id FROM n",
        ),
        "never creates",
    ),
    "column missing": (
        _sql("ALTER TABLE receipts DROP COLUMN notes"),
        "“receipts” differs",
    ),
    "extra column": (
        _sql("ALTER TABLE cards ADD COLUMN evil TEXT"),
        "“cards” differs",
    ),
    "index missing": (_sql("DROP INDEX receipts_paid"), "“receipts_paid” is missing"),
    "extra index": (_sql("CREATE INDEX mine ON receipts (notes)"), "index"),
    "extra table": (_sql("CREATE TABLE extra (x)"), "never creates: the table"),
    "other page size": (
        _sql("PRAGMA page_size = 8192", "VACUUM"), "page size, text encoding or auto-vacuum"
    ),
    "auto-vacuum": (_sql("PRAGMA auto_vacuum = FULL", "VACUUM"), "file settings"),
    "newer schema": (_sql("PRAGMA user_version = 99"), "newer version"),
    "no schema": (_sql("PRAGMA user_version = 0"), "not made by Travel Card Companion"),
    "zone that is a folder": (
        _sql("UPDATE receipts SET paid_zone = 'Europe' WHERE id = 3"),
        "unknown time zone: Europe",
    ),
    "zone that leads outside": (
        _sql("UPDATE cards SET expiry_zone = '../../etc/passwd', expiry_local = '2026-12-01T00:00'"),
        "unknown time zone",
    ),
    "date the app cannot read": (
        _sql("UPDATE receipts SET paid_utc = 'yesterday' WHERE id = 5"),
        "receipt this app cannot read (number 5)",
    ),
    "amount below zero": (
        _sql("PRAGMA ignore_check_constraints = ON",
             "UPDATE receipts SET amount_minor = -5 WHERE id = 2"),
        "break the rules of its table “receipts”",
    ),
    "card kind outside its list": (
        _sql("PRAGMA ignore_check_constraints = ON", "UPDATE cards SET kind = 'evil'"),
        "break the rules of its table “cards”",
    ),
    "attachment hash leading outside": (
        _sql("INSERT INTO attachments (sha256, extension, media_type, size, created_utc) "
             "VALUES ('../../../../home/someone/.bashrc', 'jpg', 'image/jpeg', 1, 'x')"),
        "attachment this app cannot read (number 1)",
    ),
    "attachment of a kind the app never keeps": (
        _sql("INSERT INTO attachments (sha256, extension, media_type, size, created_utc) "
             f"VALUES ('{'a' * 64}', 'exe', 'application/x-msdownload', 1, 'x')"),
        "attachment this app cannot read",
    ),
    "dangling reference": (
        _sql("PRAGMA foreign_keys = OFF", "UPDATE receipts SET card_id = 999"),
        "refer to rows that do not exist",
    ),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_DATABASES))
def test_a_hostile_database_is_refused_before_anything_is_placed(
    ctx: AppContext, real_archive: Path, tmp_path: Path, kind: str
) -> None:
    change, expect = HOSTILE_DATABASES[kind]
    add_receipt(ctx.conn, "mine")
    parts = Parts.read(real_archive)
    parts.change_db(change)
    started = time.monotonic()
    _refused(ctx, parts.write(tmp_path / "hostile.zip"), expect)
    assert time.monotonic() - started < 10
    assert not (ctx.paths.attachments / attachment_name(PHOTO).split("/", 1)[1]).exists()


def test_a_newer_database_behind_an_older_manifest_places_no_attachment(
    ctx: AppContext, real_archive: Path, tmp_path: Path
) -> None:
    parts = Parts.read(real_archive)
    from companion.store.migrations import LATEST_VERSION

    parts.change_db(_sql(f"PRAGMA user_version = {LATEST_VERSION + 1}"))
    _refused(ctx, parts.write(tmp_path / "newer.zip"), "newer version")
    assert list(ctx.paths.attachments.rglob("*.jpg")) == []


def test_an_empty_database_behind_lying_counts_is_refused(
    ctx: AppContext, real_archive: Path, tmp_path: Path
) -> None:
    parts = Parts.read(real_archive)
    parts.change_db(_sql("DELETE FROM receipts", "DELETE FROM cards"))
    message = _refused(ctx, parts.write(tmp_path / "empty.zip"), "does not match its database")
    assert "30" in message and "0" in message


def test_a_manifest_that_lies_about_counts_is_refused(
    ctx: AppContext, real_archive: Path, tmp_path: Path
) -> None:
    parts = Parts.read(real_archive)
    parts.manifest["counts"] = {"cards": 3, "receipts": 3000}
    _refused(ctx, parts.write(tmp_path / "lying.zip"), "claims 3,000 receipts")


def test_counts_shown_come_from_the_database(
    ctx: AppContext, real_archive: Path, tmp_path: Path
) -> None:
    parts = Parts.read(real_archive)
    parts.change_db(_sql("DELETE FROM receipts WHERE id > 7"), recount=True)
    path = parts.write(tmp_path / "fewer.zip")
    preview = inspect_archive(ctx.paths, path)
    assert (preview.cards, preview.receipts, preview.attachments) == (3, 7, 1)
    result = import_archive(ctx.conn, ctx.paths, path, NOW)
    assert (result.cards, result.receipts) == (3, 7)
    assert (count(ctx.conn, "cards"), count(ctx.conn, "receipts")) == (3, 7)


def test_a_damaged_index_is_refused(ctx: AppContext, real_archive: Path, tmp_path: Path) -> None:
    def damage(conn: sqlite3.Connection) -> None:
        # An index that no longer matches its table: only integrity_check sees it.
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute(
            "UPDATE sqlite_master SET sql = replace(sql, '(paid_utc, id)', '(id, paid_utc)') "
            "WHERE name = 'receipts_paid'"
        )

    parts = Parts.read(real_archive)
    parts.change_db(damage)
    _refused(ctx, parts.write(tmp_path / "damaged.zip"), "Nothing was imported")


def test_many_small_entries_are_a_bomb_like_one_big_one(
    ctx: AppContext, real_archive: Path, tmp_path: Path
) -> None:
    parts = Parts.read(real_archive)
    for i in range(300):
        parts.entries[attachment_name(i.to_bytes(4, "big"), "txt")] = bytes(1024 * 1024)
    path = parts.write(tmp_path / "many.zip")
    assert path.stat().st_size < 1024 * 1024
    _refused(ctx, path, "zip bomb")


def test_folder_entries_from_ordinary_zip_tools_are_accepted(
    ctx: AppContext, real_archive: Path, tmp_path: Path
) -> None:
    parts = Parts.read(real_archive)
    name = attachment_name(PHOTO)
    parts.folders = ["attachments/", name.rsplit("/", 1)[0] + "/"]
    result = import_archive(ctx.conn, ctx.paths, parts.write(tmp_path / "folders.zip"), NOW)
    assert (result.cards, result.receipts, result.attachments_added) == (3, 30, 1)
    assert (ctx.paths.root / name).read_bytes() == PHOTO


def test_not_enough_disk_space_is_refused_first(
    ctx: AppContext, real_archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(
        archive_service.shutil, "disk_usage", lambda _p: usage(10**9, 10**9 - 4096, 4096)
    )
    message = _refused(ctx, real_archive, "not enough free disk space")
    assert "0 MB are free" in message


def test_an_attachment_under_a_hash_it_does_not_hold_is_not_placed(
    ctx: AppContext, real_archive: Path, tmp_path: Path
) -> None:
    parts = Parts.read(real_archive)
    poisoned = attachment_name(b"some other photo")
    parts.entries[poisoned] = b"not the bytes its name promises"
    result = import_archive(ctx.conn, ctx.paths, parts.write(tmp_path / "poison.zip"), NOW)
    assert result.attachments_added == 1
    assert not (ctx.paths.root / poisoned).exists()


def test_an_entry_that_is_not_an_attachment_is_refused(
    ctx: AppContext, real_archive: Path, tmp_path: Path
) -> None:
    parts = Parts.read(real_archive)
    parts.entries["attachments/ab/notes.jpg"] = b"x"
    _refused(ctx, parts.write(tmp_path / "stray.zip"), "not a receipt attachment")


def test_a_stray_file_in_the_attachments_folder_is_not_exported(
    ctx: AppContext, tmp_path: Path
) -> None:
    add_attachment(ctx.paths.attachments, PHOTO)
    (ctx.paths.attachments / ".DS_Store").write_bytes(b"finder")
    path = tmp_path / "out.zip"
    manifest = export_archive(ctx.conn, ctx.paths, path, NOW)
    assert [f.path for f in manifest.files] == [DB, attachment_name(PHOTO)]
    with zipfile.ZipFile(path) as zf:
        assert ".DS_Store" not in " ".join(zf.namelist())
    other = open_context(data_paths(tmp_path / "other"))
    try:
        assert import_archive(other.conn, other.paths, path, NOW).attachments_added == 1
    finally:
        other.close()


def test_checking_the_database_has_a_time_limit(real_archive: Path, tmp_path: Path) -> None:
    from companion.services.data_safety.archive_database import check_database

    with zipfile.ZipFile(real_archive) as zf:
        (tmp_path / DB).write_bytes(zf.read(DB))
    assert check_database(tmp_path / DB, 30.0).receipts == 30
    with pytest.raises(ArchiveRejected, match="took too long"):
        check_database(tmp_path / DB, 0.0)


def test_companion_restore_refuses_a_hostile_database_and_says_why(
    real_archive: Path, tmp_path: Path
) -> None:
    import os

    from process_helpers import run_python

    parts = Parts.read(real_archive)
    parts.change_db(HOSTILE_DATABASES["trigger deletes receipts on insert"][0])
    hostile = parts.write(tmp_path / "hostile.zip")
    env = {**os.environ, "LANG": "en_US.UTF-8", "LANGUAGE": "en"}
    target = tmp_path / "data"
    done = run_python("-m", "companion", "--data-dir", str(target), "restore", str(hostile),
                      env=env)
    assert done.returncode == 2
    assert "never creates: the trigger “wipe”" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (target / "companion.sqlite3").exists()
    assert [p.name for p in target.iterdir() if p.name.startswith(".import-")] == []

    done = run_python("-m", "companion", "--data-dir", str(target), "restore", str(real_archive),
                      env=env)
    assert done.returncode == 0, done.stderr
    assert "Restored 3 cards and 30 receipts" in done.stdout


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_window_asks_with_counts_from_the_database_and_refuses_a_hostile_one(
    qtbot: Any, main_window: Any, ctx: AppContext, real_archive: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from companion.ui.settings.data_group import DataGroup

    main_window.show_section("settings")
    group = main_window.page("settings").findChild(DataGroup)
    asked: list[str] = []
    monkeypatch.setattr(DataGroup, "confirm", lambda self, t, text: asked.append(text) or False)

    hostile = Parts.read(real_archive)
    hostile.change_db(HOSTILE_DATABASES["trigger blocks every insert"][0])
    before = tree(ctx.paths.root)
    group.import_file(hostile.write(tmp_path / "hostile.zip"))
    assert asked == []
    assert "never creates: the trigger “no”" in group.status.text()
    assert tree(ctx.paths.root) == before
    for box in group.findChildren(QMessageBox):
        box.close()

    fewer = Parts.read(real_archive)
    fewer.change_db(_sql("DELETE FROM receipts WHERE id > 7"), recount=True)
    group.import_file(fewer.write(tmp_path / "fewer.zip"))
    assert len(asked) == 1 and "3 cards and 7 receipts" in asked[0]
    assert tree(ctx.paths.root) == before
