"""Opening a 50 MB CSV for import, as the user waits: from choosing the file
to the preview on screen, and how long the window was ever frozen meanwhile.

    python -m benchmarks.receipts_import_open --data DIR --csv FILE

One child process per measurement (a fresh interpreter, as a user's first
import is). The main window is built and shown on the Receipts section
first; then the file is opened as "Import from CSV…" does after its file
chooser (``ReceiptsPage.open_import``), and the clock runs until the
dialog shows the preview. A 10 ms timer on the GUI thread records the
longest gap between its ticks: the longest time the window could not
answer. The process's CPU time over the same span is printed too: on a
shared machine the wall time also counts the time other programs had the
cores. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import random
import time
from pathlib import Path

HEADER = "paid_at,zone,amount,currency,method,card,plan,reference,vendor,notes\r\n"
_VENDORS = ("МТС", "Beeline", "Tele2", "Megafon", "Airalo", "Troika", "кафе, вокзал", "mall")


def make_csv(path: Path, megabytes: int = 50, seed: int = 7) -> int:
    """A receipt log of about ``megabytes`` MB (made once, reused); returns its rows."""
    marker = path.with_suffix(".rows")
    if path.exists() and marker.exists():
        return int(marker.read_text())
    rng = random.Random(seed)
    start = dt.datetime(2022, 1, 1)
    parts = [HEADER]
    size, rows = len(HEADER), 0
    while size < megabytes * 1024 * 1024:
        paid = start + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 365 * 4))
        vendor = rng.choice(_VENDORS)
        line = (
            f"{paid.isoformat()}+03:00,Europe/Moscow,{rng.randrange(100, 50000)}."
            f"{rng.randrange(100):02d},RUB,sbp,MTS SIM,Тариф {rows % 7},TX{rows:08d},"
            f'"{vendor}","note {rows % 97}, paid at the counter"\r\n'
        )
        parts.append(line)
        size += len(line.encode())
        rows += 1
    path.write_text("".join(parts), "utf-8")
    marker.write_text(str(rows))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--csv", type=Path, required=True)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from companion.i18n import set_language
    from companion.paths import data_paths
    from companion.services.context import open_context
    from companion.ui.qt_runtime.gc_guard import GuiThreadCollector
    from companion.ui.qt_runtime.none_refcount import keep_none_alive
    from companion.ui.shell.main_window import MainWindow

    keep_none_alive()
    app = QApplication.instance() or QApplication([])
    collector = GuiThreadCollector(app)  # as the app collects (ui/shell/app.py)
    collector.start()
    set_language("en")
    ctx = open_context(data_paths(args.data))
    window = MainWindow(ctx)
    window.resize(1280, 800)
    window.show()
    window.show_section("receipts")
    page = window.page("receipts")
    for _ in range(30):  # shown and painted, the page's own first work done
        app.processEvents()
        time.sleep(0.01)

    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    cpu_start = time.process_time()
    start = time.perf_counter()
    ticks.append(start)
    page.open_import(args.csv)  # type: ignore[attr-defined]
    dialog = page.import_dialog  # type: ignore[attr-defined]
    while dialog.reading and time.perf_counter() - start < 120:
        app.processEvents()
        time.sleep(0.001)
    app.processEvents()  # the preview laid out and painted
    shown = time.perf_counter()
    cpu = time.process_time() - cpu_start
    timer.stop()
    ticks.append(shown)
    stall = max(b - a for a, b in itertools.pairwise(ticks))
    table = dialog.table_data
    print(
        json.dumps(
            {
                "platform": app.platformName(),
                "megabytes": round(args.csv.stat().st_size / (1024 * 1024), 1),
                "rows": len(table.rows) if table is not None else -1,
                "message": dialog.message.text(),
                "to_preview_s": round(shown - start, 3),
                "cpu_s": round(cpu, 3),
                "longest_stall_ms": round(stall * 1000, 1),
            },
            ensure_ascii=False,
        )
    )
    ctx.close()
    os._exit(0)


if __name__ == "__main__":
    main()
