"""Selections over N receipts on the Receipts page, as the user waits. One
child process per measurement:

    python -m benchmarks.receipts_selection --data DIR [--screen-reader]

``DIR`` holds a database made by ``benchmarks.receipts_delete.prepare``. The
page is built and shown, then keys and clicks are sent as a user makes
them: Ctrl+A, then Ctrl+D (Log again, refused with several selected) and
F2 (Edit, the same), a click on one row, Shift+Ctrl+End from it, and a
Shift+click on the last row. Each is timed from the key or click until the
events it caused are handled (paint included). ``--screen-reader`` turns
Qt's accessibility on, as a running screen reader does: it is where Qt's
table used to list every selected cell. Prints one JSON line, in ms, with
the rows each step left selected (a step that selects the wrong rows is
not fast, it is wrong).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--screen-reader", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAccessible
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from companion.i18n import set_language
    from companion.paths import data_paths
    from companion.services.context import open_context
    from companion.ui.qt_runtime.none_refcount import keep_none_alive
    from companion.ui.receipts.receipt_dialog import ReceiptDialog
    from companion.ui.receipts.receipts_page import ReceiptsPage

    keep_none_alive()
    app = QApplication.instance() or QApplication([])
    set_language("en")
    if args.screen_reader:
        QAccessible.setActive(True)
    # An editor, should one open, closes at once: it is not what is timed.
    ReceiptDialog.exec = lambda _self: 0  # type: ignore[method-assign,assignment]
    ctx = open_context(data_paths(args.data))
    page = ReceiptsPage(ctx, lambda _key: None)
    page.resize(1280, 800)
    page.show()
    page.activateWindow()
    for _ in range(20):
        app.processEvents()
        time.sleep(0.01)
    view = page.table
    view.setFocus()
    total = page.model.rowCount()
    shift_ctrl = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier

    def click(row: int, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        view.scrollTo(page.model.index(row, 2))
        app.processEvents()
        QTest.mouseClick(
            view.viewport(),
            Qt.MouseButton.LeftButton,
            modifier,
            view.visualRect(page.model.index(row, 2)).center(),
        )

    def key(k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(view, k, modifier)

    steps: list[tuple[str, Callable[[], None]]] = [
        ("ctrl_a", lambda: key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)),
        ("log_again_after_ctrl_a", lambda: key(Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)),
        ("edit_after_ctrl_a", lambda: key(Qt.Key.Key_F2)),
        ("click_one_row", lambda: click(2)),
        ("shift_ctrl_end", lambda: key(Qt.Key.Key_End, shift_ctrl)),
        ("click_again", lambda: click(0)),
        ("shift_click_last_row", lambda: click(total - 1, Qt.KeyboardModifier.ShiftModifier)),
    ]
    result: dict[str, object] = {
        "platform": app.platformName(),
        "screen_reader": QAccessible.isActive(),
        "receipts": total,
    }
    for name, step in steps:
        started = time.perf_counter()
        step()
        app.processEvents()
        result[f"{name}_ms"] = round((time.perf_counter() - started) * 1000, 1)
        chosen = view.selectionModel().selection()
        result[f"{name}_rows"] = [
            [chosen.at(i).top(), chosen.at(i).bottom()] for i in range(chosen.size())
        ]
    result["receipts_after"] = page.model.rowCount()
    result["notice"] = page.notice.text()
    print(json.dumps(result, ensure_ascii=False))
    page.hide()
    ctx.close()
    os._exit(0)


if __name__ == "__main__":
    main()
