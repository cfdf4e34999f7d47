"""One translated sentence for each storage failure: what is wrong, what to do.

Why shared: the window (at start and on any later error) and every headless
command (``companion export|backup|restore|reminders …``) report the same
failure in the same words, classified by SQLite's error code in
``store/sqlite_errors`` and never by the English text of the message. A bug
is told as a bug, with the log file to report, not as a damaged file.

Why one module: the short causes used inside import and export messages
(``storage_failure_message``, ``file_write_failure``) word the same faults,
so they live beside the long ones and a newcomer finds every wording here.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path
from typing import NamedTuple

from companion.i18n import _
from companion.i18n.os_errors import known_errnos, os_error_text
from companion.paths import DataPaths
from companion.store.database import DatabaseTooNew
from companion.store.sqlite_errors import DISK_FAULTS, Fault, classify

__all__ = [
    "DISK_FAULTS",
    "BackupProblem",
    "Fault",
    "WriteFailed",
    "backup_problem",
    "backup_problem_text",
    "bug_message",
    "fault_message",
    "fault_of",
    "file_write_failure",
    "storage_failure_message",
    "storage_message",
]

#: Below this much free space, an I/O error while writing is a full disk:
#: SQLite reports a failed write as SQLITE_IOERR as often as SQLITE_FULL.
NEARLY_FULL_BYTES = 1024 * 1024


def fault_of(exc: BaseException, folder: Path | None = None) -> Fault:
    """``classify``, plus one look at the folder: an I/O error on a disk with
    no space left is the full disk it is, and a file that cannot be opened in
    a folder that cannot be written is a read-only folder."""
    fault = classify(exc)
    if folder is None or fault not in (Fault.IO_ERROR, Fault.CANT_OPEN):
        return fault
    if disk_is_full(folder):
        return Fault.DISK_FULL
    # SQLite says "unable to open database file" when it cannot create the
    # -wal or -shm file beside the database in a read-only folder.
    if fault is Fault.CANT_OPEN and folder.is_dir() and not os.access(folder, os.W_OK):
        return Fault.READ_ONLY
    return fault


def disk_is_full(folder: Path) -> bool:
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        return shutil.disk_usage(probe).free < NEARLY_FULL_BYTES
    except OSError:
        return False


def fault_message(
    fault: Fault, database: Path, log_path: Path | None = None, exc: BaseException | None = None
) -> str:
    """The sentence for ``fault``; ``database`` is the data file it concerns."""
    folder = database.parent
    if fault is Fault.DAMAGED:
        return _(
            "Your data file is damaged, so it cannot be used. Nothing was changed; open "
            "the Travel Card Companion window to restore the newest good backup.\n\n"
            "File: {path}"
        ).format(path=database)
    if fault is Fault.NOT_A_DATABASE:
        return _(
            "Your data file is not a database Travel Card Companion can read; it may be "
            "damaged. Nothing was changed; open the Travel Card Companion window to "
            "restore the newest good backup.\n\nFile: {path}"
        ).format(path=database)
    if fault is Fault.DISK_FULL:
        return _(
            "The disk holding your data is full, so nothing was saved. Free some space "
            "and try again.\n\nFolder: {path}"
        ).format(path=folder)
    if fault is Fault.IO_ERROR:
        return _(
            "The disk holding your data failed to read or write it. Nothing was changed; "
            "check the disk (or its cable or network connection) and try again.\n\n"
            "Folder: {path}"
        ).format(path=folder)
    if fault is Fault.READ_ONLY:
        return _(
            "Your data folder is read-only, so nothing can be saved. Check its permissions, "
            "or use --data-dir with a folder you can write to.\n\nFolder: {path}"
        ).format(path=folder)
    if fault is Fault.CANT_OPEN:
        return _(
            "Your data file cannot be opened: its folder is missing or cannot be entered. "
            "Check that the folder exists and that you may write to it, or use --data-dir "
            "with another folder.\n\nFolder: {path}"
        ).format(path=folder)
    if fault is Fault.BUSY:
        return _(
            "Your data is in use by another program right now. Wait for it to finish (or "
            "close it) and try again.\n\nFile: {path}"
        ).format(path=database)
    if fault is Fault.PERMISSION:
        return _(
            "You are not allowed to change your data file. Check the permissions of the "
            "file and its folder, or use --data-dir with a folder you own.\n\nFile: {path}"
        ).format(path=database)
    if fault is Fault.TOO_NEW and isinstance(exc, DatabaseTooNew):
        return _(
            "Your data file was written by a newer version of Travel Card Companion "
            "(data version {found}; this version reads up to {supported}). It has not "
            "been changed. Install the newer version to open it.\n\nFile: {path}"
        ).format(found=exc.found, supported=exc.supported, path=database)
    return bug_message(log_path)


def bug_message(log_path: Path | None) -> str:
    """A mistake in the app: say so, and where the details are for a report."""
    text = _(
        "Something unexpected went wrong: this is a bug in Travel Card Companion, not a "
        "problem with your data. Please report it."
    )
    where = (
        _("Details were written to the log: {path}").format(path=log_path)
        if log_path is not None
        else _("The log could not be written.")
    )
    return text + "\n\n" + where


def storage_message(exc: BaseException, database: Path, log_path: Path | None = None) -> str:
    """The sentence for the failure ``exc`` met while using ``database``."""
    return fault_message(fault_of(exc, database.parent), database, log_path, exc)


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

    Classified by the one classifier (``fault_of``, by error
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


class BackupProblem(NamedTuple):
    """Why a backup could not be made, kept as facts and not as words: it is
    stored and told again later, in the language chosen then."""

    fault: str  # a ``Fault`` value
    place: str  # "backups" (the folder), "not_a_folder" (a file in its place),
    #             "attachment" (a file being kept), "data" (the data file), "log"
    path: str  # the folder or file concerned (the log, for a bug)
    errno: int | None  # the operating system's code, when it gave one


def backup_problem(exc: BaseException, paths: DataPaths) -> BackupProblem:
    """What ``exc``, met while backing up the data of ``paths``, says is wrong.

    Read from the error code (``fault_of``) and the file system, never from
    the English text of the error."""
    code = exc.errno if isinstance(exc, OSError) else None
    backups = paths.backups
    if backups.exists() and not backups.is_dir():
        return BackupProblem(Fault.CANT_OPEN.value, "not_a_folder", str(backups), code)
    fault = fault_of(exc, backups if backups.is_dir() else paths.root)
    filename = exc.filename if isinstance(exc, OSError) else None
    if isinstance(filename, str) and Path(filename).is_relative_to(paths.attachments):
        return BackupProblem(fault.value, "attachment", filename, code)
    if fault in (Fault.DAMAGED, Fault.NOT_A_DATABASE, Fault.BUSY, Fault.TOO_NEW):
        return BackupProblem(fault.value, "data", str(paths.database), code)
    if fault is Fault.BUG:
        return BackupProblem(fault.value, "log", str(paths.log_dir / "companion.log"), code)
    return BackupProblem(fault.value, "backups", str(backups), code)


def backup_problem_text(problem: BackupProblem) -> str:
    """What is wrong and what to do, as a clause that follows a colon
    ("The automatic backup failed on …: <this>")."""
    path = problem.path
    cause = os_error_text(OSError(problem.errno, "")) if _has_phrase(problem.errno) else None
    if problem.place == "not_a_folder":
        return _(
            "a file is where the backups folder should be ({path}); move or rename that "
            "file, and the next backup makes the folder."
        ).format(path=path)
    if problem.place == "attachment":
        if cause is not None:
            return _(
                "the attached file {path} cannot be read ({cause}); check that it is still "
                "there and that you may read it."
            ).format(path=path, cause=cause)
        return _(
            "the attached file {path} cannot be read; check that it is still there and "
            "that you may read it."
        ).format(path=path)
    fault = Fault(problem.fault) if problem.fault in {f.value for f in Fault} else Fault.BUG
    if fault is Fault.DISK_FULL:
        return _("the disk that holds {path} is full; free some space on it.").format(path=path)
    if fault is Fault.IO_ERROR:
        return _(
            "the disk that holds {path} failed to read or write; check the disk (or its "
            "cable or network connection)."
        ).format(path=path)
    if fault in (Fault.DAMAGED, Fault.NOT_A_DATABASE):
        return _(
            "your data file is damaged; restore a backup in Settings → Data and backups."
        )
    if fault is Fault.BUSY:
        return _(
            "your data was in use by another program; close that program, and the backup "
            "is tried again within the hour."
        )
    if fault in (Fault.READ_ONLY, Fault.CANT_OPEN, Fault.PERMISSION):
        if cause is not None:
            return _(
                "the backups folder {path} cannot be written to ({cause}); check its "
                "permissions and that its disk is not read-only."
            ).format(path=path, cause=cause)
        return _(
            "the backups folder {path} cannot be written to; check that it exists, its "
            "permissions, and that its disk is not read-only."
        ).format(path=path)
    return _(
        "something unexpected went wrong, a bug in Travel Card Companion; the details are "
        "in the log {path}, please report it."
    ).format(path=path)


def _has_phrase(code: int | None) -> bool:
    return code is not None and code in known_errnos()
