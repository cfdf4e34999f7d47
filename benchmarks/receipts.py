"""Benchmark of the receipt log with 100,000 receipts.

Not a test: it prints timings and the targets from the issue, and never
fails on a slow machine. Run with ``uv run python -m benchmarks.receipts``
(optionally ``--count N``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from companion.domain.receipt import PAYMENT_METHODS
from companion.domain.receipt_query import ReceiptFilter, search_text

TARGETS_MS = {
    "open": 150.0,
    "keystroke_p95": 50.0,
    "sort_amount": 150.0,
    "export_csv": 2000.0,
    "import_csv": 5000.0,
}

_WORDS = ("МТС", "Beeline", "Tele2", "Megafon", "Airalo", "Troika", "кафе", "вокзал", "mall")


def generate_receipts(conn: object, count: int, seed: int = 7) -> None:
    """Insert ``count`` deterministic receipts with one executemany."""
    import sqlite3

    assert isinstance(conn, sqlite3.Connection)
    rng = random.Random(seed)
    start = dt.datetime(2022, 1, 1, tzinfo=dt.UTC)
    moscow = dt.timezone(dt.timedelta(hours=3))
    rows = []
    for i in range(count):
        paid = start + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 365 * 4))
        currency = "RUB" if i % 10 else rng.choice(("USD", "EUR", "CNY"))
        reference = f"TX{i:07d}"
        vendor = rng.choice(_WORDS)
        notes = f"{rng.choice(_WORDS)} {i % 97}"
        rows.append(
            (
                paid.isoformat(timespec="seconds"),
                "Europe/Moscow",
                paid.astimezone(moscow).replace(tzinfo=None).isoformat(timespec="seconds"),
                rng.randrange(10000, 500000),
                currency,
                PAYMENT_METHODS[i % len(PAYMENT_METHODS)],
                "30 days",
                reference,
                vendor,
                notes,
                search_text(reference, notes, vendor),
                paid.isoformat(timespec="seconds"),
            )
        )
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO receipts (paid_utc, paid_zone, paid_local, amount_minor, currency, method, "
        "plan_name, reference, vendor, notes, search_text, created_utc) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.execute("COMMIT")


def _ms(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def run(count: int) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from companion.i18n import set_language
    from companion.paths import data_paths
    from companion.services.context import open_context
    from companion.services.receipts_io.receipts_csv import export_csv
    from companion.services.receipts_io.receipts_csv_import import apply_import, validate
    from companion.services.receipts_io.receipts_csv_read import default_mapping, read_csv
    from companion.store.receipts_repo import ReceiptsRepo
    from companion.ui.receipts.receipts_page import ReceiptsPage

    set_language("en")
    app = QApplication.instance() or QApplication([])
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_context(data_paths(Path(tmp) / "data"))
        results["generate"] = _ms(lambda: generate_receipts(ctx.conn, count))
        ctx.conn.execute("ANALYZE")

        holder: dict[str, ReceiptsPage] = {}

        def open_page() -> None:
            page = ReceiptsPage(ctx, lambda _k: None)
            page.resize(1100, 700)
            page.show()
            page.repaint()  # first paint, synchronously
            app.processEvents()
            holder["page"] = page

        results["open"] = _ms(open_page)
        page = holder["page"]

        samples = []
        typed = ""
        for ch in "beeline 4":
            typed += ch
            page.search.setText(typed)

            def keystroke() -> None:
                page.apply_filter()
                page.table.viewport().repaint()

            samples.append(_ms(keystroke))
        page.search.setText("")
        page.apply_filter()
        for index in (1, 2):

            def pick(i: int = index) -> None:
                page.method_filter.setCurrentIndex(i)
                page.table.viewport().repaint()

            samples.append(_ms(pick))
        page.method_filter.setCurrentIndex(0)
        samples.sort()
        results["keystroke_p95"] = samples[max(0, int(len(samples) * 0.95) - 1)]
        results["keystroke_median"] = statistics.median(samples)

        def sort_amount() -> None:
            page.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
            page.table.viewport().repaint()

        results["sort_amount"] = _ms(sort_amount)

        def sort_vendor() -> None:
            page.table.sortByColumn(6, Qt.SortOrder.DescendingOrder)
            page.table.viewport().repaint()

        results["sort_vendor"] = _ms(sort_vendor)

        def scroll_end() -> None:
            page.table.scrollToBottom()
            page.table.viewport().repaint()

        results["scroll_to_end"] = _ms(scroll_end)

        repo = ReceiptsRepo(ctx.conn)
        out = Path(tmp) / "export.csv"
        results["export_csv"] = _ms(lambda: export_csv(repo, out))
        ctx.conn.execute("DELETE FROM receipts")

        def do_import() -> None:
            table = read_csv(out)
            plan = validate(table, default_mapping(table.header), repo, "Europe/Moscow", ctx.now())
            assert not plan.errors, plan.errors[:3]
            apply_import(repo, plan, ctx.now())

        results["import_csv"] = _ms(do_import)
        imported = repo.count(ReceiptFilter())
        assert imported == count, imported
        page.close()
        page.deleteLater()
        app.processEvents()
        ctx.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    args = parser.parse_args()
    results = run(args.count)
    print(f"receipts: {args.count}")
    for name, value in results.items():
        target = TARGETS_MS.get(name)
        verdict = "" if target is None else ("  ok" if value <= target else "  SLOW")
        limit = "" if target is None else f" (target < {target:.0f} ms)"
        print(f"{name:18} {value:9.1f} ms{limit}{verdict}")


if __name__ == "__main__":
    main()
