"""A selection of log rows turned into receipt ids, inside SQLite.

Why a temporary table: Select all over 100,000 receipts must never bring
100,000 ids (or rows) into Python. The ids go from the log's own query
straight into ``temp.<name>``, and the confirmation's counts and the delete
itself join that table. Why positions through ROW_NUMBER only for scattered
selections: one range (Select all, a Shift+click block) is the log's query
with LIMIT/OFFSET, as the table itself pages it.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from companion.domain.receipt_selection import ReceiptSelection
from companion.store.receipts_repo import TOTALS_INDEX, order_by, where_clause

_NAME = re.compile(r"[a-z_]+\Z")


def _ordered_source(selection: ReceiptSelection) -> tuple[str, str, list[object]]:
    """FROM … WHERE of the log as it was shown, its ORDER BY, and parameters."""
    where, params = where_clause(selection.flt)
    join = " LEFT JOIN cards c ON c.id = r.card_id" if selection.sort.key == "card" else ""
    return f"FROM receipts r{join}{where}", order_by(selection.sort), params


def fill_selected(conn: sqlite3.Connection, selection: ReceiptSelection, name: str) -> int:
    """Put the selected receipts' ids into ``temp.<name>`` (made empty
    first); returns how many there are now."""
    if not _NAME.match(name):
        raise ValueError(f"not a table name: {name!r}")
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (id INTEGER PRIMARY KEY)")
    conn.execute(f"DELETE FROM temp.{name}")
    source, order, params = _ordered_source(selection)
    if selection.is_everything_shown:
        conn.execute(f"INSERT INTO temp.{name} (id) SELECT r.id {source}", params)
    elif len(selection.ranges) == 1:
        ((first, last),) = selection.ranges
        conn.execute(
            f"INSERT INTO temp.{name} (id) SELECT r.id {source} ORDER BY {order} LIMIT ? OFFSET ?",
            (*params, last - first + 1, first),
        )
    elif selection.ranges:
        # Row positions once, then each range is a lookup by position.
        conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS receipt_positions "
            "(n INTEGER PRIMARY KEY, id INTEGER NOT NULL)"
        )
        conn.execute("DELETE FROM temp.receipt_positions")
        try:
            conn.execute(
                "INSERT INTO temp.receipt_positions (n, id) "
                f"SELECT ROW_NUMBER() OVER (ORDER BY {order}) - 1, r.id {source}",
                params,
            )
            conn.executemany(
                f"INSERT INTO temp.{name} (id) "
                "SELECT id FROM temp.receipt_positions WHERE n BETWEEN ? AND ?",
                selection.ranges,
            )
        finally:
            conn.execute("DELETE FROM temp.receipt_positions")
    return int(conn.execute(f"SELECT COUNT(*) FROM temp.{name}").fetchone()[0])


def drop_selected(conn: sqlite3.Connection, name: str) -> None:
    if not _NAME.match(name):
        raise ValueError(f"not a table name: {name!r}")
    conn.execute(f"DROP TABLE IF EXISTS temp.{name}")


@contextmanager
def selected(conn: sqlite3.Connection, selection: ReceiptSelection, name: str) -> Iterator[int]:
    """``fill_selected`` for the length of a ``with`` block, then dropped."""
    try:
        yield fill_selected(conn, selection, name)
    finally:
        drop_selected(conn, name)


def files_only_in(conn: sqlite3.Connection, name: str) -> int:
    """Attached files that only receipts in ``temp.<name>`` use: the files a
    delete of them would remove once its Undo is over."""
    if not _NAME.match(name):
        raise ValueError(f"not a table name: {name!r}")
    return int(
        conn.execute(
            f"""SELECT COUNT(*) FROM (
                   SELECT l.attachment_id FROM receipt_attachments l
                   JOIN temp.{name} s ON s.id = l.receipt_id
                   GROUP BY l.attachment_id
                   HAVING COUNT(*) = (SELECT COUNT(*) FROM receipt_attachments o
                                      WHERE o.attachment_id = l.attachment_id))"""
        ).fetchone()[0]
    )


def count_among(conn: sqlite3.Connection, name: str, ids: list[int]) -> int:
    """How many of ``ids`` are in ``temp.<name>`` (a check against what the
    table showed)."""
    if not _NAME.match(name):
        raise ValueError(f"not a table name: {name!r}")
    found = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        found += int(
            conn.execute(
                f"SELECT COUNT(*) FROM temp.{name} WHERE id IN ({marks})", chunk
            ).fetchone()[0]
        )
    return found


def everything_counts(
    conn: sqlite3.Connection, selection: ReceiptSelection, ids: list[int]
) -> tuple[int, int, int]:
    """For Select all: (receipts the filter matches, files only they use, how
    many of ``ids`` it matches), read from the indexes and the links alone,
    with no table of ids made."""
    where, params = where_clause(selection.flt)
    count = int(
        conn.execute(f"SELECT COUNT(*) FROM receipts r {TOTALS_INDEX}{where}", params).fetchone()[0]
    )
    files = int(
        conn.execute(
            f"""SELECT COUNT(*) FROM (
                   SELECT l.attachment_id FROM receipt_attachments l
                   JOIN receipts r ON r.id = l.receipt_id{where}
                   GROUP BY l.attachment_id
                   HAVING COUNT(*) = (SELECT COUNT(*) FROM receipt_attachments o
                                      WHERE o.attachment_id = l.attachment_id))""",
            params,
        ).fetchone()[0]
    )
    found = 0
    condition = f"{where} AND" if where else " WHERE"
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        found += int(
            conn.execute(
                f"SELECT COUNT(*) FROM receipts r{condition} r.id IN ({marks})", (*params, *chunk)
            ).fetchone()[0]
        )
    return count, files, found
