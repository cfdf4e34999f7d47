"""Deleted receipts kept for Undo, in a throw-away SQLite file beside the app.

Why a second database file and not Python objects: a delete of 100,000
receipts kept 100,000 ``Receipt`` objects (and their files) in memory, built
one query at a time — eight seconds with the window frozen — and Undo put
them back one by one. Here the rows move with a few set-based statements
(``INSERT … SELECT`` into the trash, one ``DELETE``), and Undo moves them
back the same way. Why attached per operation and not kept open: a delete
runs on a job thread with its own connection; the trash is attached to
whichever connection does the work and detached after, so the window's
connection, backups and schema checks never see it.

Why not a table in the user's database: the trash lives only as long as the
session's Undo offer (the file is removed when the offer ends or the app
quits); a backup or an archive must never carry it.

Why the pointers to a receipt are kept too: a renewal bought "with a
receipt" points at it with ON DELETE SET NULL; the delete empties that
pointer, and an Undo that only put the receipt back left the renewal
without it for good. The trash remembers each emptied pointer (the row, and
its other columns to recognise it) and Undo sets it again.

Files are remembered by content hash with what is needed to put a dropped
attachment row back (see ``AttachmentStore.reinstate``).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from companion.store.attachments_store import Attachment, AttachmentStore
from companion.store.database import transaction
from companion.store.receipt_selection_sql import files_only_in
from companion.store.receipts_repo import RECEIPT_COLUMNS

#: The columns compared to tell "this receipt is already back" (a restored
#: backup held it) from "another receipt has its id now".
_SAME = [c.strip() for c in RECEIPT_COLUMNS.split(",")]

_SCHEMA = (
    # Columns as the live table has them, whatever the schema version.
    "CREATE TABLE IF NOT EXISTS trash.deleted_receipts AS "
    "SELECT 0 AS batch, '' AS card_created, r.* FROM main.receipts r WHERE 0",
    "CREATE INDEX IF NOT EXISTS trash.deleted_receipts_batch ON deleted_receipts (batch, id)",
    "CREATE TABLE IF NOT EXISTS trash.deleted_links (batch INTEGER NOT NULL, receipt_id INTEGER NOT NULL,"
    " position INTEGER NOT NULL, sha256 TEXT NOT NULL, extension TEXT NOT NULL,"
    " media_type TEXT NOT NULL, size INTEGER NOT NULL, original_name TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS trash.deleted_links_batch ON deleted_links (batch, receipt_id)",
    # Rows elsewhere that pointed at a deleted receipt and that SQLite set to
    # NULL with it (a renewal's "Renew with a receipt"): which row, and what
    # it held besides, so Undo links that same row again and no other.
    "CREATE TABLE IF NOT EXISTS trash.deleted_refs (batch INTEGER NOT NULL, tbl TEXT NOT NULL,"
    " col TEXT NOT NULL, row_id INTEGER NOT NULL, receipt_id INTEGER NOT NULL,"
    " fingerprint TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS trash.deleted_refs_batch ON deleted_refs (batch, tbl, col, row_id)",
)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class TrashedBatch:
    """What one delete put in the trash."""

    batch: int
    receipts: int
    #: Every distinct file the deleted receipts used, held while Undo waits.
    files: tuple[Attachment, ...]
    #: Of those, the files no remaining receipt uses (removed when Undo ends).
    files_only_theirs: int


#: Below this many rows, and when the rest of the table is more than
#: ``_REBUILD_RATIO`` times larger, each index is updated row by row.
_REBUILD_FROM = 2_000
_REBUILD_RATIO = 5


def _rebuild_pays(changed: int, others: int) -> bool:
    """Whether dropping and re-creating the receipt indexes is cheaper than
    updating them row by row: 100,000 rows leaving eight indexes cost ~4.5 s
    of CPU one by one, ~0.6 s dropped and rebuilt over what stays."""
    return changed >= _REBUILD_FROM and changed * _REBUILD_RATIO >= others


@contextmanager
def receipt_indexes_set_aside(conn: sqlite3.Connection, wanted: bool) -> Iterator[None]:
    """Inside the caller's transaction: the receipt table's indexes dropped,
    then made again from their own stored SQL (so the schema is exactly as
    before), with any planner statistics SQLite kept for them. Public for
    whoever loads many rows at once (the 100,000-receipt tests do)."""
    if not wanted:
        yield
        return
    indexes = conn.execute(
        "SELECT name, sql FROM main.sqlite_master "
        "WHERE type = 'index' AND tbl_name = 'receipts' AND sql IS NOT NULL"
    ).fetchall()
    has_stats = conn.execute(
        "SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
    ).fetchone()
    stats = (
        conn.execute("SELECT idx, stat FROM main.sqlite_stat1 WHERE tbl = 'receipts'").fetchall()
        if has_stats
        else []
    )
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX main."{name}"')
    yield
    for _name, sql in indexes:
        conn.execute(sql)
    if stats:
        conn.execute("DELETE FROM main.sqlite_stat1 WHERE tbl = 'receipts'")
        conn.executemany(
            "INSERT INTO main.sqlite_stat1 (tbl, idx, stat) VALUES ('receipts', ?, ?)",
            [(r[0], r[1]) for r in stats],
        )


@contextmanager
def attached(conn: sqlite3.Connection, trash: Path) -> Iterator[sqlite3.Connection]:
    """``conn`` with the trash file attached as ``trash`` for a ``with`` block."""
    trash.parent.mkdir(parents=True, exist_ok=True)
    conn.execute("ATTACH DATABASE ? AS trash", (str(trash),))
    try:
        # Throw-away data: a crash loses the Undo offer anyway.
        conn.execute("PRAGMA trash.journal_mode = MEMORY")
        conn.execute("PRAGMA trash.synchronous = OFF")
        for statement in _SCHEMA:
            conn.execute(statement)
        yield conn
    finally:
        conn.execute("DETACH DATABASE trash")


def _child_actions(conn: sqlite3.Connection) -> list[tuple[str, str, str]] | None:
    """(table, column, action) of every foreign key pointing at receipts, when
    each is a plain ON DELETE CASCADE or SET NULL on a table nothing else
    points at; None otherwise (then SQLite itself carries them out)."""
    found = [
        (str(r[0]), str(r[1]), str(r[2]).upper())
        for r in conn.execute(
            'SELECT m.name, p."from", p.on_delete FROM main.sqlite_master m '
            "JOIN pragma_foreign_key_list(m.name) p "
            "WHERE m.type = 'table' AND p.\"table\" = 'receipts'"
        )
    ]
    for table, _column, action in found:
        chained = conn.execute(
            "SELECT 1 FROM main.sqlite_master m JOIN pragma_foreign_key_list(m.name) p "
            "WHERE m.type = 'table' AND p.\"table\" = ?",
            (table,),
        ).fetchone()
        if chained is not None or action not in ("CASCADE", "SET NULL"):
            return None
    return found


@contextmanager
def _foreign_keys_by_hand(
    conn: sqlite3.Connection, wanted: bool
) -> Iterator[list[tuple[str, str, str]] | None]:
    """Foreign keys off for one big delete, with their actions returned for
    the caller to carry out set-based: SQLite runs them once per deleted row
    (~0.5 s of CPU for 100,000 receipts). Off and on again outside the
    transaction, as SQLite requires."""
    actions = _child_actions(conn) if wanted else None
    if actions is None:
        yield None
        return
    was_on = bool(conn.execute("PRAGMA foreign_keys").fetchone()[0])
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        yield actions
    finally:
        if was_on:
            conn.execute("PRAGMA foreign_keys = ON")


def _set_null_pointers(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(table, column, fingerprint SQL) of every ON DELETE SET NULL foreign
    key pointing at receipts; the fingerprint is the row's other columns,
    quoted and joined, read through the alias ``c``."""
    found = []
    for table, column in conn.execute(
        'SELECT m.name, p."from" FROM main.sqlite_master m '
        "JOIN pragma_foreign_key_list(m.name) p "
        "WHERE m.type = 'table' AND p.\"table\" = 'receipts' AND upper(p.on_delete) = 'SET NULL'"
    ).fetchall():
        others = [
            str(r[0])
            for r in conn.execute("SELECT name FROM pragma_table_info(?)", (table,))
            if r[0] != column
        ]
        fingerprint = " || ',' || ".join(f'quote(c."{name}")' for name in others) or "''"
        found.append((str(table), str(column), fingerprint))
    return found


