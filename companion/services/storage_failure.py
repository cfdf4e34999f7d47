"""Why a write failed (to the database or to a file), in one sentence a user can act on.

Why by error code: SQLite's own text ("database or disk is full", "disk I/O
error") is English and says nothing about what to do. The class of failure
is read from ``sqlite_errorcode``, never from the message. A disk that fills
while SQLite writes its journal can surface as an I/O error rather than
SQLITE_FULL, so an I/O error on a nearly full disk is told as a full disk.
"""

from __future__ import annotations

import errno
import shutil
import sqlite3
from pathlib import Path

from companion.i18n import _


class WriteFailed(Exception):
    """Nothing was written; the message is one translated sentence."""


#: Below this much free space, an I/O error while writing is the disk filling up.
_NEARLY_FULL = 4 * 1024 * 1024

_READ_ONLY = frozenset(
    {sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM}
)
_BUSY = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})


def _primary(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def _database_folder(conn: sqlite3.Connection) -> Path | None:
    try:
        for row in conn.execute("PRAGMA database_list"):
            if row[1] == "main" and row[2]:
                return Path(row[2]).parent
    except sqlite3.Error:
        return None
    return None


def disk_is_full(conn: sqlite3.Connection, exc: sqlite3.Error) -> bool:
    code = _primary(exc)
    if code == sqlite3.SQLITE_FULL:
        return True
    if code != sqlite3.SQLITE_IOERR:
        return False
    folder = _database_folder(conn)
    try:
        return folder is not None and shutil.disk_usage(folder).free < _NEARLY_FULL
    except OSError:
        return False


def storage_failure_message(conn: sqlite3.Connection, exc: sqlite3.Error) -> str:
    """The translated cause of a failed write; the caller says what was kept."""
    code = _primary(exc)
    if disk_is_full(conn, exc):
        return _("The disk is full. Free some space and try again.")
    if code in _READ_ONLY:
        return _("The data folder cannot be written to (it is read-only).")
    if code in _BUSY:
        return _("Your data is busy in another program; try again in a moment.")
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return _("Your data file is damaged; restore a backup from Settings.")
    return _("The database refused the change: {detail}").format(detail=exc)


def file_write_failure(exc: OSError) -> str:
    """The translated cause of a file that could not be written (by ``errno``)."""
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return _("The disk is full. Free some space and try again.")
    if code == errno.EROFS:
        return _("That place is read-only; choose another folder.")
    if code in (errno.EACCES, errno.EPERM):
        return _("You have no permission to write there; choose another folder.")
    if code == errno.ENOENT:
        return _("That folder does not exist.")
    if code == errno.ENAMETOOLONG:
        return _("The file name is too long.")
    if code == errno.EISDIR:
        return _("That name belongs to a folder; choose a file name.")
    return _("The file cannot be written: {detail}").format(detail=exc.strerror or exc)
