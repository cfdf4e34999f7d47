"""Starting an export of what the log shows: CSV, Excel CSV, zip or PDF."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.domain.receipt_query import ReceiptFilter, ReceiptSort
from companion.i18n import _, ngettext
from companion.services.context import AppContext
from companion.ui.background import run_with_progress

if TYPE_CHECKING:
    from companion.ui.receipts_page import ReceiptsPage


def start_export(
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
        from companion.services.storage_failure import WriteFailed, file_write_failure
        from companion.store.database import open_database
        from companion.store.receipts_repo import ReceiptsRepo

        conn = open_database(database)
        try:
            repo = ReceiptsRepo(conn)
            if kind == "zip":
                from companion.services.receipts_zip import export_zip
                from companion.store.attachments_store import AttachmentStore

                store = AttachmentStore(conn, attachments_root)
                result = export_zip(repo, store, target, flt, sort, False, progress, cancelled)
                return result.receipts, result.missing
            if kind == "pdf":
                from companion.ui.receipts_report import write_report

                return write_report(repo, target, flt, sort, progress, cancelled), []
            from companion.services.receipts_csv import export_csv

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
            text += " " + _("{n} attached files were missing and are not included.").format(
                n=len(missing)
            )
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