def _remember_pointers(conn: sqlite3.Connection, batch: int, doomed: str) -> None:
    """Before the delete: the rows whose pointer to a doomed receipt SQLite
    is about to set to NULL."""
    for table, column, fingerprint in _set_null_pointers(conn):
        conn.execute(
            "INSERT INTO trash.deleted_refs (batch, tbl, col, row_id, receipt_id, fingerprint) "
            f'SELECT ?, ?, ?, c.rowid, c."{column}", {fingerprint} FROM main."{table}" c '
            f'WHERE c."{column}" IN (SELECT id FROM temp.{doomed})',
            (batch, table, column),
        )


def _restore_pointers(conn: sqlite3.Connection, batch: int) -> None:
    """After Undo put the receipts back (``temp.back_receipts``: old id ->
    id now): each remembered row points at its receipt again, if it is
    still there, unchanged and still pointing nowhere."""
    for table, column, fingerprint in _set_null_pointers(conn):
        conn.execute(
            f'UPDATE main."{table}" AS c SET "{column}" = ('
            "SELECT b.new FROM trash.deleted_refs r "
            "JOIN temp.back_receipts b ON b.old = r.receipt_id "
            "WHERE r.batch = ? AND r.tbl = ? AND r.col = ? AND r.row_id = c.rowid "
            f"AND r.fingerprint = {fingerprint}) "
            f'WHERE c."{column}" IS NULL AND c.rowid IN ('
            "SELECT row_id FROM trash.deleted_refs WHERE batch = ? AND tbl = ? AND col = ?)",
            (batch, table, column, batch, table, column),
        )


