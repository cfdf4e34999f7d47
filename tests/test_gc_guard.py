"""The GUI-thread collector: automatic collection off, the same work on a timer."""

from __future__ import annotations

import gc
import sys
import threading
import weakref

import pytest
from pytestqt.qtbot import QtBot

from companion.ui.qt_runtime.gc_guard import GuiThreadCollector, collector_is_incremental


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


# ----- which collector: CPython 3.14's incremental one or the generational one ------
# This machine runs 3.11; the values below are what each collector's gc module
# reports (Modules/gcmodule.c: 3.14.0 returns (young, old-visited, old-pending)
# counts and (young threshold, old scan pace, 0) thresholds).


class _FakeGc:
    def __init__(self, monkeypatch: pytest.MonkeyPatch, thresholds: tuple[int, int, int],
                 counts: tuple[int, int, int], version: tuple[int, int]) -> None:
        self.collected: list[int] = []
        monkeypatch.setattr(gc, "get_threshold", lambda: thresholds)
        monkeypatch.setattr(gc, "get_count", lambda: counts)
        monkeypatch.setattr(gc, "collect", lambda generation=2: self.collected.append(generation) or 0)
        monkeypatch.setattr(sys, "version_info", (*version, 0, "final", 0))


@pytest.mark.parametrize(("counts", "expected"), [
    ((10, 3, 50_000), []),  # a big old generation alone: the automatic collector waits
    ((1_999, 9, 9), []),
    ((2_001, 40, 50_000), [1]),  # young passed: young plus one increment of the old
])
def test_on_an_incremental_collector_there_is_never_a_full_collection(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, counts: tuple[int, int, int],
    expected: list[int],
) -> None:
    fake = _FakeGc(monkeypatch, (2000, 10, 0), counts, (3, 14))
    assert collector_is_incremental()
    collector = GuiThreadCollector()
    collector.check()
    assert fake.collected == expected


@pytest.mark.parametrize(("version", "thresholds", "counts", "expected"), [
    ((3, 11), (700, 10, 10), (701, 0, 0), [0]),
    ((3, 13), (2000, 10, 10), (5, 11, 0), [1]),
    ((3, 13), (2000, 10, 10), (5, 3, 11), [2]),
    ((3, 15), (2000, 10, 10), (5, 3, 11), [2]),  # generational again: its third threshold is real
    ((3, 13), (2000, 10, 0), (5, 3, 1), [2]),  # a zero set by hand before 3.14 means zero
])
def test_on_a_generational_collector_the_oldest_due_generation_is_collected(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, version: tuple[int, int],
    thresholds: tuple[int, int, int], counts: tuple[int, int, int], expected: list[int],
) -> None:
    fake = _FakeGc(monkeypatch, thresholds, counts, version)
    assert not collector_is_incremental()
    GuiThreadCollector().check()
    assert fake.collected == expected
