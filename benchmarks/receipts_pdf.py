"""The PDF report of N receipts: wall time and peak memory of the process writing it.

Run as a child process per measurement, so its peak RSS is the report's
(plus Qt's and the app's baseline), not the data generator's:

    python -m benchmarks.receipts_pdf --data DIR --out FILE.pdf

``DIR`` holds a database made with ``prepare`` (benchmarks.receipts'
generator). Prints one JSON line: seconds, peak_mib, pages, bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from pathlib import Path


def prepare(data: Path, count: int) -> Path:
    """A data folder with ``count`` generated receipts (made once, reused)."""
    from benchmarks.receipts import generate_receipts
    from companion.paths import data_paths
    from companion.services.context import open_context

    marker = data / f"receipts-{count}"
    if marker.exists():
        return data
    ctx = open_context(data_paths(data))
    generate_receipts(ctx.conn, count)
    ctx.conn.execute("ANALYZE")
    ctx.close()
    marker.touch()
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from companion.domain.receipt_query import ReceiptFilter, ReceiptSort
    from companion.i18n import set_language
    from companion.paths import data_paths
    from companion.services.context import open_context
    from companion.services.receipts_read import ReceiptsReader
    from companion.ui.receipts.receipts_report import write_report

    app = QGuiApplication.instance() or QGuiApplication([])
    set_language("en")
    ctx = open_context(data_paths(args.data))
    start = time.perf_counter()
    count = write_report(ReceiptsReader.for_context(ctx), args.out, ReceiptFilter(), ReceiptSort())
    seconds = time.perf_counter() - start
    ctx.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    data = args.out.read_bytes()
    print(
        json.dumps(
            {
                "receipts": count,
                "seconds": round(seconds, 2),
                "peak_mib": round(peak, 1),
                "pages": data.count(b"/Type /Page\n"),
                "bytes": len(data),
            }
        )
    )
    del app


if __name__ == "__main__":
    main()
