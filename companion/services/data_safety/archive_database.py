"""The database inside an archive is checked before it is trusted.

Why: a database is code as much as data. A trigger can delete every receipt
on the next insert, a view can loop forever, a renamed table makes every
later write fail, and nothing stops a manifest from claiming counts the
database does not hold. So the incoming file (already a private copy in a
staging folder inside the data folder) is opened read-only, under a time
limit, and compared with the schema this app itself creates for the same
version: the same tables with the same columns, the same indexes, and no
trigger or view the app did not make. SQLite's full ``integrity_check`` and
``foreign_key_check`` must pass, every row must keep its table's rules and
read through the app's own code (archive_rows), and the counts shown to the
user are read from this database, never from the manifest.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from companion.i18n import N_, _
from companion.services.data_safety.archive_checks import ArchiveRejected, damaged_database, refuse
from companion.services.data_safety.archive_rows import check_rows
from companion.store.database import migrate, schema_version
from companion.store.migrations import LATEST_VERSION

#: SQLite calls the time check once per this many virtual-machine steps.
_STEPS = 1_000
#: sqlite_master kinds, as the user reads them in a message.
_KINDS = {
    "table": N_("table"),
    "index": N_("index"),
    "trigger": N_("trigger"),
    "view": N_("view"),
}

#: The key of the file settings among the schema details (not a table name:
#: SQLite reserves names starting with "sqlite_").
_SETTINGS = "sqlite_file_settings"
#: One object of a schema: (type, name, table, SQL text).
SchemaRow = tuple[str, str, str, str]


@dataclass(frozen=True)
class DatabaseSummary:
    """What an incoming database holds, counted in the database itself."""

    schema_version: int
    cards: int
    receipts: int


def _objects(conn: sqlite3.Connection) -> dict[tuple[str, str], SchemaRow]:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {(str(r[0]), str(r[1])): (str(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows}


def _columns(conn: sqlite3.Connection, table: str) -> list[tuple[object, ...]]:
    # name, declared type, not null, default, primary-key position, hidden.
    rows = conn.execute("SELECT * FROM pragma_table_xinfo(?)", (table,)).fetchall()
    return [tuple(r)[1:] for r in rows]


def _index_columns(conn: sqlite3.Connection, index: str) -> list[tuple[object, ...]]:
    rows = conn.execute("SELECT * FROM pragma_index_xinfo(?)", (index,)).fetchall()
    return [tuple(r) for r in rows]


#: File settings the app never changes: a different page size cannot even be
#: copied into the open database, which is in WAL mode.
_FILE_PRAGMAS = ("page_size", "encoding", "auto_vacuum")


def _file_settings(conn: sqlite3.Connection) -> dict[str, object]:
    return {name: conn.execute(f"PRAGMA {name}").fetchone()[0] for name in _FILE_PRAGMAS}


@cache
def expected_schema(version: int) -> tuple[dict[tuple[str, str], SchemaRow], dict[str, object]]:
    """sqlite_master, every table's and index's columns and the file settings,
    as this app's own migrations create them for ``version``: built in a
    temporary file (an in-memory database has no page size of its own)."""
    with tempfile.TemporaryDirectory(prefix="companion-schema-") as tmp:
        conn = sqlite3.connect(Path(tmp) / "fresh.sqlite3", isolation_level=None)
        try:
            migrate(conn, 0, version)
            objects = _objects(conn)
            details = _details(conn, objects)
            details[_SETTINGS] = _file_settings(conn)
            return objects, details
        finally:
            conn.close()


def _details(
    conn: sqlite3.Connection, objects: dict[tuple[str, str], SchemaRow]
) -> dict[str, object]:
    details: dict[str, object] = {}
    for kind, name in objects:
        if kind == "table":
            details[name] = _columns(conn, name)
        elif kind == "index":
            details[name] = _index_columns(conn, name)
    return details


def _differs(kind: str, name: str) -> ArchiveRejected:
    return refuse(
        _(
            "The database inside the archive does not have the structure this app "
            "creates: the {kind} “{name}” differs."
        ).format(kind=_(_KINDS.get(kind, kind)), name=name)
    )


def _compare(conn: sqlite3.Connection, version: int) -> None:
    want, want_details = expected_schema(version)
    if _file_settings(conn) != want_details[_SETTINGS]:
        raise refuse(
            _(
                "The database inside the archive is stored with file settings this app "
                "never uses (page size, text encoding or auto-vacuum)."
            )
        )
    have = _objects(conn)
    for key in sorted(set(have) - set(want)):
        kind, name = key
        raise refuse(
            _(
                "The database inside the archive holds something this app never creates: "
                "the {kind} “{name}”."
            ).format(kind=_(_KINDS.get(kind, kind)), name=name[:80])
        )
    for key in sorted(set(want) - set(have)):
        kind, name = key
        raise refuse(
            _(
                "The database inside the archive does not have the structure this app "
                "creates: the {kind} “{name}” is missing."
            ).format(kind=_(_KINDS.get(kind, kind)), name=name)
        )
    for key in sorted(want):
        if have[key] != want[key]:
            raise _differs(*key)
    have_details = _details(conn, have)
    for name in sorted(n for n in want_details if n != _SETTINGS):
        if have_details.get(name) != want_details[name]:
            kind = "table" if ("table", name) in want else "index"
            raise _differs(kind, name)


def _first(rows: list[sqlite3.Row] | list[tuple[object, ...]]) -> str:
    return str(rows[0][0]) if rows else "no answer"


def _check(conn: sqlite3.Connection) -> DatabaseSummary:
    version = schema_version(conn)
    if version > LATEST_VERSION:
        raise refuse(_("The archive was made by a newer version of Travel Card Companion."))
    if version < 1:
        raise refuse(_("The database inside the archive was not made by Travel Card Companion."))
    _compare(conn, version)
    problem = _first(conn.execute("PRAGMA integrity_check(1)").fetchall())
    if problem != "ok":
        raise damaged_database(problem)
    if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
        raise damaged_database(_("some rows refer to rows that do not exist"))
    objects = expected_schema(version)[0].values()
    check_rows(conn, [sql for kind, _name, _table, sql in objects if kind == "table"])
    cards = int(conn.execute("SELECT count(*) FROM cards").fetchone()[0])
    receipts = int(conn.execute("SELECT count(*) FROM receipts").fetchone()[0])
    return DatabaseSummary(version, cards, receipts)


def check_database(path: Path, seconds: float) -> DatabaseSummary:
    """Open ``path`` read-only and check it; ArchiveRejected says what is wrong.

    ``path`` must be a private copy: opening it may create ``-wal``/``-shm``
    files beside it, which the caller's staging folder takes away.
    """
    deadline = time.monotonic() + seconds

    def too_long() -> int:
        return 1 if time.monotonic() > deadline else 0

    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise damaged_database(str(exc)) from exc
    try:
        conn.set_progress_handler(too_long, _STEPS)
        try:
            return _check(conn)
        except sqlite3.OperationalError as exc:
            if time.monotonic() > deadline:
                raise refuse(
                    _("Checking the database inside the archive took too long.")
                ) from exc
            raise damaged_database(str(exc)) from exc
        except sqlite3.Error as exc:
            raise damaged_database(str(exc)) from exc
    finally:
        conn.close()
