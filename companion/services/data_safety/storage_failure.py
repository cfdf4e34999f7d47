"""Why a write failed (to the database or to a file), in one sentence a user can act on.

Why by error code: SQLite's own text ("database or disk is full", "disk I/O
error") is English and says nothing about what to do. The class of failure
comes from the one classifier (store/sqlite_errors via
services/storage_messages); this module only words it briefly for the import
and export messages, and words a chosen file that cannot be written.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from companion.i18n import _
from companion.i18n.os_errors import os_error_text
from companion.services.data_safety.storage_messages import Fault, fault_of


class WriteFailed(Exception):
    """Nothing was written; the message is one translated sentence."""


def _database_folder(conn: sqlite3.Connection) -> Path | None:
    try:
        for row in conn.execute("PRAGMA database_list"):
            if row[1] == "main" and row[2]:
                return Path(row[2]).parent
    except sqlite3.Error:
        return None
    return None


def storage_failure_message(conn: sqlite3.Connection, exc: sqlite3.Error) -> str:
    """The translated cause of a failed write; the caller says what was kept.

    Classified by the one classifier (``storage_messages.fault_of``, by error
    code, with a look at the folder); only the sentences are short here."""
    fault = fault_of(exc, _database_folder(conn))
    if fault is Fault.DISK_FULL:
        return _("The disk is full. Free some space and try again.")
    if fault in (Fault.READ_ONLY, Fault.CANT_OPEN, Fault.PERMISSION):
        return _("The data folder cannot be written to (it is read-only).")
    if fault is Fault.BUSY:
        return _("Your data is busy in another program; try again in a moment.")
    if fault in (Fault.DAMAGED, Fault.NOT_A_DATABASE):
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
    return _("The file cannot be written: {detail}").format(detail=os_error_text(exc))
