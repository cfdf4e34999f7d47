"""The full integrity check, and the newest backup that passes it.

Why a second check after start-up: the start-up ``quick_check`` is fast
enough to run before the window, but it does not compare an index with its
table; an index that lost rows passes it and makes lists and totals wrong.
The full ``integrity_check`` finds that. It runs in the background once the
window is up and before every backup, so a damaged file never pushes the
good backups out of the rotation.
"""

from __future__ import annotations

import sqlite3

from companion.paths import DataPaths
from companion.store.backups import BackupFolder, BackupInfo
from companion.store.database import DatabaseDamaged, integrity_problem
from companion.store.file_check import open_readonly

__all__ = ["BackupInfo", "full_check", "newest_sound_backup", "require_sound"]


def full_check(conn: sqlite3.Connection) -> str | None:
    """None when the open database passes ``integrity_check``, else its first complaint."""
    return integrity_problem(conn)


def require_sound(conn: sqlite3.Connection) -> None:
    """Raise ``DatabaseDamaged`` (a storage fault told in plain words) on damage."""
    problem = integrity_problem(conn)
    if problem is not None:
        raise DatabaseDamaged(problem)


def newest_sound_backup(paths: DataPaths) -> BackupInfo | None:
    """The newest backup that passes the full check (quick_check is not enough
    to restore from: a backup with a damaged index would bring it back)."""
    for info in BackupFolder(paths.backups).entries():
        try:
            conn = open_readonly(info.path)
        except sqlite3.Error:
            continue
        try:
            if integrity_problem(conn) is None:
                return info
        except sqlite3.Error:
            continue
        finally:
            conn.close()
    return None
