"""Opening the Receipts section as the user does: click in the section rail,
wait until the table is painted. One child process per measurement:

    python -m benchmarks.receipts_window --data DIR

The main window is built and shown on the Guide (as at start-up) and left
idle until its warm-up (ui/shell/idle_warmup.py: the page's modules and
babel's currency data, in small steps after the first frame) has finished,
as it has when a user clicks a second or two after the window appeared.
What is timed is the user's wait from there: what is left of the first-use
costs, building the page, its first queries and the first paint of the
table, in a window that is shown. With ``--no-warmup`` the click comes
before any warm-up (about 0.2 s after the first frame), as the benchmark
did before the warm-up existed. Run under Xvfb (``QT_QPA_PLATFORM=xcb``) it is a real
X11 window; with the offscreen platform it measures the same work without a
window system. Prints one JSON line: the total and the phases, in ms, and
the CPU time of the process over the total (on a busy machine the wall
time also counts the time other programs had the cores).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--no-warmup", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QTableView, QWidget

    from companion.i18n import set_language
    from companion.paths import data_paths
    from companion.services.context import open_context
    from companion.ui.qt_runtime.none_refcount import keep_none_alive
    from companion.ui.shell.main_window import SECTIONS, MainWindow

    keep_none_alive()
    app = QApplication.instance() or QApplication([])
    set_language("en")
    ctx = open_context(data_paths(args.data))
    window = MainWindow(ctx)
    window.resize(1280, 800)
    if args.no_warmup:
        window._warmup_due = True  # as if scheduled: it never starts
    shown_at = time.perf_counter()
    window.show()
    deadline = time.perf_counter() + 10
    while not window.isVisible() and time.perf_counter() < deadline:
        app.processEvents()
    for _ in range(20):  # the guide's first paint and the deferred start-up work
        app.processEvents()
        time.sleep(0.01)
    warmup = getattr(window, "warmup", None)  # (older code, for comparisons, has none)
    if not args.no_warmup:
        deadline = time.perf_counter() + 30
        while (window.warmup is None or not window.warmup.done) and (
            time.perf_counter() < deadline
        ):
            app.processEvents()
            time.sleep(0.002)
        warmup = window.warmup
        assert warmup is not None and warmup.done, "the warm-up did not finish in 30 s"
    warmed_at = time.perf_counter()

    marks: dict[str, float] = {}

    class Watch(QObject):
        """Watches only the page and its table. An application-wide filter
        (as this benchmark had) gets every event of every object, and PySide
        then builds a Python type, with its enums, for each widget class
        that receives one: about 120 enums the app itself never builds."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            kind = event.type()
            if kind == QEvent.Type.Show and watched is page_watched.get("page"):
                marks.setdefault("page_shown", time.perf_counter())
            if kind == QEvent.Type.Paint and watched is page_watched.get("viewport"):
                marks.setdefault("paint_started", time.perf_counter())
            return False

    watch = Watch()
    page_watched: dict[str, QObject] = {}
    build_page = MainWindow.page

    def page_and_watch(self: MainWindow, key: str) -> QWidget:
        built = build_page(self, key)
        if key == "receipts" and not page_watched:
            table = next(t for t in built.findChildren(QTableView) if t.accessibleName() == "Receipts")
            page_watched.update(page=built, viewport=table.viewport())
            built.installEventFilter(watch)
            table.viewport().installEventFilter(watch)
        return built

    MainWindow.page = page_and_watch  # type: ignore[method-assign]
    rail = window._nav
    row = [s.key for s in SECTIONS].index("receipts")
    spot = rail.visualItemRect(rail.item(row)).center()
    cpu_start = time.process_time()
    start = time.perf_counter()
    QTest.mouseClick(rail.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    while "paint_started" not in marks and time.perf_counter() - start < 30:
        app.processEvents()
    app.processEvents()  # the paint itself, and the flush to the window
    painted = time.perf_counter()
    cpu_ms = round((time.process_time() - cpu_start) * 1000, 1)

    def ms(a: float, b: float) -> float:
        return round((b - a) * 1000, 1)

    print(
        json.dumps(
            {
                "platform": app.platformName(),
                "click_to_painted_ms": ms(start, painted),
                "click_to_painted_cpu_ms": cpu_ms,
                "click_to_page_shown_ms": ms(start, marks.get("page_shown", painted)),
                "shown_to_paint_ms": ms(marks.get("page_shown", start), marks["paint_started"]),
                "paint_ms": ms(marks["paint_started"], painted),
                "warmup_done_after_show_ms": ms(shown_at, warmed_at),
                "warmup_work_ms": round(sum(t for _n, t in warmup.timings), 1) if warmup else 0,
                "warmup_longest_step_ms": (
                    round(max(t for _n, t in warmup.timings), 1) if warmup else 0
                ),
                "warmup_longest_step": (
                    max(warmup.timings, key=lambda pair: pair[1])[0] if warmup else ""
                ),
            }
        )
    )
    window.hide()
    ctx.close()
    os._exit(0)  # as the app leaves (companion.cli.run): no teardown to time


if __name__ == "__main__":
    main()
