"""One atomic write for every file the app writes whole (issue 22).

Attacked the way a full disk does it: the write itself fails part-way with
ENOSPC. The old file must stay as it was and no side file may stay behind,
for the helper and for real writers reached the way the user reaches them
(the receipts CSV export and the calendar export the pages call). And the
new bytes must be on the disk before the rename makes them the file, which
is what the hand-written copies forgot.
"""

from __future__ import annotations

import builtins
import datetime as dt
import errno
import io
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from receipts_helpers import make_receipt

from companion import atomic_write
from companion.domain.card import Card
from companion.domain.expiry import Expiry
from companion.services import cards as cards_service
from companion.services.context import AppContext
from companion.services.ics import export_calendar
from companion.services.receipts_io.receipts_csv import export_csv
from companion.store.database import transaction
from companion.store.receipts_repo import ReceiptsRepo


class _FillingFile:
    """A file whose disk fills after ``room`` more bytes (or characters)."""

    def __init__(self, real: Any, room: int) -> None:
        self._real = real
        self._room = room

    def write(self, data: Any) -> int:
        if len(data) > self._room:
            self._real.write(data[: self._room])
            self._room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._room -= len(data)
        return int(self._real.write(data))

    def __enter__(self) -> _FillingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


@pytest.fixture
def disk_fills(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """Make every side file opened for writing run out of space after ``room``."""

    def arm(room: int) -> None:
        real_open = io.open

        def filling_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            handle = real_open(file, mode, *args, **kwargs)
            named = str(file) if isinstance(file, str | os.PathLike) else ""
            if named.endswith(atomic_write.SIDE_SUFFIX) and ("w" in mode or "+" in mode):
                return _FillingFile(handle, room)
            return handle

        monkeypatch.setattr(io, "open", filling_open)
        monkeypatch.setattr(builtins, "open", filling_open)

    return arm


@pytest.fixture
def syncs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, int]]]:
    """Record, in order, which inode each fsync flushed and each rename moved."""
    events: list[tuple[str, int]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", os.fstat(fd).st_ino))
        real_fsync(fd)

    def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        events.append(("replace", os.stat(src).st_ino))
        real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    yield events


def _durable(events: list[tuple[str, int]], target: Path) -> None:
    """``target``'s bytes were flushed before the rename, and its folder after."""
    inode = target.stat().st_ino
    moved = events.index(("replace", inode))
    assert ("fsync", inode) in events[:moved]
    if sys.platform != "win32":
        assert ("fsync", target.parent.stat().st_ino) in events[moved:]


# ----- the helper ---------------------------------------------------------------


def test_a_full_disk_keeps_the_old_file_and_no_side_file(
    tmp_path: Path, disk_fills: Callable[[int], None]
) -> None:
    target = tmp_path / "schedule.timer"
    target.write_bytes(b"old content")
    disk_fills(10)
    with pytest.raises(OSError) as failure:
        atomic_write.write_bytes(target, b"new content " * 100)
    assert failure.value.errno == errno.ENOSPC
    assert target.read_bytes() == b"old content"
    assert [p.name for p in tmp_path.iterdir()] == ["schedule.timer"]


def test_a_cancel_inside_the_streaming_form_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt), atomic_write.replacing(target) as side:
        side.write_bytes(b"half of the new")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_the_new_bytes_reach_the_disk_before_the_rename(
    tmp_path: Path, syncs: list[tuple[str, int]]
) -> None:
    target = tmp_path / "note.json"
    target.write_text("{}")
    atomic_write.write_text(target, '{"new": "значение"}')
    assert target.read_text(encoding="utf-8") == '{"new": "значение"}'
    _durable(syncs, target)


def test_a_first_write_creates_the_file(tmp_path: Path) -> None:
    target = tmp_path / "new.ics"
    atomic_write.write_text(target, "BEGIN:VCALENDAR\r\n")
    assert target.read_bytes() == b"BEGIN:VCALENDAR\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["new.ics"]


# ----- real writers, through the service their page calls ----------------------


def _receipts(ctx: AppContext, count: int) -> ReceiptsRepo:
    repo = ReceiptsRepo(ctx.conn)
    with transaction(ctx.conn):
        repo.insert_many([make_receipt(reference=f"ref {i}") for i in range(count)], ctx.now())
    return repo


def test_csv_export_onto_a_full_disk_keeps_the_earlier_export(
    ctx: AppContext, tmp_path: Path, disk_fills: Callable[[int], None]
) -> None:
    repo = _receipts(ctx, 300)
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "receipts.csv"
    export_csv(repo, target)
    earlier = target.read_bytes()
    disk_fills(4000)  # fills part-way through the rows
    with pytest.raises(OSError) as failure:
        export_csv(repo, target)
    assert failure.value.errno == errno.ENOSPC
    assert target.read_bytes() == earlier
    assert [p.name for p in folder.iterdir()] == ["receipts.csv"]


def test_csv_export_is_on_the_disk_before_it_takes_the_name(
    ctx: AppContext, tmp_path: Path, syncs: list[tuple[str, int]]
) -> None:
    repo = _receipts(ctx, 3)
    target = tmp_path / "receipts.csv"
    assert export_csv(repo, target) == 3
    _durable(syncs, target)


def _card(ctx: AppContext, label: str) -> None:
    expiry = Expiry(dt.datetime(2027, 3, 1, 23, 59), "Europe/Moscow")
    cards_service.save_card(ctx, Card(label, expiry=expiry))


def test_calendar_export_onto_a_full_disk_keeps_the_earlier_calendar(
    ctx: AppContext, tmp_path: Path, disk_fills: Callable[[int], None]
) -> None:
    for label in ("MTS", "Beeline", "Tele2"):
        _card(ctx, label)
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "cards.ics"
    export_calendar(ctx, target)
    earlier = target.read_bytes()
    _card(ctx, "MegaFon")
    disk_fills(200)
    with pytest.raises(OSError) as failure:
        export_calendar(ctx, target)
    assert failure.value.errno == errno.ENOSPC
    assert target.read_bytes() == earlier
    assert [p.name for p in folder.iterdir()] == ["cards.ics"]


def test_calendar_export_is_on_the_disk_before_it_takes_the_name(
    ctx: AppContext, tmp_path: Path, syncs: list[tuple[str, int]]
) -> None:
    _card(ctx, "MTS")
    target = tmp_path / "cards.ics"
    export_calendar(ctx, target)
    _durable(syncs, target)
