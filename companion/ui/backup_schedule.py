"""The once-a-day automatic backup, made while the app runs.

Why a timer as well as a check at start: the app may stay open in the tray
for weeks; the hourly check makes one backup per day all the same.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QObject, QTimer

from companion.services.archive import Cancelled, Progress
from companion.services.context import AppContext
from companion.store.backups import BackupFolder
from companion.ui import data_worker

CHECK_EVERY_MS = 60 * 60 * 1000


class DailyBackups(QObject):
    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.job: data_worker.DataJob | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.timer.start()
        QTimer.singleShot(0, self.check)

    def check(self) -> None:
        if self.job is not None and not self.job.done.is_set():
            return
        now = self.ctx.now()
        folder = BackupFolder(self.ctx.paths.backups)

        def job(conn: sqlite3.Connection, _p: Progress, _c: Cancelled) -> object:
            return folder.daily_if_due(conn, now)

        self.job = data_worker.start(data_worker.DataJob(self.ctx.paths, job))