def move_to_trash(
    conn: sqlite3.Connection,
    trash: Path,
    batch: int,
    fill: Callable[[sqlite3.Connection, str], int],
    progress: Progress,
    expected: int = 0,
) -> TrashedBatch:
    """Delete the receipts ``fill`` puts into ``temp.<name>``, keeping them in
    the trash under ``batch``; one transaction, all or nothing. ``expected``
    (about how many) chooses how the table's indexes and keys are kept."""
    name = "doomed_receipts"
    steps = 5
    total = int(conn.execute("SELECT COUNT(*) FROM main.receipts").fetchone()[0])
    big = _rebuild_pays(expected, total - expected)
    with (
        _foreign_keys_by_hand(conn, big) as by_hand,
        attached(conn, trash),
        transaction(conn),
    ):
        try:
            progress(0, steps)
            count = fill(conn, name)
            progress(1, steps)
            only_theirs = files_only_in(conn, name)
            conn.execute(
                "INSERT INTO trash.deleted_receipts SELECT ?, c.created_utc, r.* FROM main.receipts r "
                f"JOIN temp.{name} d ON d.id = r.id LEFT JOIN main.cards c ON c.id = r.card_id",
                (batch,),
            )
            progress(2, steps)
            conn.execute(
                "INSERT INTO trash.deleted_links SELECT ?, l.receipt_id, l.position, a.sha256, "
                "a.extension, a.media_type, a.size, a.original_name "
                f"FROM temp.{name} d JOIN main.receipt_attachments l ON l.receipt_id = d.id "
                "JOIN main.attachments a ON a.id = l.attachment_id",
                (batch,),
            )
            _remember_pointers(conn, batch, name)
            progress(3, steps)
            # The links go with their receipts (ON DELETE CASCADE).
            with receipt_indexes_set_aside(conn, big):
                for table, column, action in by_hand or []:
                    doomed = f'"{column}" IN (SELECT id FROM temp.{name})'
                    conn.execute(
                        f'DELETE FROM main."{table}" WHERE {doomed}'
                        if action == "CASCADE"
                        else f'UPDATE main."{table}" SET "{column}" = NULL WHERE {doomed}'
                    )
                conn.execute(f"DELETE FROM main.receipts WHERE id IN (SELECT id FROM temp.{name})")
            progress(4, steps)
            files = tuple(
                Attachment(0, str(r[0]), str(r[1]), str(r[2]), int(r[3]), str(r[4]))
                for r in conn.execute(
                    "SELECT sha256, MIN(extension), MIN(media_type), MIN(size), "
                    "MIN(original_name) FROM trash.deleted_links WHERE batch = ? GROUP BY sha256",
                    (batch,),
                )
            )
        finally:
            conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
    progress(steps, steps)
    return TrashedBatch(batch, count, files, only_theirs)


