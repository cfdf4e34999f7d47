"""Python's cyclic garbage collector, run only on the GUI thread.

Why: the collector runs on whichever thread happens to allocate when a
threshold is crossed. If that is an export worker and the garbage holds a
widget (a closed dialog caught in a lambda cycle), the widget's C++
destructor runs off the GUI thread and the process segfaults. The test suite
hit exactly this during a PDF export. So automatic collection is turned off
and a timer on the GUI thread does the same work at the same thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How often the GUI thread looks at the allocation counters; a check that
#: finds nothing to do costs a microsecond.
CHECK_INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    """Collects when the counters say so, like the automatic collector would."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
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
        """Collect the oldest generation whose counter passed its threshold;
        returns that generation, or -1 when nothing was due."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                gc.collect(generation)
                return generation
        return -1
