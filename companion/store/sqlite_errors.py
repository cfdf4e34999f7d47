"""What kind of storage failure an exception is, read from its error code.

Why codes and not message text: SQLite's messages are English prose that
changes between versions ("database or disk is full", "disk I/O error"), and
the same words appear in unrelated errors. ``sqlite_errorcode`` (Python
3.11+) is the stable contract; its low byte is the primary result code, the
rest only refines it (``SQLITE_IOERR_WRITE`` is ``SQLITE_IOERR`` + detail).

Why one place: the window and every headless command tell the user the same
thing for the same failure, and a bug (a programming error, a constraint the
code should have checked) is never dressed up as "your file may be damaged".
"""

from __future__ import annotations

import enum
import errno
import sqlite3

from companion.store.database import DatabaseDamaged, DatabaseTooNew


class Fault(enum.Enum):
    """A storage failure the user can act on, or a bug."""

    DAMAGED = "damaged"  # SQLITE_CORRUPT: the file's pages are inconsistent
    NOT_A_DATABASE = "not_a_database"  # SQLITE_NOTADB: not an SQLite file at all
    DISK_FULL = "disk_full"  # SQLITE_FULL, ENOSPC, EDQUOT
    IO_ERROR = "io_error"  # SQLITE_IOERR, EIO: the disk or its connection failed
    READ_ONLY = "read_only"  # SQLITE_READONLY, EROFS
    CANT_OPEN = "cant_open"  # SQLITE_CANTOPEN: missing folder, no access to it
    BUSY = "busy"  # SQLITE_BUSY / SQLITE_LOCKED: another program holds the file
    PERMISSION = "permission"  # SQLITE_PERM, SQLITE_AUTH, EACCES, EPERM
    TOO_NEW = "too_new"  # written by a newer version of the app
    BUG = "bug"  # anything else: a mistake in the app, to be reported


#: Failures of the disk or folder the data lives on (not of one file's content).
DISK_FAULTS = frozenset(
    {Fault.DISK_FULL, Fault.IO_ERROR, Fault.READ_ONLY, Fault.CANT_OPEN, Fault.BUSY, Fault.PERMISSION}
)

_BY_PRIMARY_CODE: dict[int, Fault] = {
    sqlite3.SQLITE_CORRUPT: Fault.DAMAGED,
    sqlite3.SQLITE_NOTADB: Fault.NOT_A_DATABASE,
    sqlite3.SQLITE_FULL: Fault.DISK_FULL,
    sqlite3.SQLITE_IOERR: Fault.IO_ERROR,
    sqlite3.SQLITE_READONLY: Fault.READ_ONLY,
    sqlite3.SQLITE_CANTOPEN: Fault.CANT_OPEN,
    sqlite3.SQLITE_BUSY: Fault.BUSY,
    sqlite3.SQLITE_LOCKED: Fault.BUSY,
    sqlite3.SQLITE_PERM: Fault.PERMISSION,
    sqlite3.SQLITE_AUTH: Fault.PERMISSION,
}

_BY_ERRNO: dict[int, Fault] = {
    errno.ENOSPC: Fault.DISK_FULL,
    errno.EDQUOT: Fault.DISK_FULL,
    errno.EIO: Fault.IO_ERROR,
    errno.EROFS: Fault.READ_ONLY,
    errno.EACCES: Fault.PERMISSION,
    errno.EPERM: Fault.PERMISSION,
    errno.ENOENT: Fault.CANT_OPEN,
    errno.ENOTDIR: Fault.CANT_OPEN,
}


def classify(exc: BaseException) -> Fault:
    """The kind of failure ``exc`` is; ``Fault.BUG`` when it is none the user can fix.

    A wrapped error (``raise StoreError(...) from exc``) is classified by its
    cause, so a store exception keeps the code SQLite gave.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DatabaseTooNew):
            return Fault.TOO_NEW
        if isinstance(current, DatabaseDamaged):
            return Fault.DAMAGED
        if isinstance(current, sqlite3.Error):
            code = getattr(current, "sqlite_errorcode", None)
            if isinstance(code, int):
                return _BY_PRIMARY_CODE.get(code & 0xFF, Fault.BUG)
        if isinstance(current, OSError) and current.errno is not None:
            found = _BY_ERRNO.get(current.errno)
            if found is not None:
                return found
        current = current.__cause__
    return Fault.BUG


def is_storage_fault(exc: BaseException) -> bool:
    """True when ``exc`` is a failure of the disk or the file, not a bug."""
    return classify(exc) is not Fault.BUG
