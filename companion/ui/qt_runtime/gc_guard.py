"""Python's cyclic garbage collector, run only on the GUI thread.

Why: the collector runs on whichever thread happens to allocate when a
threshold is crossed. If that is an export worker and the garbage holds a
widget (a closed dialog caught in a lambda cycle), the widget's C++
destructor runs off the GUI thread and the process segfaults. The test suite
hit exactly this during a PDF export. So automatic collection is turned off
and a timer on the GUI thread does the same work at the same thresholds.

Why two ways of deciding: the collector is not the same on every Python.
Up to 3.13 it has three generations, and ``get_threshold()`` gives each one's
threshold. CPython 3.14.0 made it incremental: two generations, the young
threshold as before, the second value the pace at which the old generation
is scanned, and the third "meaningless and always zero"; on its own it
collects the young generation plus one increment of the old one, which is
``gc.collect(1)`` there. Read the old way, that zero would make every check
with anything in the old generation a full collection. The generational
collector was ported forward again later (3.15's main line), where the third
threshold is a real one again, so the kind is told by that zero on 3.14 and
later, not by the version alone. tests/test_gc_guard.py checks both ways.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, QTimer

#: How often the GUI thread looks at the allocation counters; a check that
#: finds nothing to do costs a microsecond.
CHECK_INTERVAL_MS = 500


def collector_is_incremental() -> bool:
    """True where the automatic collector is CPython 3.14's incremental one."""
    return sys.version_info >= (3, 14) and gc.get_threshold()[2] == 0


class GuiThreadCollector(QObject):
    """Collects when the counters say so, like the automatic collector would."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._incremental = collector_is_incremental()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()

    def check(self) -> int:
        """Collect what the automatic collector would collect now; returns
        the generation passed to ``gc.collect``, or -1 when nothing was due.

        Generational: the oldest generation whose counter passed its
        threshold. Incremental: when the young counter passed its threshold,
        the young generation and one increment of the old (``collect(1)``);
        never a full collection, which the automatic collector never makes.
        """
        counts = gc.get_count()
        if self._incremental:
            if counts[0] > self._thresholds[0]:
                gc.collect(1)
                return 1
            return -1
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                gc.collect(generation)
                return generation
        return -1
