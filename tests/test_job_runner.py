"""The one background-job runner: how a job ends decides what the page hears.

Why these tests: two runners used to disagree (one reported a cancel as a
failure with the exception, the other a failure as text only); the runner
now has one protocol, and the data page's Cancel goes through it.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from companion.paths import DataPaths
from companion.services.data_safety import backup_jobs
from companion.services.job_control import CancelCheck, JobCancelled, Progress, worker_connection
from companion.ui.jobs import runner
from companion.ui.settings.data_group import DataGroup


def _ended(qtbot: Any, fn: runner.JobFn) -> list[tuple[str, object]]:
    heard: list[tuple[str, object]] = []
    job = runner.Job(fn)
    job.signals.done.connect(lambda result: heard.append(("done", result)))
    job.signals.failed.connect(lambda exc: heard.append(("failed", exc)))
    job.signals.cancelled.connect(lambda: heard.append(("cancelled", None)))
    runner.start(job)
    qtbot.waitUntil(lambda: bool(heard), timeout=10_000)
    assert job.ended.is_set()
    return heard


def test_a_job_ends_done_failed_or_cancelled_once(qtbot: Any) -> None:
    assert _ended(qtbot, lambda _p, _c: 42) == [("done", 42)]

    def cancelled(_p: Progress, _c: CancelCheck) -> None:
        raise JobCancelled

    assert _ended(qtbot, cancelled) == [("cancelled", None)]
    problem = OSError(28, "No space left on device")

    def failing(_p: Progress, _c: CancelCheck) -> None:
        raise problem

    # The page gets the exception itself, to choose its words.
    assert _ended(qtbot, failing) == [("failed", problem)]


def test_run_with_progress_tells_a_failure_as_text_and_closes_its_dialog(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    told: list[str] = []

    def failing(_p: Progress, _c: CancelCheck) -> None:
        raise ValueError("bad row")

    runner.run_with_progress(parent, "Working…", failing, told.append, told.append)
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    assert told == ["bad row"]
    qtbot.waitUntil(lambda: not parent.findChildren(QProgressDialog), timeout=5_000)


def test_a_huge_total_still_fits_the_progress_bar(qtbot: Any) -> None:
    seen: list[tuple[int, int]] = []
    job = runner.Job(lambda progress, _c: progress(3_000_000_000, 6_000_000_000))
    job.signals.progress.connect(lambda done, total: seen.append((done, total)))
    runner.start(job)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    done, total = seen[0]
    assert total < 2**31 and done * 2 == total


def test_a_worker_connection_is_closed_however_the_job_ends(ctx: Any) -> None:
    paths: DataPaths = ctx.paths
    with worker_connection(paths) as conn:
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.ProgrammingError):
        conn.execute("SELECT 1")
    with pytest.raises(RuntimeError), worker_connection(paths) as failing:
        raise RuntimeError("job failed")
    with pytest.raises(sqlite3.ProgrammingError):
        failing.execute("SELECT 1")


def test_cancel_in_settings_stops_the_export_and_says_nothing_changed(
    qtbot: Any, main_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the real page and dialog: Cancel while the export runs."""
    started = threading.Event()
    original = backup_jobs.export_archive

    def held(*args: Any) -> Any:
        started.set()
        cancelled: CancelCheck = args[-1]
        for _i in range(1000):  # until the user presses Cancel (at most 10 s)
            if cancelled():
                break
            threading.Event().wait(0.01)
        return original(*args)

    monkeypatch.setattr(backup_jobs, "export_archive", held)
    main_window.show_section("settings")
    group = main_window.page("settings").findChild(DataGroup)
    target = tmp_path / "everything.zip"
    group.export_to(target)
    assert started.wait(10) and group.busy()
    assert not group.backup_button.isEnabled() and not group.import_button.isEnabled()
    (dialog,) = group.findChildren(QProgressDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    (button,) = dialog.findChildren(QPushButton)
    assert button.isEnabled()  # it was not: the group disabled itself and its dialog
    button.click()
    qtbot.waitUntil(lambda: not group.busy(), timeout=10_000)
    assert group.status.text() == "Cancelled. Nothing was changed."
    assert group.backup_button.isEnabled() and group.export_button.isEnabled()
    assert list(tmp_path.glob("everything*")) == []
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible())
