"""The GUI-thread collector: automatic collection off, the same work on a timer."""

from __future__ import annotations

import gc
import threading
import weakref

from pytestqt.qtbot import QtBot

from companion.ui.qt_runtime.gc_guard import GuiThreadCollector


class _Node:
    def __init__(self) -> None:
        self.me = self


def test_start_turns_automatic_collection_off_and_stop_restores_it(qtbot: QtBot) -> None:
    was_enabled = gc.isenabled()
    collector = GuiThreadCollector()
    collector.start()
    try:
        assert not gc.isenabled()
    finally:
        collector.stop()
    assert gc.isenabled()
    if not was_enabled:
        gc.disable()


def test_a_cycle_made_on_a_worker_is_collected_by_the_gui_thread(qtbot: QtBot) -> None:
    collector = GuiThreadCollector()
    collector.start()
    try:
        gc.collect()
        refs: list[weakref.ref[_Node]] = []

        def worker() -> None:
            # Far past the first threshold: automatic collection would run here.
            for _ in range(gc.get_threshold()[0] * 3):
                refs.append(weakref.ref(_Node()))

        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        assert all(r() is not None for r in refs), "the worker thread collected"
        qtbot.waitUntil(lambda: all(r() is None for r in refs), timeout=5000)
    finally:
        collector.stop()
        gc.disable()  # the test session keeps it off, see conftest


def test_check_does_nothing_below_the_thresholds(qtbot: QtBot) -> None:
    collector = GuiThreadCollector()
    gc.collect()
    assert collector.check() == -1
