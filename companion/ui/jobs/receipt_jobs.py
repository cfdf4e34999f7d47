"""Running long receipt work (export, import, report) off the GUI thread.

Why each job opens its own database connection: SQLite connections must not
be shared between threads mid-statement; WAL mode lets the job read (or
write, for an import) while the window keeps answering.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import isValid

from companion.services.receipts_io.receipts_csv import Cancelled

JobFn = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class Job(QRunnable):
    def __init__(self, fn: JobFn) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self._cancel = threading.Event()
        #: True once ``fn`` has returned or raised (set on the worker thread).
        self.finished = False
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    def was_cancelled(self) -> bool:
        """Cancel was asked for (the job may have ended before it saw it)."""
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            result = self.fn(self.signals.progress.emit, self._cancel.is_set)
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as exc:  # reported to the user, never lost silently
            self.signals.failed.emit(str(exc) or type(exc).__name__)
        else:
            self.signals.done.emit(result)
        finally:
            self.finished = True


def run_with_progress(
    parent: QWidget,
    title: str,
    fn: JobFn,
    on_done: Callable[[Any], None],
    on_failed: Callable[[str], None],
    on_cancelled: Callable[[], None] | None = None,
) -> Job:
    """Start ``fn`` in the thread pool behind a cancellable progress dialog.

    If ``parent`` is deleted first (a language switch rebuilds the page
    that owns it), the job is asked to stop and its end is not reported to
    the widgets that are gone.
    """
    from companion.i18n import _

    dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    # Starts the 300 ms count: without a first value, Qt shows the dialog
    # only after its default four seconds.
    dialog.setValue(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    job = Job(fn)
    parent._receipts_job = job  # type: ignore[attr-defined]  # keep alive

    def progress(done: int, total: int) -> None:
        if isValid(dialog):
            dialog.setMaximum(max(total, 1))
            dialog.setValue(min(done, max(total, 1)))

    def finish() -> bool:
        """Close the progress dialog; False when the parent is gone."""
        if not isValid(parent):
            return False
        # Closing a QProgressDialog emits canceled: not the user's Cancel.
        dialog.canceled.disconnect(job.cancel)
        dialog.close()
        dialog.deleteLater()
        return True

    def done(result: object) -> None:
        if finish():
            on_done(result)

    def failed(message: str) -> None:
        if finish():
            on_failed(message)

    def cancelled() -> None:
        if finish() and on_cancelled is not None:
            on_cancelled()

    job.signals.progress.connect(progress)
    job.signals.done.connect(done)
    job.signals.failed.connect(failed)
    job.signals.cancelled.connect(cancelled)
    dialog.canceled.connect(job.cancel)
    parent.destroyed.connect(job.cancel)
    QThreadPool.globalInstance().start(job)
    return job
