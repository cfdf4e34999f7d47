"""The rows of an incoming database, checked before it is trusted.

Why more than the schema: the right tables can still hold rows the app never
writes. SQLite does not re-check CHECK and NOT NULL rules on rows already in
a file (integrity_check passes a negative amount put there by hand); an
attachment row whose hash is ``../../..`` names a path outside the
attachments folder, which deleting the receipt would then remove; a zone such
as ``Europe`` or a date like ``yesterday`` makes the receipts page fail when
it reads the row. So every row is copied through a temporary table built
from the app's own CREATE statement (which applies every rule), attachment
rows must name a content hash and an extension the app allows, zone names are
checked before anything looks them up, and every card and receipt is read
through the app's own code, as the window will read it.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

from companion.domain.zone_names import is_known_zone
from companion.i18n import _
from companion.services.data_safety.archive_checks import ArchiveRejected, refuse
from companion.store.attachments_store import ALLOWED_EXTENSIONS
from companion.store.cards_repo import row_to_card
from companion.store.receipts_repo import row_to_receipt
from companion.zip_safety import shown

#: Rows copied per step: memory stays small for 100,000 receipts.
_BATCH = 2000
_CREATE = re.compile(r"^CREATE TABLE (\w+)")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
#: Every zone the app will turn into a ZoneInfo when it reads these rows.
_ZONES = (
    "SELECT paid_zone FROM receipts UNION SELECT expiry_zone FROM cards "
    "WHERE expiry_zone IS NOT NULL UNION SELECT expiry_zone FROM renewals"
)
_DECODE_ERRORS = (ValueError, TypeError, KeyError, OverflowError)


def _breaks_rules(table: str) -> ArchiveRejected:
    return refuse(
        _("The database inside the archive holds rows that break the rules of its table “{table}”.")
        .format(table=table)
    )


def _unreadable_card(row_id: object) -> ArchiveRejected:
    return refuse(
        _("The database inside the archive holds a card this app cannot read (number {id}).")
        .format(id=row_id)
    )


def _unreadable_receipt(row_id: object) -> ArchiveRejected:
    return refuse(
        _("The database inside the archive holds a receipt this app cannot read (number {id}).")
        .format(id=row_id)
    )


def _unreadable_attachment(row_id: object) -> ArchiveRejected:
    return refuse(
        _(
            "The database inside the archive holds an attachment this app cannot read "
            "(number {id})."
        ).format(id=row_id)
    )


def _check_rules(conn: sqlite3.Connection, create_tables: Iterable[str]) -> None:
    """Copy every row through a TEMP table made by the app's own statement."""
    conn.execute("PRAGMA temp_store = MEMORY")  # never a temporary file elsewhere
    for statement in create_tables:
        match = _CREATE.match(statement)
        if match is None:
            continue
        table = match.group(1)
        conn.execute(_CREATE.sub(f"CREATE TEMP TABLE check_{table}", statement, count=1))
        try:
            last = None
            while True:
                rows = conn.execute(
                    f"SELECT rowid, * FROM main.{table} WHERE ? IS NULL OR rowid > ? "
                    f"ORDER BY rowid LIMIT {_BATCH}",
                    (last, last),
                ).fetchall()
                if not rows:
                    break
                marks = ", ".join("?" * (len(rows[0]) - 1))
                try:
                    conn.executemany(
                        f"INSERT INTO temp.check_{table} VALUES ({marks})",
                        [tuple(r)[1:] for r in rows],
                    )
                except sqlite3.IntegrityError as exc:
                    raise _breaks_rules(table) from exc
                conn.execute(f"DELETE FROM temp.check_{table}")
                last = rows[-1][0]
        finally:
            conn.execute(f"DROP TABLE temp.check_{table}")


def check_rows(conn: sqlite3.Connection, create_tables: Iterable[str]) -> None:
    """ArchiveRejected for the first row the app would not have written or
    cannot read; ``create_tables``: the app's CREATE TABLE statements."""
    _check_rules(conn, create_tables)
    for (zone,) in conn.execute(_ZONES):
        if not isinstance(zone, str) or not is_known_zone(zone):
            raise refuse(
                _("The database inside the archive holds an unknown time zone: {zone}").format(
                    zone=shown(str(zone))
                )
            )
    for row_id, sha, extension, size in conn.execute(
        "SELECT id, sha256, extension, size FROM attachments"
    ):
        if (
            not isinstance(sha, str)
            or not _SHA256.match(sha)
            or extension not in ALLOWED_EXTENSIONS
            or not isinstance(size, int)
            or size < 0
        ):
            raise _unreadable_attachment(row_id)
    conn.row_factory = sqlite3.Row
    try:
        for row in conn.execute("SELECT * FROM cards"):
            try:
                row_to_card(row)
            except _DECODE_ERRORS as exc:
                raise _unreadable_card(row["id"]) from exc
        for row in conn.execute("SELECT * FROM receipts"):
            try:
                row_to_receipt(row)
            except _DECODE_ERRORS as exc:
                raise _unreadable_receipt(row["id"]) from exc
    finally:
        conn.row_factory = None
