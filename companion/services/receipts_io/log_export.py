"""The receipt log written to a file, CSV or zip: one entry for the window
and for ``companion export``.

Why one entry: both write what a filter lets through in the order shown, and
must write the same file; the window runs it on a worker's own connection
(``export_log_job``), the command on the connection it opened. The PDF report
is drawn with Qt and so lives with the pages (ui/receipts/receipts_report).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from companion.domain.receipt_query import ReceiptFilter, ReceiptSort
from companion.paths import DataPaths
from companion.services.job_control import CancelCheck, Progress, worker_connection
from companion.services.receipts_io import receipts_csv, receipts_zip
from companion.store.attachments_store import AttachmentStore
from companion.store.receipts_repo import ReceiptsRepo


@dataclass(frozen=True)
class LogExport:
    receipts: int
    #: Attached files that were missing and are not in a zip.
    missing: list[str] = field(default_factory=list)


def export_log(
    conn: sqlite3.Connection,
    attachments: Path,
    target: Path,
    with_files: bool,
    excel: bool = False,
    flt: ReceiptFilter = ReceiptFilter(),  # noqa: B008
    sort: ReceiptSort = ReceiptSort(),  # noqa: B008
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> LogExport:
    """Write the CSV (``with_files``: a zip of it and the attached files)."""
    repo = ReceiptsRepo(conn)
    if with_files:
        store = AttachmentStore(conn, attachments)
        result = receipts_zip.export_zip(repo, store, target, flt, sort, excel, progress, cancelled)
        return LogExport(result.receipts, result.missing)
    return LogExport(receipts_csv.export_csv(repo, target, flt, sort, excel, progress, cancelled))


def export_log_job(
    paths: DataPaths,
    target: Path,
    with_files: bool,
    excel: bool,
    flt: ReceiptFilter,
    sort: ReceiptSort,
    progress: Progress,
    cancelled: CancelCheck,
) -> LogExport:
    """``export_log`` on a connection of its own (the job runs off the GUI thread)."""
    with worker_connection(paths) as conn:
        return export_log(
            conn, paths.attachments, target, with_files, excel, flt, sort, progress, cancelled
        )
