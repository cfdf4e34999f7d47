"""Rolling copies of the database in the ``backups`` folder.

Why the online backup API and never a file copy: the app keeps the database
open in WAL mode, and a plain copy of a live file can catch half a write.
Why a restore goes *into* the open database: the window keeps its
connection, and the page-level copy is one transaction, so a failed restore
leaves the current data as it was. The current data is always backed up
first, so a restore can be undone. Each backup also holds the attachment
files its receipts need, shared between backups (see ``backup_files``); a
restore puts back any that are missing from the live folder before the
data is replaced.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import time
from pathlib import Path
from typing import NamedTuple

from companion.domain.backup_policy import ROLLING_KINDS, rolling_to_keep
from companion.store.backup_files import FileRef, Inventory, KeptFiles, file_name, listed_files
from companion.store.database import (
    DatabaseDamaged,
    StoreError,
    backup_copy,
    integrity_problem,
    migrate,
    schema_problem,
    schema_version,
)
from companion.store.file_check import quick_check
from companion.store.migrations import LATEST_VERSION

#: "daily" and "manual" backups roll (``ROLLING_KINDS``: 7 daily + 4 weekly,
#: each kind counted apart); "pre-restore" copies keep the newest few.
KEEP_PRE_RESTORE = 3
#: The shared folder of attachment files, beside the backup databases.
FILES_FOLDER = "files"
#: A backup still being written is named so; one older than this was abandoned.
_STAGING = ".staging"
_ABANDONED_SECONDS = 24 * 3600

_NAME = re.compile(
    r"^(?:companion-(?P<kind>daily|manual|pre-restore)|pre-migration-v\d+)"
    r"-(?P<stamp>\d{8}T\d{6}Z)(?:-\d+)?\.sqlite3$"
)
_STAMP = "%Y%m%dT%H%M%SZ"


class BackupError(StoreError):
    """A backup cannot be used; the message says why in plain words."""


class NotOurDatabase(BackupError):
    """A database whose tables are not the ones this app creates."""


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
    attachments: int = 0  # files receipts refer to


class BackupContents(NamedTuple):
    """A backup as the Settings list and the recovery dialog show it."""

    cards: int
    receipts: int
    attachments: int  # files its receipts refer to
    missing: int  # of those, files the backup does not hold
    size: int  # the database plus the files it holds, in bytes


def open_backup(path: Path) -> sqlite3.Connection:
    """Open a finished backup for reading. ``immutable`` because a read-only
    open of a WAL-mode file leaves ``-wal`` and ``-shm`` files beside it,
    which would pile up in the backups folder on every listing."""
    uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
    conn = sqlite3.connect(uri, uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def _single_file(path: Path) -> None:
    """Make a fresh copy a self-contained rollback-journal database."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()