def bring_back(
    conn: sqlite3.Connection,
    trash: Path,
    batch: int,
    store: AttachmentStore,
    now: dt.datetime,
    progress: Progress,
) -> list[int]:
    """Put ``batch`` back, with the same files (found by content), under the
    old ids unless another receipt holds one now; returns the receipts' ids.

    A receipt whose card was deleted meanwhile, or whose card id now names
    another card (a restore or import), comes back with no card.
    """
    columns = RECEIPT_COLUMNS
    picked = ", ".join(
        "CASE WHEN t.card_created IS NOT NULL AND t.card_created = "
        "(SELECT created_utc FROM main.cards WHERE id = t.card_id) THEN t.card_id END"
        if c == "card_id"
        else f"t.{c}"
        for c in _SAME
    )
    steps = 5
    with attached(conn, trash), transaction(conn):
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS back_receipts (old INTEGER PRIMARY KEY, new INTEGER)"
        )
        conn.execute("DELETE FROM temp.back_receipts")
        try:
            progress(0, steps)
            for row in conn.execute(
                "SELECT DISTINCT sha256, extension, media_type, size, original_name "
                "FROM trash.deleted_links WHERE batch = ? "
                "AND sha256 NOT IN (SELECT sha256 FROM main.attachments)",
                (batch,),
            ).fetchall():
                # Dropped meanwhile (a restored backup without it): back if intact.
                store.reinstate(Attachment(0, row[0], row[1], row[2], int(row[3]), row[4]), now)
            progress(1, steps)
            conn.execute(
                "INSERT INTO temp.back_receipts (old, new) SELECT t.id, t.id FROM trash.deleted_receipts t "
                "WHERE t.batch = ? AND t.id NOT IN (SELECT id FROM main.receipts)",
                (batch,),
            )
            same = " AND ".join(f"r.{c} IS t.{c}" for c in _SAME)
            present = conn.execute(
                f"SELECT t.id, {same} FROM trash.deleted_receipts t JOIN main.receipts r ON r.id = t.id "
                "WHERE t.batch = ? ORDER BY t.id",
                (batch,),
            ).fetchall()
            # Already back (a restored backup held it, files and all): kept as it is.
            already = {int(r[0]) for r in present if r[1]}
            taken = [int(r[0]) for r in present if not r[1]]
            coming = int(conn.execute("SELECT COUNT(*) FROM temp.back_receipts").fetchone()[0])
            others = int(conn.execute("SELECT COUNT(*) FROM main.receipts").fetchone()[0])
            with receipt_indexes_set_aside(conn, _rebuild_pays(coming, others)):
                conn.execute(
                    f"INSERT INTO main.receipts (id, {columns}) SELECT t.id, {picked} "
                    "FROM trash.deleted_receipts t JOIN temp.back_receipts b ON b.old = t.id "
                    "WHERE t.batch = ? ORDER BY t.id",
                    (batch,),
                )
            progress(2, steps)
            for old in taken:  # another receipt has the id now: a new one
                cur = conn.execute(
                    f"INSERT INTO main.receipts ({columns}) SELECT {picked} "
                    "FROM trash.deleted_receipts t WHERE t.batch = ? AND t.id = ?",
                    (batch, old),
                )
                conn.execute(
                    "INSERT INTO temp.back_receipts (old, new) VALUES (?, ?)", (old, cur.lastrowid)
                )
            progress(3, steps)
            conn.execute(
                "INSERT OR IGNORE INTO main.receipt_attachments (receipt_id, attachment_id, "
                "position) SELECT b.new, a.id, l.position FROM trash.deleted_links l "
                "JOIN temp.back_receipts b ON b.old = l.receipt_id "
                "JOIN main.attachments a ON a.sha256 = l.sha256 WHERE l.batch = ?",
                (batch,),
            )
            _restore_pointers(conn, batch)
            progress(4, steps)
            if already:
                back = {
                    int(r[0]): int(r[1])
                    for r in conn.execute("SELECT old, new FROM temp.back_receipts")
                }
                restored = [back.get(old, old) for old in sorted(back.keys() | already)]
            else:  # the usual case: read in the old ids' order, no set or sort in Python
                restored = [
                    int(r[0]) for r in conn.execute("SELECT new FROM temp.back_receipts ORDER BY old")
                ]
            others = conn.execute(
                "SELECT 1 FROM trash.deleted_receipts WHERE batch <> ? LIMIT 1", (batch,)
            ).fetchone()
            for table in ("deleted_receipts", "deleted_links", "deleted_refs"):
                if others is None:  # the only batch: emptied whole, not row by row
                    conn.execute(f"DELETE FROM trash.{table}")
                else:
                    conn.execute(f"DELETE FROM trash.{table} WHERE batch = ?", (batch,))
        finally:
            conn.execute("DROP TABLE IF EXISTS temp.back_receipts")
    progress(steps, steps)
    return restored
