"""Backups hold the receipts' files, share them between backups, and a manual
backup never pushes out another backup of its day."""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from receipts_helpers import make_receipt
from safety_helpers import add_card

from companion.domain.backup_policy import KEEP_DAILY, KEEP_WEEKLY, rolling_to_keep
from companion.i18n import set_language
from companion.services.context import AppContext
from companion.services.receipts import ReceiptsService
from companion.store.attachments_store import FileState
from companion.store.backups import BackupFolder, restore_into, summarize
from companion.ui.settings.data_group import DataGroup

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _log_with_file(ctx: AppContext, tmp_path: Path, name: str, data: bytes) -> int:
    source = tmp_path / name
    source.write_bytes(data)
    return ReceiptsService(ctx).log(make_receipt(reference=name), [source])


def _kept(folder: BackupFolder) -> list[Path]:
    return sorted(p for p in folder.files.root.rglob("*") if p.is_file())


def test_restore_brings_back_files_purged_since_the_backup(
    ctx: AppContext, clock: Any, tmp_path: Path
) -> None:
    service = ReceiptsService(ctx)
    rid = _log_with_file(ctx, tmp_path, "proof.pdf", b"%PDF the only proof")
    folder = BackupFolder(ctx.paths.backups)
    backup = folder.create(ctx.conn, clock(), "manual")
    service.delete([rid])
    service.finish()  # the undo chance is over: the file is gone
    assert not any(p.is_file() for p in ctx.paths.attachments.rglob("*"))
    clock.advance(dt.timedelta(minutes=1))
    restore_into(ctx.conn, backup.path, folder, clock())
    (att,) = service.attachments.for_receipt(rid)
    assert service.attachments.check(att, verify_hash=True) is FileState.OK
    assert service.attachments.path_of(att).read_bytes() == b"%PDF the only proof"


def test_backups_share_unchanged_files(ctx: AppContext, clock: Any, tmp_path: Path) -> None:
    _log_with_file(ctx, tmp_path, "a.pdf", b"%PDF a")
    folder = BackupFolder(ctx.paths.backups)
    first = folder.create(ctx.conn, clock(), "daily")
    clock.advance(dt.timedelta(hours=1))
    _log_with_file(ctx, tmp_path, "b.pdf", b"%PDF b")
    second = folder.create(ctx.conn, clock(), "manual")
    kept = _kept(folder)
    assert len(kept) == 2  # one copy of each content for both backups
    live = sorted(p for p in ctx.paths.attachments.rglob("*") if p.is_file())
    assert [p.name for p in kept] == [p.name for p in live]
    assert all(k.stat().st_ino == v.stat().st_ino for k, v in zip(kept, live, strict=True))
    assert folder.contents(first).attachments == 1
    two = folder.contents(second)
    assert (two.receipts, two.attachments, two.missing) == (2, 2, 0)
    assert two.size == second.size + len(b"%PDF a") + len(b"%PDF b")
    assert summarize(second.path).attachments == 2
    # Reading backups leaves nothing beside them.
    assert not list(ctx.paths.backups.glob("*-wal")) and not list(ctx.paths.backups.glob("*-shm"))


def test_a_file_system_without_hard_links_gets_copies(
    ctx: AppContext, clock: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _log_with_file(ctx, tmp_path, "a.pdf", b"%PDF copied")

    def no_links(src: Any, dst: Any) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_links)
    folder = BackupFolder(ctx.paths.backups)
    folder.create(ctx.conn, clock(), "manual")
    (kept,) = _kept(folder)
    (live,) = [p for p in ctx.paths.attachments.rglob("*") if p.is_file()]
    assert kept.read_bytes() == b"%PDF copied" and kept.stat().st_ino != live.stat().st_ino


