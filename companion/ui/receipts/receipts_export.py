"""Starting an export of what the log shows: CSV, Excel CSV, zip or PDF.

Why a question before a huge PDF: a report of 100,000 receipts has
thousands of pages and takes minutes; the user is told the page count first
and offered the CSV file, which is what such a log is usually wanted for.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from companion.domain.receipt_query import ReceiptFilter, ReceiptSort
from companion.i18n import _, ngettext
from companion.i18n.formatting import format_number
from companion.services.context import AppContext
from companion.services.job_control import CancelCheck, Progress
from companion.services.receipts_read import ReceiptsReader
from companion.ui.jobs.runner import run_with_progress

#: Above this many receipts a PDF report is confirmed first.
HUGE_REPORT_ROWS = 5_000

#: Shows one line of news on the page (the receipt log's notice).
Tell = Callable[[str], None]


def start_export(
    page: QWidget,
    ctx: AppContext,
    target: Path,
    kind: str,
    flt: ReceiptFilter,
    sort: ReceiptSort,
    tell: Tell,
    ask_csv: Callable[[], None],
) -> None:
    """Export now, or after the question a huge PDF report asks first
    (whose "Export CSV instead" calls ``ask_csv``)."""
    if kind == "pdf":
        reader = ReceiptsReader.for_context(ctx)
        rows = reader.count(flt)
        if rows > HUGE_REPORT_ROWS:
            _ask_about_huge_report(page, ctx, target, flt, sort, rows, tell, ask_csv)
            return
    _run_export(page, ctx, target, kind, flt, sort, tell)


def _ask_about_huge_report(
    page: QWidget,
    ctx: AppContext,
    target: Path,
    flt: ReceiptFilter,
    sort: ReceiptSort,
    rows: int,
    tell: Tell,
    ask_csv: Callable[[], None],
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from companion.ui.receipts.receipts_report import estimate_pages

    pages = estimate_pages(ReceiptsReader.for_context(ctx), flt, sort)
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _("Export receipts"),
        ngettext(
            "This report will have about {pages} page. Export CSV instead, or continue?",
            "This report will have about {pages} pages. Export CSV instead, or continue?",
            pages,
        ).format(pages=format_number(pages)),
        parent=page,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    csv_button = box.addButton(_("Export &CSV instead"), QMessageBox.ButtonRole.AcceptRole)
    pdf_button = box.addButton(_("Co&ntinue with PDF"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(csv_button)

    def answered(button: object) -> None:
        if button is csv_button:
            ask_csv()  # a file name of the user's choosing
        elif button is pdf_button:
            _run_export(page, ctx, target, "pdf", flt, sort, tell)

    box.buttonClicked.connect(answered)
    box.finished.connect(box.deleteLater)
    box.open()


def _run_export(
    page: QWidget,
    ctx: AppContext,
    target: Path,
    kind: str,
    flt: ReceiptFilter,
    sort: ReceiptSort,
    tell: Tell,
) -> None:
    paths = ctx.paths

    def work(progress: Progress, cancelled: CancelCheck) -> Any:
        from companion.services.data_safety.storage_messages import WriteFailed, file_write_failure

        try:
            if kind == "pdf":
                from companion.services.receipts_read import worker_reader
                from companion.ui.receipts.receipts_report import write_report

                with worker_reader(paths) as reader:
                    return write_report(reader, target, flt, sort, progress, cancelled), []
            from companion.services.receipts_io.log_export import export_log_job

            result = export_log_job(
                paths, target, kind == "zip", kind == "excel", flt, sort, progress, cancelled
            )
            return result.receipts, result.missing
        except OSError as exc:  # the user's folder: full, read-only, gone
            raise WriteFailed(file_write_failure(exc)) from exc

    def done(result: tuple[int, list[str]]) -> None:
        count, missing = result
        text = ngettext(
            "Exported {n} receipt to {path}.", "Exported {n} receipts to {path}.", count
        ).format(n=format_number(count), path=target)
        if missing:
            text += " " + ngettext(
                "{n} attached file was missing and is not included.",
                "{n} attached files were missing and are not included.",
                len(missing),
            ).format(n=format_number(len(missing)))
        tell(text)

    def failed(message: str) -> None:
        tell(_("The export failed; nothing was written: {detail}").format(detail=message))

    run_with_progress(
        page,
        _("Exporting receipts…"),
        work,
        done,
        failed,
        lambda: tell(_("Export cancelled; nothing was written.")),
    )
