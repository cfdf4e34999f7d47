"""The full integrity check, run in the background once the window is up.

Why in the background: ``integrity_check`` reads every page and compares
every index with its table, too slow to keep the first window waiting; the
start-up ``quick_check`` guards the start, this finds what it cannot (an
index that lost rows). Why a question when it fails: the newest backup that
passes the same check can be restored at once, through Settings → Data and
backups, which keeps the damaged data as a "before a restore" backup, so
nothing is lost whatever the user chooses.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from companion.i18n import _
from companion.i18n.formatting import format_datetime
from companion.services.app_log import log
from companion.services.context import AppContext
from companion.services.data_safety.backup_jobs import check_everything
from companion.services.data_safety.integrity import BackupInfo, newest_sound_backup
from companion.services.data_safety.storage_messages import Fault, fault_of
from companion.services.job_control import CancelCheck, Progress
from companion.ui.jobs.runner import Job, start

Restore = Callable[[BackupInfo], None]


class IntegrityWatch(QObject):
    """Runs the check on the job runner and asks what to do on damage."""

    def __init__(self, ctx: AppContext, window: QWidget, restore: Restore) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.restore = restore
        self.job: Job | None = None
        self.problem: str | None = None
        self.box: QMessageBox | None = None

    def start(self) -> Job:
        paths = self.ctx.paths

        def job(_p: Progress, _c: CancelCheck) -> object:
            return check_everything(paths)

        runner = Job(job)
        runner.signals.done.connect(self._checked)
        runner.signals.failed.connect(self._failed)
        self.job = runner
        return start(runner)

    def _checked(self, problem: object) -> None:
        if isinstance(problem, str):
            self.offer(problem)
        else:
            log.info("integrity_check: ok")

    def _failed(self, exc: object) -> None:
        # The file unreadable while checking is damage the check found; a
        # busy file or a full disk is not, and the next check will tell.
        if isinstance(exc, BaseException) and fault_of(exc) in (
            Fault.DAMAGED,
            Fault.NOT_A_DATABASE,
        ):
            self.offer(str(exc))
        else:
            log.warning("integrity_check could not run: %r", exc)

    def offer(self, detail: str) -> QMessageBox:
        """Tell the user the file is damaged; offer the newest sound backup."""
        log.error("database failed integrity_check: %s", detail)
        self.problem = detail
        if self.box is not None and self.box.isVisible():
            return self.box  # one question at a time
        backup = newest_sound_backup(self.ctx.paths)
        text = _(
            "A full check of your data file found damage, so some lists or totals may "
            "be wrong or incomplete.\n\nFile: {path}\nDetail: {detail}"
        ).format(path=self.ctx.paths.database, detail=detail)
        box = QMessageBox(
            QMessageBox.Icon.Critical, _("Travel Card Companion"), "", parent=self.window
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if backup is None:
            box.setText(
                text
                + "\n\n"
                + _(
                    "No backup that passes the check was found. Use Export everything "
                    "now to keep what can still be read, and report the problem."
                )
            )
            box.addButton(QMessageBox.StandardButton.Close)
        else:
            box.setText(
                text
                + "\n\n"
                + _(
                    "The newest good backup is from {when}. Restore it? Your current data "
                    "will be kept as a backup first, so nothing is lost."
                ).format(when=format_datetime(backup.created.astimezone()))
            )
            go = box.addButton(_("&Restore the backup"), QMessageBox.ButtonRole.AcceptRole)
            later = box.addButton(_("&Later"), QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(later)
            go.clicked.connect(lambda: self.restore(backup))
        box.open()
        self.box = box
        return box
