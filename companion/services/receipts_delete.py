"""Deleting receipts and bringing them back, set-based, on any connection.

Why functions over a connection: a delete of 100,000 receipts runs on a job
thread with its own connection (the window keeps answering), and the same
code serves a delete of one receipt on the window's connection. Why a
preview that is all SQL: the confirmation must say how many receipts and
files go before anything is read into Python (Select all + Delete at
100,000 receipts froze the window for seconds before the question).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from companion.domain.receipt_selection import ReceiptSelection
from companion.services.receipts_io.receipts_csv import Cancelled
from companion.services.receipts_undo import DeletedReceipts
from companion.store import receipt_selection_sql as selection_sql
from companion.store.attachments_store import AttachmentStore
from companion.store.receipts_trash import bring_back, move_to_trash

Progress = Callable[[int, int], None]

_PREVIEW = "preview_receipts"


class SelectionChanged(Exception):
    """The log changed under the selection: what was shown is not what the
    database holds now, so nothing was deleted."""


@dataclass(frozen=True)
class DeletionPreview:
    receipts: int
    #: Files only these receipts use: removed once the Undo offer is over.
    files: int


def preview(
    conn: sqlite3.Connection, selection: ReceiptSelection, shown: dict[int, int]
) -> DeletionPreview:
    """What deleting ``selection`` would remove. ``shown`` maps rows the
    table has on screen (row -> receipt id); if the database no longer puts
    those receipts in those rows, ``SelectionChanged`` is raised."""
    picked = [rid for row, rid in shown.items() if _in_ranges(row, selection.ranges)]
    if selection.is_everything_shown:
        count, files, found = selection_sql.everything_counts(conn, selection, picked)
        if count != selection.count or found != len(picked):
            raise SelectionChanged
        return DeletionPreview(count, files)
    with selection_sql.selected(conn, selection, _PREVIEW) as count:
        if count != selection.count or selection_sql.count_among(conn, _PREVIEW, picked) != len(
            picked
        ):
            raise SelectionChanged
        return DeletionPreview(count, selection_sql.files_only_in(conn, _PREVIEW))


def _in_ranges(row: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(first <= row <= last for first, last in ranges)


def _checked(progress: Progress, cancelled: Callable[[], bool]) -> Progress:
    """Progress that stops the work (rolled back) once the user cancelled."""

    def report(done: int, total: int) -> None:
        if cancelled():
            raise Cancelled
        progress(done, total)

    return report


def _never() -> bool:
    return False


def _quiet(_done: int, _total: int) -> None:
    return None


def delete_selection(
    conn: sqlite3.Connection,
    trash: Path,
    batch: int,
    selection: ReceiptSelection,
    progress: Progress = _quiet,
    cancelled: Callable[[], bool] = _never,
) -> DeletedReceipts:
    """Delete what ``selection`` names, all or nothing; the rows wait in the
    trash under ``batch`` for an Undo. Raises ``SelectionChanged`` (nothing
    deleted) when the log no longer has that many rows there."""

    def fill(c: sqlite3.Connection, name: str) -> int:
        count = selection_sql.fill_selected(c, selection, name)
        if count != selection.count:
            raise SelectionChanged
        return count

    done = move_to_trash(
        conn, trash, batch, fill, _checked(progress, cancelled), expected=selection.count
    )
    return DeletedReceipts(done.batch, done.receipts, done.files, done.files_only_theirs)


def delete_ids(
    conn: sqlite3.Connection, trash: Path, batch: int, receipt_ids: list[int]
) -> DeletedReceipts:
    """Delete these receipts (ids that are gone already are skipped)."""

    def fill(c: sqlite3.Connection, name: str) -> int:
        c.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (id INTEGER PRIMARY KEY)")
        c.execute(f"DELETE FROM temp.{name}")
        c.executemany(
            f"INSERT OR IGNORE INTO temp.{name} (id) SELECT id FROM main.receipts WHERE id = ?",
            [(rid,) for rid in receipt_ids],
        )
        return int(c.execute(f"SELECT COUNT(*) FROM temp.{name}").fetchone()[0])

    done = move_to_trash(conn, trash, batch, fill, _quiet, expected=len(receipt_ids))
    return DeletedReceipts(done.batch, done.receipts, done.files, done.files_only_theirs)


def undo_delete(
    conn: sqlite3.Connection,
    trash: Path,
    attachments_root: Path,
    batch: DeletedReceipts,
    now: dt.datetime,
    progress: Progress = _quiet,
    cancelled: Callable[[], bool] = _never,
) -> list[int]:
    """Put ``batch`` back (see ``store.receipts_trash.bring_back``)."""
    store = AttachmentStore(conn, attachments_root)
    return bring_back(conn, trash, batch.batch, store, now, _checked(progress, cancelled))
