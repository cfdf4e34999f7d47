"""Starting an export of what the log shows: CSV, Excel CSV, zip or PDF.

Why a question before a huge PDF: a report of 100,000 receipts has
thousands of pages and takes minutes; the user is told the page count first
and offered the CSV file, which is what such a log is usually wanted for.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.domain.receipt_query import ReceiptFilter, ReceiptSort
from companion.i18n import _, ngettext
from companion.services.context import AppContext
from companion.ui.jobs.receipt_jobs import run_with_progress

#: Above this many receipts a PDF report is confirmed first.
HUGE_REPORT_ROWS = 5_000

if TYPE_CHECKING:
    from companion.ui.receipts.receipts_page import ReceiptsPage


def start_export(
    page: ReceiptsPage,
    ctx: AppContext,
    target: Path,
    kind: str,
    flt: ReceiptFilter,
    sort: ReceiptSort,
) -> None:
    """Export now, or after the question a huge PDF report asks first."""
    if kind == "pdf":
        rows = page.service.repo.count(flt)
        if rows > HUGE_REPORT_ROWS:
            _ask_about_huge_report(page, ctx, target, flt, sort, rows)
            return
    _run_export(page, ctx, target, kind, flt, sort)


def _ask_about_huge_report(
    page: ReceiptsPage,
    ctx: AppContext,
    target: Path,
    flt: ReceiptFilter,
    sort: ReceiptSort,
    rows: int,
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from companion.i18n.formatting import format_number
    from companion.ui.receipts.receipts_report import estimate_pages

    pages = estimate_pages(page.service.repo, flt, sort)
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
            page.ask_export("csv")  # a file name of the user's choosing
        elif button is pdf_button:
            _run_export(page, ctx, target, "pdf", flt, sort)

    box.buttonClicked.connect(answered)
    box.finished.connect(box.deleteLater)
    box.open()


def _run_export(
    page: ReceiptsPage,
    ctx: AppContext,
    target: Path,
    kind: str,
    flt: ReceiptFilter,
    sort: ReceiptSort,
) -> None:
    database = ctx.paths.database
    attachments_root = ctx.paths.attachments

    def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
        from companion.services.data_safety.storage_failure import WriteFailed, file_write_failure
        from companion.store.database import open_database
        from companion.store.receipts_repo import ReceiptsRepo

        conn = open_database(database)
        try:
            repo = ReceiptsRepo(conn)
            if kind == "zip":
                from companion.services.receipts_io.receipts_zip import export_zip
                from companion.store.attachments_store import AttachmentStore

                store = AttachmentStore(conn, attachments_root)
                result = export_zip(repo, store, target, flt, sort, False, progress, cancelled)
                return result.receipts, result.missing
            if kind == "pdf":
                from companion.ui.receipts.receipts_report import write_report

                return write_report(repo, target, flt, sort, progress, cancelled), []
            from companion.services.receipts_io.receipts_csv import export_csv

            count = export_csv(repo, target, flt, sort, kind == "excel", progress, cancelled)
            return count, []
        except OSError as exc:  # the user's folder: full, read-only, gone
            raise WriteFailed(file_write_failure(exc)) from exc
        finally:
            conn.close()

    def done(result: tuple[int, list[str]]) -> None:
        count, missing = result
        text = ngettext(
            "Exported {n} receipt to {path}.", "Exported {n} receipts to {path}.", count
        ).format(n=count, path=target)
        if missing:
            text += " " + ngettext(
                "{n} attached file was missing and is not included.",
                "{n} attached files were missing and are not included.",
                len(missing),
            ).format(n=len(missing))
        page.show_notice(text)

    def failed(message: str) -> None:
        page.show_notice(
            _("The export failed; nothing was written: {detail}").format(detail=message)
        )

    run_with_progress(
        page,
        _("Exporting receipts…"),
        work,
        done,
        failed,
        lambda: page.show_notice(_("Export cancelled; nothing was written.")),
    )