def summarize(path: Path) -> BackupSummary:
    """Counts of cards, receipts and attachments in a backup, read without
    changing it."""
    try:
        conn = open_backup(path)
        try:
            problem = quick_check(conn)
            if problem is not None:
                raise BackupError(problem)
            foreign = schema_problem(conn)
            if foreign is not None:
                raise NotOurDatabase(foreign)
            return _summary(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupError(str(exc)) from exc


def _summary(conn: sqlite3.Connection) -> BackupSummary:
    version = schema_version(conn)
    if version == 0:
        return BackupSummary(0, 0, 0)
    cards = int(conn.execute("SELECT count(*) FROM cards").fetchone()[0])
    receipts = int(conn.execute("SELECT count(*) FROM receipts").fetchone()[0])
    attachments = int(
        conn.execute("SELECT count(DISTINCT attachment_id) FROM receipt_attachments").fetchone()[0]
    )
    return BackupSummary(cards, receipts, version, attachments)


def foreign_problem(path: Path) -> str | None:
    """None when the file's tables are the ones this app creates (see
    ``schema_problem``), else what differs."""
    try:
        conn = open_backup(path)
        try:
            return schema_problem(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return str(exc)



def backup_integrity_problem(path: Path) -> str | None:
    """``integrity_problem`` for a backup file; a file SQLite cannot read at all
    is a problem too, never an exception."""
    try:
        conn = open_backup(path)
        try:
            return integrity_problem(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return str(exc)


def _files_of(path: Path) -> list[FileRef]:
    conn = open_backup(path)
    try:
        return listed_files(conn)
    finally:
        conn.close()


class BackupFolder:
    """The backups of one data folder."""

    def __init__(self, folder: Path, attachments: Path | None = None) -> None:
        self.folder = folder
        #: The live attachments folder (``paths.py`` puts it beside ``backups``).
        self.attachments = attachments or folder.parent / "attachments"
        self.files = KeptFiles(folder / FILES_FOLDER)
        # A named backup never changes, so what it holds is read once per
        # file version (Settings lists every backup after each job).
        self._read_cache: dict[tuple[Path, int, int], tuple[BackupSummary, list[FileRef]]] = {}

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
        # The database is copied under a staging name, its files are kept,
        # and only then does it get the name that makes it a backup: a backup
        # that is listed holds its files.
        staging = target.with_name(target.name + _STAGING)
        try:
            backup_copy(conn, staging)
            _single_file(staging)
            self.files.keep(_files_of(staging), self.attachments)
            os.replace(staging, target)
        except (OSError, sqlite3.Error):
            staging.unlink(missing_ok=True)
            raise
        self.rotate()
        created = now.astimezone(dt.UTC).replace(microsecond=0)
        return BackupInfo(target, created, target.stat().st_size, kind)

    def daily_if_due(self, conn: sqlite3.Connection, now: dt.datetime) -> BackupInfo | None:
        """The once-a-day backup, unless one was already made today (UTC).
        A manual backup does not count: it is kept apart and may go sooner."""
        today = now.astimezone(dt.UTC).date()
        for info in self.entries():
            if info.kind == "daily" and info.created.date() == today:
                return None
        return self.create(conn, now, "daily")

    def rotate(self) -> list[Path]:
        """Delete backups the policy no longer keeps, then kept files no
        backup lists any more; returns the deleted backups."""
        backups = self.entries()
        rolling = [(b.path, b.created, b.kind) for b in backups if b.kind in ROLLING_KINDS]
        keep = rolling_to_keep(rolling)
        pre_restore = [b.path for b in backups if b.kind == "pre-restore"]
        keep.update(pre_restore[:KEEP_PRE_RESTORE])
        removed: list[Path] = []
        for info in backups:
            if info.kind == "pre-migration" or info.path in keep:
                continue
            info.path.unlink(missing_ok=True)
            removed.append(info.path)
        self._drop_abandoned()
        self._prune_files()
        return removed

    def _drop_abandoned(self) -> None:
        old = time.time() - _ABANDONED_SECONDS
        # ".staging.part" is a copy that stopped half-way (a full disk) in a
        # version that did not remove it at once.
        abandoned = [*self.folder.glob("*" + _STAGING), *self.folder.glob("*" + _STAGING + ".part")]
        for path in abandoned:
            try:
                if path.stat().st_mtime < old:
                    path.unlink()
            except OSError:
                continue

    def _prune_files(self) -> None:
        needed: set[str] = set()
        for info in self.entries():
            try:
                needed.update(ref.sha256 for ref in _files_of(info.path))
            except sqlite3.Error:
                return  # a backup that cannot be read may need any file: keep all
        for staging in self.folder.glob("*" + _STAGING):
            try:
                needed.update(ref.sha256 for ref in _files_of(staging))
            except sqlite3.Error:
                return  # a backup being written: its files are not listed yet
        self.files.prune(needed)

    def contents(self, info: BackupInfo, kept: Inventory | None = None) -> BackupContents:
        """Counts and size of one backup, read without changing it. ``kept``
        is ``files.inventory()``, passed in when many backups are listed."""
        try:
            stat = info.path.stat()
            key = (info.path, stat.st_size, stat.st_mtime_ns)
            read = self._read_cache.get(key)
            if read is None:
                conn = open_backup(info.path)
                try:
                    foreign = schema_problem(conn)
                    if foreign is not None:
                        raise NotOurDatabase(foreign)  # listed as unreadable, not as empty
                    read = (_summary(conn), listed_files(conn))
                finally:
                    conn.close()
                self._read_cache[key] = read
        except (OSError, sqlite3.Error) as exc:
            raise BackupError(str(exc)) from exc
        summary, refs = read
        if kept is None:
            kept = self.files.inventory()
        used = [ref for ref in refs if ref.used]
        held = [ref for ref in refs if kept.get(file_name(ref)) == ref.size]
        missing = sum(1 for ref in used if kept.get(file_name(ref)) != ref.size)
        size = info.size + sum(ref.size for ref in held)
        return BackupContents(summary.cards, summary.receipts, len(used), missing, size)

    def place_files(self, database: Path) -> int:
        """Put back into the live folder the kept files ``database`` lists
        that are missing there; returns how many."""
        try:
            refs = _files_of(database)
        except sqlite3.Error as exc:
            raise BackupError(str(exc)) from exc
        return self.files.place(refs, self.attachments)


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
    # Files first: an extra file in the live folder harms nothing (it is
    # swept later), while data without its files would be a broken promise.
    folder.place_files(source)
    src = open_backup(source)
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
