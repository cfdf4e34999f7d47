"""What every use case needs: where data lives, the open database, a clock.

Why a clock here: reminders and countdowns are tested with an injected clock,
never with real sleeps.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field

from companion.paths import DataPaths
from companion.services.receipts_undo import PendingDeletes
from companion.services.undo import UndoStack
from companion.store.database import open_database
from companion.store.settings_repo import SettingsRepo


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class AppContext:
    paths: DataPaths
    conn: sqlite3.Connection
    clock: Callable[[], dt.datetime] = field(default=system_clock)
    #: Receipt deletions that Undo can still bring back (see receipts_undo).
    pending_deletes: PendingDeletes = field(default_factory=PendingDeletes)
    #: This session's undoable card actions (see services/undo.py).
    undo: UndoStack = field(default_factory=UndoStack)

    @property
    def settings(self) -> SettingsRepo:
        return SettingsRepo(self.conn)

    def now(self) -> dt.datetime:
        """The current instant, always timezone-aware UTC."""
        return self.clock()

    def close(self) -> None:
        self.conn.close()


def open_context(paths: DataPaths, clock: Callable[[], dt.datetime] = system_clock) -> AppContext:
    paths.ensure()
    conn = open_database(paths.database, backup_dir=paths.backups)
    return AppContext(paths=paths, conn=conn, clock=clock)
