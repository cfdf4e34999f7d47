"""Back up, restore, export and import everything, and the full check, as
jobs for a worker thread.

Why here and not in the page: these are the use cases behind Settings →
Data and backups, the daily backup and the background integrity check. Each
opens its own connection (``job_control.worker_connection``) because it runs
off the GUI thread, and returns what the page tells the user. The page only
chooses the words; the headless commands call the same functions the other
way round (on the connection they already hold).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from companion.paths import DataPaths
from companion.services.data_safety.archive import export_archive, import_archive
from companion.services.data_safety.integrity import full_check, require_sound
from companion.services.job_control import CancelCheck, Progress, worker_connection
from companion.store.backups import BackupFolder, BackupInfo, restore_into


def back_up(paths: DataPaths, now: dt.datetime) -> BackupInfo:
    """A backup the user asked for ("Back up now")."""
    with worker_connection(paths) as conn:
        return BackupFolder(paths.backups).create(conn, now, "manual")


def back_up_daily_if_due(paths: DataPaths, now: dt.datetime) -> BackupInfo | None:
    """Today's automatic backup, unless one was made today already."""
    with worker_connection(paths) as conn:
        return BackupFolder(paths.backups).daily_if_due(conn, now)


def restore(paths: DataPaths, source: Path, now: dt.datetime) -> BackupInfo:
    """Put the backup at ``source`` in place; returns the backup of the data
    it replaced (what Undo puts back)."""
    with worker_connection(paths) as conn:
        return restore_into(conn, source, BackupFolder(paths.backups), now)


def export_everything(
    paths: DataPaths, target: Path, now: dt.datetime, progress: Progress, cancelled: CancelCheck
) -> None:
    """Write the archive; a damaged file is told as such, not archived."""
    with worker_connection(paths) as conn:
        require_sound(conn)
        export_archive(conn, paths, target, now, progress, cancelled)


def import_everything(
    paths: DataPaths, source: Path, now: dt.datetime, progress: Progress, cancelled: CancelCheck
) -> BackupInfo:
    """Replace the data with the archive; returns the backup of the data it
    replaced (what Undo puts back)."""
    with worker_connection(paths) as conn:
        return import_archive(conn, paths, source, now, progress, cancelled).undo


def check_everything(paths: DataPaths) -> str | None:
    """None when the database passes ``integrity_check``, else its first complaint."""
    with worker_connection(paths) as conn:
        return full_check(conn)
