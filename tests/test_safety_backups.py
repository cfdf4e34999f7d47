"""Rolling backups: rotation by the injected clock, listing, restore and undo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from safety_helpers import add_card, add_receipt, count

from companion.domain.backup_policy import backups_to_keep
from companion.store.backups import BackupError, BackupFolder, restore_into, summarize


def test_daily_backup_is_made_once_a_day(ctx, clock) -> None:
    folder = BackupFolder(ctx.paths.backups)
    first = folder.daily_if_due(ctx.conn, clock())
    assert first is not None and first.path.is_file()
    clock.advance(dt.timedelta(hours=3))
    assert folder.daily_if_due(ctx.conn, clock()) is None
    clock.advance(dt.timedelta(days=1))
    assert folder.daily_if_due(ctx.conn, clock()) is not None
    assert [b.kind for b in folder.entries()] == ["daily", "daily"]


def test_sixty_days_keep_seven_daily_and_four_weekly(ctx, clock) -> None:
    folder = BackupFolder(ctx.paths.backups)
    for _day in range(60):
        folder.daily_if_due(ctx.conn, clock())
        clock.advance(dt.timedelta(days=1))
    kept = folder.entries()
    dates = [b.created.date() for b in kept]
    last = clock() - dt.timedelta(days=1)
    assert dates[:7] == [(last - dt.timedelta(days=i)).date() for i in range(7)]
    weekly = dates[7:]
    assert len(weekly) == 4
    weeks = {d.isocalendar()[:2] for d in weekly}
    assert len(weeks) == 4
    assert all(d < dates[6] for d in weekly)
    assert len(list(ctx.paths.backups.iterdir())) == 11


def test_listing_shows_date_and_size(ctx, clock) -> None:
    add_receipt(ctx.conn, "x" * 20000)
    info = BackupFolder(ctx.paths.backups).create(ctx.conn, clock(), "manual")
    (listed,) = BackupFolder(ctx.paths.backups).entries()
    assert listed.created == clock()
    assert listed.size == info.path.stat().st_size > 20000
    assert listed.kind == "manual"


def test_restore_replaces_data_and_can_be_undone(ctx, clock) -> None:
    folder = BackupFolder(ctx.paths.backups)
    add_card(ctx.conn)
    add_receipt(ctx.conn, "first")
    saved = folder.create(ctx.conn, clock(), "manual")
    assert summarize(saved.path).receipts == 1
    clock.advance(dt.timedelta(minutes=5))
    add_receipt(ctx.conn, "second")
    add_receipt(ctx.conn, "third")

    undo = restore_into(ctx.conn, saved.path, folder, clock())
    assert count(ctx.conn, "receipts") == 1
    assert count(ctx.conn, "cards") == 1
    assert undo.kind == "pre-restore"
    assert summarize(undo.path).receipts == 3
    assert ctx.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert ctx.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    clock.advance(dt.timedelta(minutes=1))
    restore_into(ctx.conn, undo.path, folder, clock())
    notes = [r[0] for r in ctx.conn.execute("SELECT notes FROM receipts ORDER BY id")]
    assert notes == ["first", "second", "third"]


def test_restore_refuses_a_damaged_backup_and_keeps_data(ctx, clock, tmp_path: Path) -> None:
    add_receipt(ctx.conn, "keep me")
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    with pytest.raises(BackupError):
        restore_into(ctx.conn, bad, BackupFolder(ctx.paths.backups), clock())
    assert count(ctx.conn, "receipts") == 1
    assert BackupFolder(ctx.paths.backups).entries() == []


_instants = st.datetimes(
    min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1), timezones=st.just(dt.UTC)
)


@given(st.lists(_instants, min_size=0, max_size=80, unique=True))
def test_policy_keeps_newest_and_at_most_eleven(stamps: list[dt.datetime]) -> None:
    keep = backups_to_keep([(i, s) for i, s in enumerate(stamps)])
    assert len(keep) <= 11
    if stamps:
        newest = max(range(len(stamps)), key=lambda i: stamps[i])
        assert newest in keep
    days = {s.date() for s in stamps}
    assert len(keep) >= min(len(days), 7)
    kept_days = [stamps[i].date() for i in keep]
    assert len(kept_days) == len(set(kept_days))  # never two of one day
