"""Running backup, restore, export and import off the GUI thread.

Why a fresh connection per job: the window's connection stays free for the
GUI thread, and SQLite (WAL) lets the job read or write beside it safely.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from companion.paths import DataPaths
from companion.services.app_log import log
from companion.services.data_folder import settle
from companion.store.database import open_database

#: A job gets its own connection, a progress callback and a cancel test.
Job = Callable[[sqlite3.Connection, Callable[[int, int], None], Callable[[], bool]], object]


class JobSignals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class DataJob(QRunnable):
    def __init__(self, paths: DataPaths, job: Job) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.paths = paths
        self.job = job
        self.signals = JobSignals()
        self.cancel_event = threading.Event()
        self.done = threading.Event()

    def cancel(self) -> None:
        self.cancel_event.set()

    def run(self) -> None:
        try:
            conn = open_database(self.paths.database)
            try:
                result = self.job(conn, self._progress, self.cancel_event.is_set)
                # Keeps the journal short, and the note of its base true
                # after a restore restarted it (services/data_folder).
                settle(conn, self.paths)
            finally:
                conn.close()
        except Exception as exc:  # reported to the user by the page, and logged
            log.warning("data job failed: %r", exc)
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)
        finally:
            self.done.set()

    def _progress(self, done: int, total: int) -> None:
        # Scaled to int range for QProgressDialog.
        scale = max(1, total // 1_000_000)
        self.signals.progress.emit(done // scale, max(total // scale, 1))


def start(job: DataJob) -> DataJob:
    QThreadPool.globalInstance().start(job)
    return job
