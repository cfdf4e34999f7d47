"""What to do when the data cannot be used as it is at start-up.

Why never automatic: a damaged database may still hold receipts a tool could
save, so it is always renamed aside, never deleted or overwritten, and the
user chooses a backup or starting empty. Why the best backup and not the
newest: the newest may be a "before a restore" copy holding less than an
older daily one. Every candidate is shown with its counts; the one offered
first passes the full ``integrity_check`` and holds the most data (the
newest of those, on a tie).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path
from typing import NamedTuple

from companion.i18n import _
from companion.paths import DataPaths
from companion.store.backups import (
    BackupContents,
    BackupError,
    BackupFolder,
    BackupInfo,
    backup_integrity_problem,
    foreign_problem,
    open_backup,
)
from companion.store.database import backup_copy

_SIDE_FILES = ("", "-wal", "-shm")

#: What ``restore_backup_file`` raises when the chosen backup cannot be used
#: (damaged, not ours, unreadable); an ``OSError`` is the data folder's.
BACKUP_UNUSABLE: tuple[type[Exception], ...] = (BackupError, sqlite3.DatabaseError)


class Candidate(NamedTuple):
    """A backup the user may restore at start, as the recovery dialog lists it."""

    info: BackupInfo
    contents: BackupContents | None  # None when it cannot be read
    problem: str | None  # what integrity_check (or opening it) found wrong

    @property
    def usable(self) -> bool:
        return self.problem is None and self.contents is not None

    def weight(self) -> int:
        """How much data it holds: cards, receipts and files together."""
        c = self.contents
        return 0 if c is None else c.cards + c.receipts + c.attachments - c.missing


def candidates(paths: DataPaths) -> list[Candidate]:
    """Every backup, newest first, each fully checked and counted."""
    folder = BackupFolder(paths.backups, paths.attachments)
    found: list[Candidate] = []
    kept = folder.files.inventory()
    for info in folder.entries():
        problem = backup_integrity_problem(info.path) or foreign_problem(info.path)
        contents: BackupContents | None = None
        if problem is None:
            try:
                contents = folder.contents(info, kept)
            except BackupError as exc:
                problem = str(exc)
        found.append(Candidate(info, contents, problem))
    return found


def best(found: list[Candidate]) -> Candidate | None:
    """The backup to offer first: intact, most data, newest on a tie."""
    usable = [c for c in found if c.usable]
    if not usable:
        return None
    return max(usable, key=lambda c: (c.weight(), c.info.created, c.info.path.name))


def files_beside(aside: Path) -> Path:
    """The folder beside a damaged database that keeps the attached files it
    may list, laid out like ``attachments/``."""
    return aside.with_name(aside.name + "-attachments")


def _keep_files(attachments: Path, target: Path) -> None:
    """Hard-link (or copy) every attached file into ``target``.

    Why: once another database is in place, a file only the damaged one
    lists has no row, and the next tidy-up sweeps it; the damaged file is
    kept "so nothing is lost", so its proof must be kept with it.
    """
    if not attachments.is_dir():
        return
    for path in attachments.glob("*/*"):
        if not path.is_file() or path.name.endswith(".part"):
            continue
        dest = target / path.parent.name / path.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, dest)
        except FileExistsError:
            continue
        except OSError:
            shutil.copy2(path, dest)


def set_aside(paths: DataPaths, now: dt.datetime) -> Path:
    """Rename the damaged database (and its WAL files) out of the way, with
    its attached files kept beside it (``files_beside``)."""
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = paths.database.with_name(f"{paths.database.name}.damaged-{stamp}")
    counter = 1
    while aside.exists() or files_beside(aside).exists():
        aside = paths.database.with_name(f"{paths.database.name}.damaged-{stamp}-{counter}")
        counter += 1
    _keep_files(paths.attachments, files_beside(aside))
    for suffix in reversed(_SIDE_FILES):
        current = Path(str(paths.database) + suffix)
        if current.exists():
            current.replace(Path(str(aside) + suffix))
    return aside


def restore_backup_file(paths: DataPaths, backup: BackupInfo, now: dt.datetime) -> Path:
    """Set the damaged file aside and put the backup in its place; returns
    where the damaged file now is."""
    problem = backup_integrity_problem(backup.path) or foreign_problem(backup.path)
    if problem is not None:
        raise sqlite3.DatabaseError(problem)
    folder = BackupFolder(paths.backups, paths.attachments)
    folder.place_files(backup.path)  # the receipts' files first, then the data
    aside = set_aside(paths, now)
    src = open_backup(backup.path)
    try:
        backup_copy(src, paths.database)
    finally:
        src.close()
    return aside


#: Lines of SQLite's own report shown at start; the log keeps all of them.
DETAIL_LINES = 3


def _short(detail: str) -> str:
    """The first lines of a check's report: damage in the middle of the file
    gives one line per broken cell, which would push the backups off screen."""
    lines = detail.strip().splitlines()
    if len(lines) <= DETAIL_LINES:
        return "\n".join(lines)
    return "\n".join([*lines[:DETAIL_LINES], "…"])


def damaged_text(paths: DataPaths, detail: str, backup: BackupInfo | None, when: str) -> str:
    """The start-up message for a damaged database, in plain words."""
    text = _(
        "Your data file is damaged and cannot be opened safely.\n\n"
        "File: {path}\nDetail: {detail}"
    ).format(path=paths.database, detail=_short(detail))
    if backup is None:
        return text + "\n\n" + _(
            "No good backup was found. You can start with empty data; the damaged "
            "file will be kept beside it, renamed, so nothing is lost."
        )
    return text + "\n\n" + _(
        "Choose a backup to restore. The one chosen for you, from {when}, passed a "
        "full check and holds the most data. The damaged file will be kept beside "
        "it, renamed, so nothing is lost."
    ).format(when=when)
