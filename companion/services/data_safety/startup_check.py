"""What the window checks before it opens the data: the folder takes a write,
the database file passes quick_check.

Why apart from ``recovery``: both run on the way to the first frame, the
quick_check on a thread from the first moments; ``recovery`` (choosing and
restoring a backup) is needed only when one of them fails, and it brings
the backup folder, hashing and the attachment inventory with it.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import NamedTuple

from companion.i18n import _
from companion.i18n.os_errors import os_error_text
from companion.paths import DataPaths
from companion.store.file_check import check_file


class FolderProblem(NamedTuple):
    kind: str  # "read_only" or "disk_full" or "other"
    message: str  # translated, for the user


def check_folder(paths: DataPaths) -> FolderProblem | None:
    """Can the data folder take a write? Tried with a throw-away file, so a
    read-only folder or a full disk is found before the database is touched."""
    try:
        paths.root.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".write-test-", dir=paths.root)
        try:
            os.write(fd, b"\0" * 4096)
            os.fsync(fd)
        finally:
            os.close(fd)
            os.unlink(name)
    except OSError as exc:
        return folder_problem(exc, paths.root)
    return None


def folder_problem(exc: OSError, folder: Path) -> FolderProblem:
    """Plain words for the two storage failures a user can fix."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return FolderProblem(
            "disk_full",
            _(
                "The disk holding your data is full, so nothing can be saved. "
                "Free some space and start the app again. Nothing was changed.\n\n"
                "Folder: {path}"
            ).format(path=folder),
        )
    if isinstance(exc, PermissionError) or exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return FolderProblem(
            "read_only",
            _(
                "Your data folder is read-only, so nothing can be saved. Check its "
                "permissions, or start with --data-dir pointing to a folder you can "
                "write to. Nothing was changed.\n\nFolder: {path}"
            ).format(path=folder),
        )
    return FolderProblem(
        "other",
        _("Your data folder cannot be used: {detail}\n\nFolder: {path}").format(
            detail=os_error_text(exc), path=folder
        ),
    )


def database_problem(paths: DataPaths) -> str | None:
    """None if the database is missing (first run) or passes quick_check."""
    db = paths.database
    if not db.exists() or db.stat().st_size == 0:
        return None
    return check_file(db)


class DatabaseCheck:
    """``database_problem`` run on a thread from the first moments of start-up.

    Why a thread: quick_check reads the whole file (about 10 ms for 10,000
    receipts) and SQLite lets go of the GIL while it reads, so it overlaps
    with loading Qt instead of adding to it. ``result`` waits for it.
    """

    def __init__(self, paths: DataPaths) -> None:
        import threading

        self._paths = paths
        self._outcome: tuple[str | None, BaseException | None] = (None, None)
        self._thread = threading.Thread(target=self._run, name="quick-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._outcome = (database_problem(self._paths), None)
        except BaseException as exc:  # handed to the caller by result()
            self._outcome = (None, exc)

    def result(self) -> str | None:
        self._thread.join()
        problem, error = self._outcome
        if error is not None:
            raise error
        return problem
