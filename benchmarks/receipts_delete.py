"""Select all + Delete, then Undo, of N receipts on the Receipts page, as the
user waits. One child process per measurement:

    python -m benchmarks.receipts_delete --data DIR

``DIR`` holds a database made with ``prepare`` (N generated receipts, 1,000
of them with an attached file). The page is built and shown, Ctrl+A and
Delete are pressed as keys; what is timed is the key press to the
confirmation on screen, Yes to the rows gone from the table (the delete job
and the refresh), and Ctrl+Z to the rows back. A 10 ms timer runs on the GUI
thread the whole time: the longest gap between its ticks is the longest the
window was frozen. Prints one JSON line, in ms.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import time
from pathlib import Path


def prepare(data: Path, count: int, files: int = 1_000) -> Path:
    """A data folder with ``count`` receipts, ``files`` of them with a file."""
    from benchmarks.datasets import make_attachments
    from benchmarks.receipts import generate_receipts
    from companion.paths import data_paths
    from companion.services.context import open_context

    marker = data / f"receipts-{count}-files-{files}"
    if marker.exists():
        return data
    ctx = open_context(data_paths(data))
    generate_receipts(ctx.conn, count)
    make_attachments(ctx, files, data.parent / f"{data.name}-sources")
    ctx.conn.execute("ANALYZE")
    ctx.close()
    marker.touch()
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMessageBox

    from companion.i18n import set_language
    from companion.paths import data_paths
    from companion.services.context import open_context
    from companion.ui.qt_runtime.none_refcount import keep_none_alive
    from companion.ui.receipts.receipts_page import ReceiptsPage

    keep_none_alive()
    app = QApplication.instance() or QApplication([])
    set_language("en")
    ctx = open_context(data_paths(args.data))
    page = ReceiptsPage(ctx, lambda _key: None)
    page.resize(1280, 800)
    page.show()
    total = page.model.rowCount()
    for _ in range(20):
        app.processEvents()
        time.sleep(0.01)

    ticks: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(lambda: ticks.append(time.perf_counter()))
    marks: dict[str, float] = {}

    question_text: list[str] = []

    def answer_yes() -> None:
        box = page.delete_question
        if box is not None and box.isVisible() and "asked" not in marks:
            marks["asked"] = time.perf_counter()
            question_text.append(box.text())
            box.done(QMessageBox.StandardButton.Yes)

    answerer = QTimer()
    answerer.setInterval(2)
    answerer.timeout.connect(answer_yes)
    answerer.start()

    def wait(done: object, limit: float = 120.0) -> float:
        """Run the event loop (idle between events, as the app is) until ``done``."""
        loop = QEventLoop()
        poll = QTimer()
        poll.setInterval(2)
        poll.timeout.connect(lambda: loop.quit() if done() else None)  # type: ignore[operator]
        poll.start()
        QTimer.singleShot(int(limit * 1000), loop.quit)
        if not done():  # type: ignore[operator]
            loop.exec()
        poll.stop()
        return time.perf_counter()

    def longest_gap(since: float, until: float) -> float:
        moments = [since, *[t for t in ticks if since <= t <= until], until]
        return max(b - a for a, b in itertools.pairwise(moments))

    heartbeat.start()
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    pressed = time.perf_counter()
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    # The question is answered Yes as soon as it shows; the delete job starts.
    answered = wait(lambda: "asked" in marks and page.delete_job is not None)
    deleted = wait(lambda: page.delete_job is None and page.model.rowCount() == 0)
    gone = page.model.rowCount()
    undo_ready = page.deleted is not None and page.undo_bar.isVisible()
    page.activateWindow()  # back from the progress dialog
    page.table.setFocus()
    app.processEvents()
    undo_pressed = time.perf_counter()
    QTest.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    back = wait(lambda: page.delete_job is None and page.model.rowCount() == total)
    heartbeat.stop()
    answerer.stop()

    def ms(a: float, b: float) -> float:
        return round((b - a) * 1000, 1)

    print(
        json.dumps(
            {
                "platform": app.platformName(),
                "receipts": total,
                "left_after_delete": gone,
                "back_after_undo": page.model.rowCount(),
                "question": question_text[0] if question_text else "",
                "notice": page.notice.text(),
                "undo_offered": undo_ready,
                "to_question_ms": ms(pressed, marks.get("asked", answered)),
                "delete_ms": ms(marks.get("asked", answered), deleted),
                "undo_ms": ms(undo_pressed, back),
                "longest_freeze_ms": round(
                    max(longest_gap(pressed, deleted), longest_gap(undo_pressed, back)) * 1000, 1
                ),
            },
            ensure_ascii=False,
        )
    )
    page.hide()
    ctx.close()
    os._exit(0)


if __name__ == "__main__":
    main()