def test_kept_files_go_with_the_last_backup_that_lists_them(
    ctx: AppContext, clock: Any, tmp_path: Path
) -> None:
    service = ReceiptsService(ctx)
    rid = _log_with_file(ctx, tmp_path, "old.pdf", b"%PDF old")
    folder = BackupFolder(ctx.paths.backups)
    folder.daily_if_due(ctx.conn, clock())
    service.delete([rid])
    service.finish()
    for _day in range(60):
        clock.advance(dt.timedelta(days=1))
        folder.daily_if_due(ctx.conn, clock())
    assert len(folder.entries()) == KEEP_DAILY + KEEP_WEEKLY
    assert _kept(folder) == []


def test_a_killed_backup_is_never_listed_and_its_files_stay(
    ctx: AppContext, clock: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from companion.store import backup_files

    _log_with_file(ctx, tmp_path, "a.pdf", b"%PDF a")
    folder = BackupFolder(ctx.paths.backups)

    def full_disk(self: Any, refs: Any, live: Path) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup_files.KeptFiles, "keep", full_disk)
    with pytest.raises(OSError):
        folder.create(ctx.conn, clock(), "manual")
    assert folder.entries() == []
    assert list(ctx.paths.backups.iterdir()) == []


# ----- retention -------------------------------------------------------------------------


def test_back_up_now_keeps_the_daily_and_earlier_manual_backups_of_the_day(
    ctx: AppContext, clock: Any
) -> None:
    folder = BackupFolder(ctx.paths.backups)
    daily = folder.daily_if_due(ctx.conn, clock())
    assert daily is not None
    clock.advance(dt.timedelta(hours=2))
    morning = folder.create(ctx.conn, clock(), "manual")
    clock.advance(dt.timedelta(hours=6))
    evening = folder.create(ctx.conn, clock(), "manual")
    assert {b.path for b in folder.entries()} == {daily.path, morning.path, evening.path}


def test_a_manual_backup_does_not_stand_in_for_the_daily_one(ctx: AppContext, clock: Any) -> None:
    folder = BackupFolder(ctx.paths.backups)
    folder.create(ctx.conn, clock(), "manual")
    clock.advance(dt.timedelta(hours=1))
    assert folder.daily_if_due(ctx.conn, clock()) is not None


_instants = st.datetimes(
    min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2025, 4, 1), timezones=st.just(dt.UTC)
)
_backups = st.lists(
    st.tuples(_instants, st.sampled_from(["daily", "manual"])),
    max_size=60,
    unique_by=lambda b: b[0],
)


@settings(max_examples=300, deadline=None)
@given(_backups, _instants)
def test_retention_rule(backups: list[tuple[dt.datetime, str]], new_when: dt.datetime) -> None:
    entries = [(i, when, kind) for i, (when, kind) in enumerate(backups)]
    keep = rolling_to_keep(entries)
    for kind in ("daily", "manual"):
        mine = [(i, w) for i, w, k in entries if k == kind]
        if not mine:
            continue
        newest = max(mine, key=lambda e: e[1])[0]
        assert newest in keep
        for i, when in mine:
            if i not in keep:  # a backup goes only when a newer one of its kind stays
                assert any(j in keep and w > when for j, w in mine)
        kept_days = {w.date() for i, w in mine if i in keep}
        assert len(kept_days) <= KEEP_DAILY + KEEP_WEEKLY
    dailies = [w.date() for i, w, k in entries if k == "daily" and i in keep]
    assert len(dailies) == len(set(dailies))  # the newest daily of a day is enough
    # A new manual backup, newer than all, never removes one of its own day,
    # and never changes which daily backups stay.
    if entries and new_when <= max(w for _i, w, _k in entries):
        return
    after = rolling_to_keep([*entries, (-1, new_when, "manual")])
    assert -1 in after
    for i, when, kind in entries:
        if when.date() == new_when.date() and kind == "manual" and i in keep:
            assert i in after
        if kind == "daily":
            assert (i in keep) == (i in after)


# ----- Settings ---------------------------------------------------------------------------


