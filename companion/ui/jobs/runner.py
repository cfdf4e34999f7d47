"""The one way to run long work off the GUI thread: export, import, backup,
restore, the PDF report, the integrity check.

Why one runner: each job reports progress, can be cancelled and can fail, and
the window must answer the same way every time (a progress dialog whose
Cancel works through the whole job; a failure told, never lost). A job is a
function ``fn(progress, cancelled)`` (services/job_control); it raises
``JobCancelled`` when ``cancelled()`` turns true, which the runner reports as
``cancelled``, not as a failure. Work that needs the database opens its own
connection through ``job_control.worker_connection``: SQLite connections must
not be shared between threads mid-statement, and WAL lets the job read or
write beside the window's connection.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from companion.i18n.os_errors import os_error_text
from companion.services.app_log import log
from companion.services.job_control import CancelCheck, JobCancelled, Progress

JobFn = Callable[[Progress, CancelCheck], Any]


class JobSignals(QObject):
    progress = Signal(int, int)
    #: The job's result.
    done = Signal(object)
    #: The exception the job raised (the page chooses the words for it).
    failed = Signal(object)
    cancelled = Signal()


class Job(QRunnable):
    def __init__(self, fn: JobFn) -> None:
        super().__init__()
        self.fn = fn
        self.signals = JobSignals()
        self._cancel = threading.Event()
        #: Set when ``run`` has returned, whatever the outcome.
        self.ended = threading.Event()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    def was_cancelled(self) -> bool:
        """Cancel was asked for (the job may have ended before it saw it)."""
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            result = self.fn(self._progress, self._cancel.is_set)
        except JobCancelled:
            self.signals.cancelled.emit()
        except Exception as exc:  # reported to the user by the page, and logged
            log.warning("background job failed: %r", exc)
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)
        finally:
            self.ended.set()

    def _progress(self, done: int, total: int) -> None:
        # Scaled into the int range of QProgressDialog.
        scale = max(1, total // 1_000_000)
        self.signals.progress.emit(done // scale, max(total // scale, 1))


def failure_text(exc: object) -> str:
    """A failure in one line, for a page that has no better words for it: a
    disk's refusal in the user's language, not the C library's English."""
    if isinstance(exc, BaseException):
        return os_error_text(exc)
    return str(exc) or type(exc).__name__


def start(job: Job) -> Job:
    """Run ``job`` in the thread pool, with no dialog (background checks)."""
    QThreadPool.globalInstance().start(job)
    return job


def progress_dialog(job: Job, parent: QWidget, label: str, title: str = "") -> QProgressDialog:
    """A window-modal progress dialog for ``job``: its bar follows the job,
    its Cancel cancels it, and it closes when the job ends, however it ends.

    Call this before ``start`` and before connecting the page's own slots, so
    that the dialog is gone when they run.
    """
    from companion.i18n import _

    dialog = QProgressDialog(label, _("Cancel"), 0, 0, parent)
    if title:
        dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    # Starts the 300 ms count: without a first value, Qt shows the dialog
    # only after its default four seconds.
    dialog.setValue(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    # Keeps the job alive while it runs (it is not auto-deleted).
    parent._job_in_progress = job  # type: ignore[attr-defined]

    def progress(done: int, total: int) -> None:
        # The parent (and so the dialog) may be gone: a restore rebuilds pages.
        if shiboken6.isValid(dialog):
            dialog.setMaximum(max(total, 1))
            dialog.setValue(min(done, max(total, 1)))

    def finish(*_args: object) -> None:
        if shiboken6.isValid(dialog):
            # Closing a QProgressDialog emits canceled: not the user's Cancel.
            dialog.canceled.disconnect(job.cancel)
            dialog.close()
            dialog.deleteLater()

    job.signals.progress.connect(progress)
    for ending in (job.signals.done, job.signals.failed, job.signals.cancelled):
        ending.connect(finish)
    dialog.canceled.connect(job.cancel)
    return dialog


def run_with_progress(
    parent: QWidget,
    title: str,
    fn: JobFn,
    on_done: Callable[[Any], None],
    on_failed: Callable[[str], None],
    on_cancelled: Callable[[], None] | None = None,
) -> Job:
    """Start ``fn`` behind a progress dialog labelled ``title``; ``on_failed``
    gets the failure as one line of text (``failure_text``).

    If ``parent`` is deleted first (a language switch rebuilds the page that
    owns it), the job is asked to stop and its end is not reported to the
    widgets that are gone.
    """
    job = Job(fn)
    progress_dialog(job, parent, title)

    def alive() -> bool:
        return shiboken6.isValid(parent)

    job.signals.done.connect(lambda result: on_done(result) if alive() else None)
    job.signals.failed.connect(lambda exc: on_failed(failure_text(exc)) if alive() else None)
    if on_cancelled is not None:
        job.signals.cancelled.connect(lambda: on_cancelled() if alive() else None)
    parent.destroyed.connect(job.cancel)
    return start(job)
