"""How a long job reports progress and learns it was cancelled: one protocol.

Why one module: export, import, backup, restore and the PDF report all run
behind the same progress dialog, whose Cancel must stop each of them the same
way. A job is handed ``progress(done, total)`` to call as it goes and
``cancelled()`` to ask between steps (through the whole job, not only its
first phase); when it answers true the job undoes what it started and raises
``JobCancelled``, which the runner tells the user as "cancelled", never as a
failure. A job that needs the database opens its own connection with
``worker_connection``, the one place that knows how a worker's connection is
opened and closed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from companion.paths import DataPaths

#: Called with (steps done, steps in all) as the job goes.
Progress = Callable[[int, int], None]
#: Asked between steps; True once the user pressed Cancel.
CancelCheck = Callable[[], bool]


class JobCancelled(Exception):
    """The user stopped the job; what it had started was undone."""


def no_progress(_done: int, _total: int) -> None:
    """The ``progress`` of a job nobody watches (a headless command)."""


def never_cancelled() -> bool:
    """The ``cancelled`` of a job nobody can cancel (a headless command)."""
    return False


@contextmanager
def worker_connection(paths: DataPaths) -> Iterator[sqlite3.Connection]:
    """The database connection of one job on a worker thread.

    Opened here with the app's pragmas and migrations (store.database), never
    shared with the window's connection (SQLite connections must not cross
    threads mid-statement; WAL lets both work side by side). When the job
    succeeds the journal is checkpointed, which keeps it short and keeps the
    note of its base true after a restore restarted it (services/data_folder);
    the connection is closed however the job ends.
    """
    from companion.services.data_folder import settle
    from companion.store.database import open_database

    conn = open_database(paths.database)
    try:
        yield conn
        settle(conn, paths)
    finally:
        conn.close()
