"""What every use case needs: where data lives, the open database, a clock.

Why a clock here: reminders and countdowns are tested with an injected clock,
never with real sleeps.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from companion.paths import DataPaths
from companion.store.database import open_database
from companion.store.settings_repo import SettingsRepo

if TYPE_CHECKING:
    from companion.services.card_undo import UndoStack
    from companion.services.receipts_undo import PendingDeletes


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class AppContext:
    paths: DataPaths
    conn: sqlite3.Connection
    clock: Callable[[], dt.datetime] = field(default=system_clock)
    # Made on first use: their modules (receipts, cards, attachments) are not
    # start-up work; the first window shows the guide.
    _pending_deletes: PendingDeletes | None = field(default=None, repr=False)
    _undo: UndoStack | None = field(default=None, repr=False)

    @property
    def pending_deletes(self) -> PendingDeletes:
        """Receipt deletions that Undo can still bring back (see receipts_undo)."""
        if self._pending_deletes is None:
            from companion.services.receipts_undo import PendingDeletes

            self._pending_deletes = PendingDeletes()
        return self._pending_deletes

    def undo_in_use(self) -> bool:
        """Whether anything this session could be undone (so quit has work to do)."""
        return self._undo is not None

    @property
    def undo(self) -> UndoStack:
        """This session's undoable card actions (see services/card_undo.py)."""
        if self._undo is None:
            from companion.services.card_undo import UndoStack

            self._undo = UndoStack()
        return self._undo

    @property
    def settings(self) -> SettingsRepo:
        return SettingsRepo(self.conn)

    def now(self) -> dt.datetime:
        """The current instant, always timezone-aware UTC."""
        return self.clock()

    def close(self) -> None:
        """Close the data; the folder's owner first copies the journal into
        the file and empties it, so nothing depends on a -wal file any more."""
        from companion.services.data_folder import settle

        if self._pending_deletes is not None:
            # No Undo after the data is closed: the deleted receipts' trash
            # file goes now (their files at the next start, see receipts).
            self._pending_deletes.clear()
        settle(self.conn, self.paths, "TRUNCATE")
        self.conn.close()


def open_context(paths: DataPaths, clock: Callable[[], dt.datetime] = system_clock) -> AppContext:
    from companion.services.data_folder import settle

    paths.ensure()
    conn = open_database(paths.database, backup_dir=paths.backups)
    # The folder's owner starts from a file that holds everything, and notes
    # it as the base of the journal to come (store/wal_guard).
    settle(conn, paths, "TRUNCATE")
    return AppContext(paths=paths, conn=conn, clock=clock)
