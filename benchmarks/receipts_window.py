"""Opening the Receipts section as the user does: click in the section rail,
wait until the table is painted. One child process per measurement:

    python -m benchmarks.receipts_window --data DIR

The main window is built and shown on the Guide (as at start-up) before the
click, so what is timed is the user's wait: importing the page's modules,
building the page, its first queries and the first paint of the table, in a
window that is shown. Run under Xvfb (``QT_QPA_PLATFORM=xcb``) it is a real
X11 window; with the offscreen platform it measures the same work without a
window system. Prints one JSON line: the total and the phases, in ms.
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
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QTableView

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
    window.show()
    deadline = time.perf_counter() + 10
    while not window.isVisible() and time.perf_counter() < deadline:
        app.processEvents()
    for _ in range(20):  # the guide's first paint and the deferred start-up work
        app.processEvents()
        time.sleep(0.01)

    marks: dict[str, float] = {}

    class Watch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            kind = event.type()
            if kind == QEvent.Type.Show and type(watched).__name__ == "ReceiptsPage":
                marks.setdefault("page_shown", time.perf_counter())
            if (
                kind == QEvent.Type.Paint
                and isinstance(watched.parent(), QTableView)
                and watched.parent().accessibleName() == "Receipts"
            ):
                marks.setdefault("paint_started", time.perf_counter())
            return False

    watch = Watch()
    app.installEventFilter(watch)
    rail = window._nav
    row = [s.key for s in SECTIONS].index("receipts")
    spot = rail.visualItemRect(rail.item(row)).center()
    start = time.perf_counter()
    QTest.mouseClick(rail.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    while "paint_started" not in marks and time.perf_counter() - start < 30:
        app.processEvents()
    app.processEvents()  # the paint itself, and the flush to the window
    painted = time.perf_counter()
    app.removeEventFilter(watch)

    def ms(a: float, b: float) -> float:
        return round((b - a) * 1000, 1)

    print(
        json.dumps(
            {
                "platform": app.platformName(),
                "click_to_painted_ms": ms(start, painted),
                "click_to_page_shown_ms": ms(start, marks.get("page_shown", painted)),
                "shown_to_paint_ms": ms(marks.get("page_shown", start), marks["paint_started"]),
                "paint_ms": ms(marks["paint_started"], painted),
            }
        )
    )
    window.hide()
    ctx.close()
    os._exit(0)  # as the app leaves (companion.cli.run): no teardown to time


if __name__ == "__main__":
    main()
