"""The Receipts section's first-use costs paid in idle time after start-up
(issue 16): one small step per event-loop turn, none before the first
frame, and afterwards opening Receipts loads nothing of the app."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from process_helpers import run_python
from PySide6.QtCore import QObject, QTimer

from companion.ui.shell import idle_warmup
from companion.ui.shell.idle_warmup import IdleWarmup


def test_steps_run_one_per_event_loop_turn(qtbot: Any) -> None:
    """A click (here: a timer posted by the first step) is handled between
    two steps; it never waits for the whole warm-up."""
    order: list[str] = []
    owner = QObject()

    def first() -> None:
        order.append("first")
        QTimer.singleShot(0, lambda: order.append("the user's click"))

    warmup = IdleWarmup([("first", first), ("second", lambda: order.append("second"))], owner)
    warmup.start()
    assert order == []  # nothing runs inside start()
    qtbot.waitUntil(lambda: warmup.done, timeout=5000)
    assert order == ["first", "the user's click", "second"]
    assert [name for name, _ms in warmup.timings] == ["first", "second"]


def test_a_failing_step_is_skipped_and_the_rest_run(qtbot: Any) -> None:
    ran: list[str] = []
    owner = QObject()

    def broken() -> None:
        raise ImportError("no such module")

    warmup = IdleWarmup([("broken", broken), ("next", lambda: ran.append("next"))], owner)
    warmup.start()
    qtbot.waitUntil(lambda: warmup.done, timeout=5000)
    assert ran == ["next"]


def test_stop_ends_it_and_deleting_the_owner_cancels_it(qtbot: Any) -> None:
    ran: list[str] = []
    owner = QObject()
    warmup = IdleWarmup([("a", lambda: ran.append("a")), ("b", lambda: ran.append("b"))], owner)
    warmup.start()
    warmup.stop()
    qtbot.wait(50)
    assert ran == [] and not warmup.done
    other_owner = QObject()
    second = IdleWarmup([("c", lambda: ran.append("c"))], other_owner)
    second.start()
    shiboken6.delete(other_owner)  # as the window is when the app quits
    qtbot.wait(50)
    assert ran == []


def test_every_step_names_something_that_exists() -> None:
    """A renamed module or class would make its step a silent no-op."""
    import importlib

    for module, name in idle_warmup.QT_CLASSES:
        assert hasattr(importlib.import_module(module), name), (module, name)
    for module in idle_warmup.MODULES:
        assert importlib.util.find_spec(module) is not None, module


def test_the_warmup_starts_only_after_the_window_is_shown(qtbot: Any, ctx: Any) -> None:
    from companion.ui.shell.main_window import WARMUP_DELAY_MS, MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.warmup is None
    window.show()
    assert window.warmup is None  # not inside show(): after the first frame
    qtbot.waitUntil(lambda: window.warmup is not None, timeout=WARMUP_DELAY_MS + 5000)
    qtbot.waitUntil(lambda: window.warmup is not None and window.warmup.done, timeout=30000)
    names = [name for name, _ms in window.warmup.timings]
    assert names[-1] == "paint a table" and "format the default currency" in names


def test_a_window_closed_before_the_warmup_was_due_starts_none(qtbot: Any, ctx: Any) -> None:
    """Closed (here, with its data) before the delay ended: nothing runs,
    and nothing reads the closed database."""
    from companion.ui.shell.main_window import WARMUP_DELAY_MS, MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.hide()
    qtbot.wait(WARMUP_DELAY_MS + 200)
    assert window.warmup is None


def test_a_step_that_finds_the_data_closed_is_skipped(qtbot: Any) -> None:
    import sqlite3

    def closed_data() -> str:  # as when a test's window outlives its data
        raise sqlite3.ProgrammingError("Cannot operate on a closed database.")

    owner = QObject()
    warmup = IdleWarmup(idle_warmup.receipts_steps(closed_data)[-3:], owner)
    warmup.start()
    qtbot.waitUntil(lambda: warmup.done, timeout=10000)
    assert [name for name, _ms in warmup.timings] == [
        "babel data for the default currency",
        "format the default currency",
        "paint a table",
    ]


_OPEN_AFTER_WARMUP = """
import json, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from companion.i18n import set_language
from companion.paths import data_paths
from companion.services.context import open_context
from companion.ui.qt_runtime.none_refcount import keep_none_alive
from companion.ui.shell.main_window import MainWindow

keep_none_alive()
app = QApplication([])
set_language("en")
ctx = open_context(data_paths(Path(sys.argv[1])))
window = MainWindow(ctx)
window.show()
deadline = time.monotonic() + 60
while (window.warmup is None or not window.warmup.done) and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.005)
before = set(sys.modules)
window.show_section("receipts")
for _ in range(5):
    app.processEvents()
new = sorted(m for m in set(sys.modules) - before if m.startswith("companion"))
print(json.dumps({"done": window.warmup.done, "new": new,
                  "page": type(window.page("receipts")).__name__}))
"""


@pytest.mark.slow
def test_after_the_warmup_opening_receipts_loads_no_module_of_the_app(tmp_path: Path) -> None:
    """The list of modules is a speed hint kept by hand: when the page
    starts importing something new, this says which, so it is added."""
    result = run_python("-c", _OPEN_AFTER_WARMUP, str(tmp_path / "data"), timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report == {"done": True, "new": [], "page": "ReceiptsPage"}
