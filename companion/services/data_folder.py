"""What the owner of a data folder does before opening it and after using it.

Why here, for the window and the commands alike: only the process holding
the folder's lock (``folder_lock``) may rename a journal or delete files
beside the database, and it must do so before SQLite opens the file; a
reader running beside it touches nothing.

- A ``-wal`` journal that does not belong to the database is set aside,
  never applied (``store/wal_guard`` holds the rules and why).
- Work a killed process left behind is removed: the ``.export-*`` folders
  (each a full copy of the database), import staging folders, scratch
  copies of the journal check, and ``.part`` files. Only items nobody has
  written for ``ABANDONED_AFTER``: a command reading beside the app (which
  holds no lock) may still be writing its own.
- On the way out, and after each background job, the journal is
  checkpointed so that the database file alone holds the data.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import threading
import time
from pathlib import Path
from typing import NamedTuple

from companion.i18n import _
from companion.paths import DataPaths
from companion.services import folder_lock
from companion.services.app_log import log
from companion.store import wal_guard

_SETTLING = threading.Lock()

#: Work nobody wrote for this long is abandoned (a live export writes every second).
ABANDONED_AFTER = dt.timedelta(minutes=15)
#: Work folders made in the data folder by the app's own jobs.
WORK_FOLDER_PREFIXES = (".export-", ".import-", ".walcheck-")
WORK_FILE_PREFIXES = (".write-test-",)


class Prepared(NamedTuple):
    #: Where a journal that did not belong to the database was put, if any.
    wal_set_aside: Path | None
    #: Why it did not belong (for the log).
    wal_reason: str | None
    #: Abandoned work folders and part files that were removed.
    removed: list[Path]

    def log(self) -> None:
        """Into the app's log, once the caller has set it up."""
        if self.wal_set_aside is not None:
            log.warning("journal not applied (%s); kept as %s", self.wal_reason, self.wal_set_aside)
        if self.removed:
            log.info("removed abandoned work: %s", ", ".join(p.name for p in self.removed))


def prepare(paths: DataPaths, now: dt.datetime, *, tidy: bool = True) -> Prepared:
    """Before the lock holder opens the database: set a foreign journal aside
    and (``tidy``) remove abandoned work. The caller must hold the folder's lock.

    Nothing is logged here: the window calls this before its log is set up
    (so that the start-up check reads the file as SQLite will); see ``log``.
    The window passes ``tidy=False`` and calls ``tidy_up`` once it is shown.
    """
    if not folder_lock.holds(paths.root):
        raise RuntimeError("prepare() needs the data folder's lock")
    removed = remove_abandoned(paths, time.time()) if tidy else []
    aside: Path | None = None
    reason = wal_guard.foreign_reason(paths.database)
    if reason is not None:
        aside = wal_guard.set_aside_wal(paths.database, now)
    return Prepared(aside, reason, removed)


def wal_set_aside_text(aside: Path) -> str:
    return _(
        "A journal file left beside your data file did not belong to it (it came from "
        "another copy of the data, or an older one), so it was not applied and your data "
        "was left as it was. The journal was kept, renamed, in case you need it:\n{path}"
    ).format(path=aside)


def _last_written(path: Path) -> float:
    """The newest modification time of ``path`` and what is directly in it."""
    newest = path.lstat().st_mtime
    if path.is_dir() and not path.is_symlink():
        for child in path.iterdir():
            newest = max(newest, child.lstat().st_mtime)
    return newest


def _abandoned_candidates(paths: DataPaths) -> list[Path]:
    found: list[Path] = []
    if paths.root.is_dir():
        for item in paths.root.iterdir():
            name = item.name
            if item.is_dir() and not item.is_symlink():
                if name.startswith(WORK_FOLDER_PREFIXES):
                    found.append(item)
            elif name.startswith(WORK_FILE_PREFIXES) or name.endswith(".part"):
                found.append(item)
    for folder in (paths.backups, paths.attachments):
        if folder.is_dir() and not folder.is_symlink():
            _part_files(folder, found)
    return found


def _part_files(folder: Path, found: list[Path]) -> None:
    """Every ``.part`` file under ``folder``, symlinks not followed.

    Why ``os.scandir`` and not ``Path.rglob``: this runs at every start, over
    an attachments folder of 256 subfolders and thousands of files; rglob
    made a Path and matched a pattern for each, about three times slower
    (21 ms of a start with 1,000 attachments).
    """
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    _part_files(Path(entry.path), found)
                elif entry.name.endswith(".part") and entry.is_file(follow_symlinks=False):
                    found.append(Path(entry.path))
    except OSError:
        return  # a folder that cannot be read holds nothing to clear up (as rglob did)


def remove_abandoned(paths: DataPaths, now: float) -> list[Path]:
    """Remove work folders and part files nobody wrote for ``ABANDONED_AFTER``."""
    removed: list[Path] = []
    limit = now - ABANDONED_AFTER.total_seconds()
    for item in _abandoned_candidates(paths):
        try:
            if _last_written(item) > limit:
                continue
            if item.is_dir() and not item.is_symlink():
                shutil.rmtree(item)
            else:
                item.unlink()
        except OSError:
            continue  # tried again at the next start
        removed.append(item)
    return removed


def tidy_up(paths: DataPaths) -> list[Path]:
    """``remove_abandoned``, logged, for the window once it is up.

    Why not before the first frame: only the journal must be dealt with
    before SQLite opens the file; the walk for ``.part`` files visits every
    attachment folder (10 ms of the start with 1,000 attachments, measured
    for issue 22), and abandoned work harms nobody for a few seconds more.
    Does nothing for a process that does not hold the folder's lock.
    """
    if not folder_lock.holds(paths.root):
        return []
    removed = remove_abandoned(paths, time.time())
    if removed:
        log.info("removed abandoned work: %s", ", ".join(p.name for p in removed))
    return removed


def settle(conn: sqlite3.Connection, paths: DataPaths, mode: str = "PASSIVE") -> bool:
    """Checkpoint the journal if this process owns the folder; True when the
    database file now holds everything. A reader beside the owner does nothing."""
    if not folder_lock.holds(paths.root):
        return False
    try:
        # One at a time: two jobs ending together would otherwise interleave
        # their "checkpointing" and "clean" notes.
        with _SETTLING:
            return wal_guard.checkpoint(conn, paths.database, mode)
    except (sqlite3.Error, OSError) as exc:
        log.warning("checkpoint (%s) did not finish: %r", mode, exc)
        return False