def test_settings_lists_counts_of_cards_receipts_and_files(
    qtbot: Any, ctx: AppContext, clock: Any, tmp_path: Path
) -> None:
    add_card(ctx.conn)
    service = ReceiptsService(ctx)
    service.repo.insert_many([make_receipt(minor=100 + i) for i in range(1500)], clock())
    ctx.conn.commit()
    _log_with_file(ctx, tmp_path, "a.pdf", b"%PDF a")
    BackupFolder(ctx.paths.backups).create(ctx.conn, clock(), "manual")
    group = DataGroup(ctx)
    qtbot.addWidget(group)
    item = group.table.topLevelItem(0)
    assert item is not None
    assert [item.text(c) for c in range(1, 5)] == ["Made by you", "1", "1,501", "1"]
    assert item.text(5).endswith("KB") or item.text(5).endswith("MB")
    set_language("ru")
    try:
        group_ru = DataGroup(ctx)
        qtbot.addWidget(group_ru)
        row = group_ru.table.topLevelItem(0)
        assert row is not None
        assert row.text(3).replace("\xa0", " ").replace("\u202f", " ") == "1 501"
        assert row.text(1) != "Made by you" and "Made" not in row.text(1)
        assert group_ru.table.headerItem().text(4) != "Attached files"
    finally:
        set_language("en")


def test_restore_question_tells_files_and_missing_ones(
    qtbot: Any, ctx: AppContext, clock: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _log_with_file(ctx, tmp_path, "a.pdf", b"%PDF a")
    _log_with_file(ctx, tmp_path, "b.pdf", b"%PDF b")
    folder = BackupFolder(ctx.paths.backups)
    folder.create(ctx.conn, clock(), "manual")
    (lost,) = [p for p in _kept(folder) if p.read_bytes() == b"%PDF b"]
    lost.unlink()
    group = DataGroup(ctx)
    qtbot.addWidget(group)
    item = group.table.topLevelItem(0)
    assert item is not None and item.text(4) == "2 (1 missing)"
    asked: list[str] = []
    monkeypatch.setattr(DataGroup, "confirm", lambda self, t, text: asked.append(text) or False)
    group.restore_selected()
    assert "Receipts: 2. Attached files: 2." in asked[0]
    assert "Files missing from this backup: 1." in asked[0]


def test_a_kept_file_whose_bytes_changed_is_not_placed(
    ctx: AppContext, clock: Any, tmp_path: Path
) -> None:
    service = ReceiptsService(ctx)
    rid = _log_with_file(ctx, tmp_path, "p.pdf", b"%PDF original bytes")
    folder = BackupFolder(ctx.paths.backups)
    backup = folder.create(ctx.conn, clock(), "manual")
    (att,) = service.attachments.for_receipt(rid)
    live = service.attachments.path_of(att)
    live.unlink()  # the live file is lost; the kept one is a separate inode
    (kept,) = _kept(folder)
    kept.unlink()
    kept.write_bytes(b"%PDF changed bytes!")  # same size, other content
    assert folder.place_files(backup.path) == 0
    assert not live.exists()
    assert not list(ctx.paths.attachments.rglob("*.part"))


def test_a_damaged_backup_is_listed_unreadable_and_refused(
    qtbot: Any, ctx: AppContext, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (ctx.paths.backups / "companion-manual-20261101T000000Z.sqlite3").write_bytes(b"junk" * 400)
    group = DataGroup(ctx)
    qtbot.addWidget(group)
    item = group.table.topLevelItem(0)
    assert item is not None and item.text(2) == "unreadable" and item.text(5) == "2 KB"
    asked: list[str] = []
    monkeypatch.setattr(DataGroup, "confirm", lambda self, t, text: asked.append(text) or True)
    monkeypatch.setattr(DataGroup, "tell", lambda self, text: group.status.setText(text))
    group.restore_selected()
    assert asked == [] and group.status.text().startswith("This backup cannot be used")
