"""Rolling copies of the database in the ``backups`` folder.

Why the online backup API and never a file copy: the app keeps the database
open in WAL mode, and a plain copy of a live file can catch half a write.
Why a restore goes *into* the open database: the window keeps its
connection, and the page-level copy is one transaction, so a failed restore
leaves the current data as it was. The current data is always backed up
first, so a restore can be undone.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path
from typing import NamedTuple

from companion.domain.backup_policy import backups_to_keep
from companion.store.database import (
    DatabaseDamaged,
    StoreError,
    backup_copy,
    integrity_problem,
    migrate,
    schema_version,
)
from companion.store.migrations import LATEST_VERSION

#: Kinds that roll (7 daily + 4 weekly); "pre-restore" copies keep the newest few.
ROLLING_KINDS = frozenset({"daily", "manual"})
KEEP_PRE_RESTORE = 3

_NAME = re.compile(
    r"^(?:companion-(?P<kind>daily|manual|pre-restore)|pre-migration-v\d+)"
    r"-(?P<stamp>\d{8}T\d{6}Z)(?:-\d+)?\.sqlite3$"
)
_STAMP = "%Y%m%dT%H%M%SZ"


class BackupError(StoreError):
    """A backup cannot be used; the message says why in plain words."""


class BackupInfo(NamedTuple):
    path: Path
    created: dt.datetime  # aware, UTC
    size: int
    kind: str  # daily, manual, pre-restore, pre-migration


class BackupSummary(NamedTuple):
    """What a backup holds, shown before restoring it."""

    cards: int
    receipts: int
    schema_version: int


def open_readonly(path: Path) -> sqlite3.Connection:
    """Open a database file without ever creating or changing it."""
    uri = path.resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def quick_check(conn: sqlite3.Connection) -> str | None:
    """None when SQLite's quick_check passes, else its first complaint."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    first = str(rows[0][0]) if rows else "no answer"
    return None if first == "ok" else first


def check_file(path: Path) -> str | None:
    """None when the file is a healthy SQLite database, else what is wrong."""
    try:
        conn = open_readonly(path)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        return quick_check(conn)
    finally:
        conn.close()


def summarize(path: Path) -> BackupSummary:
    """Counts of cards and receipts in a backup, read without changing it."""
    try:
        conn = open_readonly(path)
        try:
            problem = quick_check(conn)
            if problem is not None:
                raise BackupError(problem)
            version = schema_version(conn)
            if version == 0:
                return BackupSummary(0, 0, 0)
            cards = int(conn.execute("SELECT count(*) FROM cards").fetchone()[0])
            receipts = int(conn.execute("SELECT count(*) FROM receipts").fetchone()[0])
            return BackupSummary(cards, receipts, version)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupError(str(exc)) from exc


class BackupFolder:
    """The backups of one data folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def entries(self) -> list[BackupInfo]:
        """Every recognised backup, newest first."""
        found: list[BackupInfo] = []
        if not self.folder.is_dir():
            return found
        for path in self.folder.iterdir():
            match = _NAME.match(path.name)
            if match is None or not path.is_file():
                continue
            created = dt.datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=dt.UTC)
            kind = match["kind"] or "pre-migration"
            found.append(BackupInfo(path, created, path.stat().st_size, kind))
        found.sort(key=lambda b: (b.created, b.path.name), reverse=True)
        return found

    def create(
        self, conn: sqlite3.Connection, now: dt.datetime, kind: str = "manual"
    ) -> BackupInfo:
        """A consistent copy of the open database, then rotation."""
        if kind not in ROLLING_KINDS | {"pre-restore"}:
            raise ValueError(f"unknown backup kind {kind!r}")
        if kind in ROLLING_KINDS:
            # A damaged copy would push good backups out of the rotation.
            # (A pre-restore copy is kept even when damaged: nothing is lost.)
            problem = integrity_problem(conn)
            if problem is not None:
                raise DatabaseDamaged(problem)
        stamp = now.astimezone(dt.UTC).strftime(_STAMP)
        target = self.folder / f"companion-{kind}-{stamp}.sqlite3"
        counter = 1
        while target.exists():
            target = self.folder / f"companion-{kind}-{stamp}-{counter}.sqlite3"
            counter += 1
        backup_copy(conn, target)
        self.rotate()
        created = now.astimezone(dt.UTC).replace(microsecond=0)
        return BackupInfo(target, created, target.stat().st_size, kind)

    def daily_if_due(self, conn: sqlite3.Connection, now: dt.datetime) -> BackupInfo | None:
        """The once-a-day backup, unless one was already made today (UTC)."""
        today = now.astimezone(dt.UTC).date()
        for info in self.entries():
            if info.kind in ROLLING_KINDS and info.created.date() == today:
                return None
        return self.create(conn, now, "daily")

    def rotate(self) -> list[Path]:
        """Delete rolling backups the policy no longer keeps; returns them."""
        backups = self.entries()
        rolling = [(b.path, b.created) for b in backups if b.kind in ROLLING_KINDS]
        keep = backups_to_keep(rolling)
        pre_restore = [b.path for b in backups if b.kind == "pre-restore"]
        keep.update(pre_restore[:KEEP_PRE_RESTORE])
        removed: list[Path] = []
        for info in backups:
            if info.kind == "pre-migration" or info.path in keep:
                continue
            info.path.unlink(missing_ok=True)
            removed.append(info.path)
        return removed

    def newest_good(self) -> BackupInfo | None:
        """The newest backup that passes quick_check (for recovery at start)."""
        for info in self.entries():
            if check_file(info.path) is None:
                return info
        return None


def restore_into(
    conn: sqlite3.Connection, source: Path, folder: BackupFolder, now: dt.datetime
) -> BackupInfo:
    """Replace the open database's content with ``source``.

    Returns the backup of the data as it was, which undoes the restore.
    """
    summary = summarize(source)
    if summary.schema_version > LATEST_VERSION:
        raise BackupError("backup is from a newer version")
    undo = folder.create(conn, now, "pre-restore")
    src = open_readonly(source)
    try:
        src.backup(conn)
    except sqlite3.Error as exc:
        raise BackupError(str(exc)) from exc
    finally:
        src.close()
    conn.execute("PRAGMA journal_mode = WAL")
    version = schema_version(conn)
    if version < LATEST_VERSION:
        migrate(conn, version)
    return undo
