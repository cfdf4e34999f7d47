"""The backups as Settings and the recovery dialog list them, with their counts.

Why a service: the page shows what the backup folder holds (each backup's
kind, date and what it would bring back) but must not open backup files
itself; the numbers come from the backups, read here.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from companion.paths import DataPaths
from companion.store.backups import (
    BackupContents,
    BackupError,
    BackupFolder,
    BackupInfo,
    summarize,
)

__all__ = [
    "BackupContents",
    "BackupError",
    "BackupInfo",
    "BackupRow",
    "backup_rows",
    "checked_contents",
    "find_backup",
    "list_backups",
]


class BackupRow(NamedTuple):
    info: BackupInfo
    #: None when the backup cannot be read.
    contents: BackupContents | None


def backup_rows(paths: DataPaths) -> list[BackupRow]:
    """Every backup, newest first, with what it holds."""
    folder = BackupFolder(paths.backups)
    kept = folder.files.inventory()
    rows: list[BackupRow] = []
    for info in folder.entries():
        try:
            contents: BackupContents | None = folder.contents(info, kept)
        except BackupError:
            contents = None
        rows.append(BackupRow(info, contents))
    return rows


def list_backups(paths: DataPaths) -> list[BackupInfo]:
    """Every backup, newest first (without opening them)."""
    return BackupFolder(paths.backups).entries()


def find_backup(paths: DataPaths, path: Path) -> BackupInfo | None:
    """The backup kept at ``path``, if it is still in the folder."""
    return next((b for b in list_backups(paths) if b.path == path), None)


def checked_contents(paths: DataPaths, info: BackupInfo) -> BackupContents:
    """What restoring ``info`` would bring back; raises ``BackupError`` for a
    backup that fails ``quick_check`` (it is never offered for a restore)."""
    summarize(info.path)
    return BackupFolder(paths.backups).contents(info)
