"""The once-a-day automatic backup, made while the app runs.

Why a timer as well as a check at start: the app may stay open in the tray
for weeks; the hourly check makes one backup per day all the same.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from companion.services.context import AppContext
from companion.services.data_safety.backup_jobs import back_up_daily_if_due
from companion.services.data_safety.storage_messages import Fault, fault_of
from companion.services.job_control import CancelCheck, Progress
from companion.ui.jobs.runner import Job, start

CHECK_EVERY_MS = 60 * 60 * 1000


class DailyBackups(QObject):
    def __init__(
        self,
        ctx: AppContext,
        parent: QObject | None = None,
        on_damage: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        #: Told when the backup was refused because integrity_check failed.
        self.on_damage = on_damage
        self.job: Job | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.timer.start()
        QTimer.singleShot(0, self.check)

    def check(self) -> None:
        if self.job is not None and not self.job.ended.is_set():
            return
        paths, now = self.ctx.paths, self.ctx.now()

        def job(_p: Progress, _c: CancelCheck) -> object:
            return back_up_daily_if_due(paths, now)

        runner = Job(job)
        runner.signals.failed.connect(self._failed)
        self.job = start(runner)

    def _failed(self, exc: object) -> None:
        if (
            self.on_damage is not None
            and isinstance(exc, BaseException)
            and fault_of(exc) is Fault.DAMAGED
        ):
            self.on_damage(str(exc))
