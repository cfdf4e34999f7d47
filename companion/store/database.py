"""Opening the one SQLite file: pragmas, migrations and the refusals.

Why so careful: this file holds the user's proof of payment. A database from a
newer app version is never touched (its schema is unknown to us), and a copy
is taken through SQLite's backup API before any migration runs.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from companion import atomic_write
from companion.store.migrations import LATEST_VERSION, MIGRATIONS
from companion.store.wal_guard import remove_side_files

BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """A storage problem the user can be told about (not a bug)."""


class DatabaseTooNew(StoreError):
    def __init__(self, found: int, supported: int) -> None:
        super().__init__(f"database schema {found} is newer than supported {supported}")
        self.found = found
        self.supported = supported


class DatabaseUnreadable(StoreError):
    """The file is not an SQLite database or cannot be opened at all."""


class DatabaseDamaged(StoreError):
    """SQLite's integrity_check found damage (the detail is its first complaint)."""


def integrity_problem(conn: sqlite3.Connection) -> str | None:
    """None when the full ``PRAGMA integrity_check`` passes, else its first complaint.

    Why the full check and not only quick_check: quick_check does not compare
    an index with its table, so an index that lists rows the table lacks (or
    misses rows it has) passes it, and queries through that index return
    wrong answers until the file is restored.
    """
    try:
        rows = conn.execute("PRAGMA integrity_check(20)").fetchall()
    except sqlite3.DatabaseError as exc:
        if exc.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            return str(exc)
        raise
    first = str(rows[0][0]) if rows else "no answer"
    return None if first == "ok" else first


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: transactions are opened explicitly by
    # ``transaction()``, so nothing is committed half-way by surprise.
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # The database file changes only in the app's own checkpoints, which keep
    # the note store/wal_guard reads true (see there).
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception.

    SQLite itself rolls the transaction back after some errors (a full disk,
    SQLITE_FULL; out of memory). A second ROLLBACK would then fail with
    "cannot rollback - no transaction is active" and hide the real cause,
    so it is issued only while a transaction is still open, and a failing
    ROLLBACK never replaces the error that caused it. A COMMIT that fails
    (the disk filled while writing) rolls back too: all or nothing.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        raise


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


_Shape = tuple[tuple[str, tuple[tuple[str, str, int, int], ...]], ...]


def _shape(conn: sqlite3.Connection) -> _Shape:
    """Every table with its columns (name, type, NOT NULL, key position)."""
    tables = sorted(
        str(r[0])
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    )
    return tuple(
        (
            table,
            tuple(
                (str(c[1]), str(c[2]).upper(), int(c[3]), int(c[5]))
                for c in conn.execute(f'PRAGMA table_info("{table}")')
            ),
        )
        for table in tables
    )


def schema_problem(conn: sqlite3.Connection) -> str | None:
    """None when ``conn`` has exactly the tables and columns this app creates
    for its schema version, else which table differs.

    Why: a database that comes from outside (a file dropped among the
    backups, an archive) is restored *into* the live one; one with tables of
    its own would replace the user's data and then fail half-way.
    """
    version = schema_version(conn)
    if not 0 <= version <= LATEST_VERSION:
        return f"schema version {version}"
    fresh = sqlite3.connect(":memory:")
    try:
        for index in range(version):
            for statement in _statements(MIGRATIONS[index]):
                fresh.execute(statement)
        expected = dict(_shape(fresh))
    finally:
        fresh.close()
    found = dict(_shape(conn))
    for table in sorted(set(expected) | set(found)):
        if expected.get(table) != found.get(table):
            return f"table {table!r} is not as this app makes it"
    return None


def backup_copy(conn: sqlite3.Connection, target: Path) -> Path:
    """Copy a live database consistently through SQLite's online backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with atomic_write.replacing(target) as tmp:
            dest = sqlite3.connect(tmp)
            try:
                conn.backup(dest)
            finally:
                dest.close()
            # A journal left beside the old file would be replayed over the new one.
            remove_side_files(target)
    except BaseException:
        # A full disk stops the copy half-way: the half-written file (removed
        # by atomic_write) and its journal must not stay behind taking the
        # space the user is trying to free.
        journal = atomic_write.side_path(target)
        with suppress(OSError):
            journal.with_name(journal.name + "-journal").unlink(missing_ok=True)
        raise
    return target


def open_database(path: Path, backup_dir: Path | None = None) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the database at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    existed = path.exists() and path.stat().st_size > 0
    try:
        conn = _connect(path)
        version = schema_version(conn)
    except sqlite3.DatabaseError as exc:
        raise DatabaseUnreadable(str(exc)) from exc
    if version > LATEST_VERSION:
        conn.close()
        raise DatabaseTooNew(version, LATEST_VERSION)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        if version < LATEST_VERSION:
            if existed and version > 0 and backup_dir is not None:
                stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
                backup_copy(conn, backup_dir / f"pre-migration-v{version}-{stamp}.sqlite3")
            migrate(conn, version)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseUnreadable(str(exc)) from exc
    return conn


def migrate(
    conn: sqlite3.Connection, from_version: int, to_version: int | None = None
) -> None:
    """Apply the steps up to ``to_version`` (the latest when None)."""
    last = LATEST_VERSION if to_version is None else to_version
    for index in range(from_version, last):
        # executescript() would commit on its own; run statements one by one
        # inside our own transaction so each step is all-or-nothing.
        with transaction(conn):
            for statement in _statements(MIGRATIONS[index]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {index + 1}")


def _statements(script: str) -> Iterator[str]:
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()
