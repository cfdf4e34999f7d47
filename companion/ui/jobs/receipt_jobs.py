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

from companion.i18n.os_errors import os_error_text
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
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            result = self.fn(self.signals.progress.emit, self._cancel.is_set)
        except Cancelled:
            self.signals.cancelled.emit()
        except Exception as exc:  # reported to the user, never lost silently
            # A disk's refusal in the user's language, not the C library's English.
            self.signals.failed.emit(os_error_text(exc))
        else:
            self.signals.done.emit(result)


def run_with_progress(
    parent: QWidget,
    title: str,
    fn: JobFn,
    on_done: Callable[[Any], None],
    on_failed: Callable[[str], None],
    on_cancelled: Callable[[], None] | None = None,
) -> Job:
    """Start ``fn`` in the thread pool behind a cancellable progress dialog."""
    from companion.i18n import _

    dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    job = Job(fn)
    parent._receipts_job = job  # type: ignore[attr-defined]  # keep alive

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))

    def finish() -> None:
        dialog.close()
        dialog.deleteLater()

    def done(result: object) -> None:
        finish()
        on_done(result)

    def failed(message: str) -> None:
        finish()
        on_failed(message)

    def cancelled() -> None:
        finish()
        if on_cancelled is not None:
            on_cancelled()

    job.signals.progress.connect(progress)
    job.signals.done.connect(done)
    job.signals.failed.connect(failed)
    job.signals.cancelled.connect(cancelled)
    dialog.canceled.connect(job.cancel)
    QThreadPool.globalInstance().start(job)
    return job
