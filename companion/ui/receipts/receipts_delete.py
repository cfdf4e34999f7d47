"""Delete and Undo on the Receipts page, off the GUI thread.

Why a job: Select all + Delete over 100,000 receipts froze the window ~7 s
before the confirmation, ~8 s to delete and ~3.5 s to undo. Now the
confirmation's numbers come from two SQL counts (no row is read into
Python), and the delete and the Undo are a few set-based statements on a
job thread with its own connection, behind the app's progress dialog.

Why the bookkeeping happens even when the page is gone: a language switch
rebuilds the page; the deleted batch belongs to the application
(``ctx.pending_deletes``), so it is recorded whatever became of the page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import shiboken6
from PySide6.QtWidgets import QMessageBox, QTableView, QWidget

from companion.domain.receipt_selection import ReceiptSelection
from companion.i18n import _, ngettext
from companion.i18n.formatting import format_number
from companion.services.context import AppContext
from companion.services.job_control import worker_connection
from companion.services.receipts import ReceiptsService
from companion.services.receipts_delete import (
    DeletionPreview,
    SelectionChanged,
    delete_selection,
    undo_delete,
)
from companion.services.receipts_undo import DeletedReceipts
from companion.ui.jobs.runner import Job, run_with_progress
from companion.ui.receipts.receipts_model import ReceiptsTableModel
from companion.ui.receipts.receipts_table import selected_row_ranges


class ReceiptsPage(Protocol):
    """What Delete and Undo use of the Receipts page (which calls this
    module, so this module does not import it)."""

    ctx: AppContext
    service: ReceiptsService
    model: ReceiptsTableModel
    table: QTableView
    undo_bar: QWidget
    deleted: DeletedReceipts | None
    delete_job: Job | None
    delete_question: QMessageBox | None

    def refresh(self) -> None: ...

    def show_notice(self, text: str) -> None: ...

    def show_undo(self, count: int) -> None: ...

    def forget_deleted(self) -> None: ...


def _widget(page: ReceiptsPage) -> QWidget:
    """The page as the parent of its dialogs (it is a QWidget)."""
    assert isinstance(page, QWidget)
    return page


def current_selection(page: ReceiptsPage) -> ReceiptSelection | None:
    """The selected rows as ranges (Select all is one), never row by row."""
    selection = ReceiptSelection.of_rows(
        page.model.filter,
        page.model.sort_order,
        selected_row_ranges(page.table),
        page.model.rowCount(),
    )
    return selection if selection.count else None


def question_text(preview: DeletionPreview) -> str:
    """The confirmation: how many receipts, and how many files go with them."""
    n = format_number(preview.receipts)
    if not preview.files:
        return ngettext(
            "Delete {n} receipt? You can undo this right after.",
            "Delete {n} receipts? You can undo this right after.",
            preview.receipts,
        ).format(n=n)
    return ngettext(
        "Delete {n} receipt and {files}? You can undo this right after.",
        "Delete {n} receipts and {files}? You can undo this right after.",
        preview.receipts,
    ).format(
        n=n,
        files=ngettext(
            "{n} attached file no other receipt uses",
            "{n} attached files no other receipt uses",
            preview.files,
        ).format(n=format_number(preview.files)),
    )


def ask_and_delete(page: ReceiptsPage, confirm: bool) -> Job | None:
    """Confirm, then delete the selected receipts on a job thread."""
    selection = current_selection(page)
    if selection is None:
        return None
    try:
        preview = page.service.preview_delete(selection, page.model.cached_ids())
    except SelectionChanged:
        _changed(page)
        return None
    if confirm:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Delete receipts"),
            question_text(preview),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            _widget(page),
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        page.delete_question = box
        try:
            if box.exec() != QMessageBox.StandardButton.Yes:
                return None
        finally:
            page.delete_question = None
            box.deleteLater()
    page.forget_deleted()
    return _start_delete(page, selection)


def _changed(page: ReceiptsPage) -> None:
    page.refresh()
    page.show_notice(
        _("The list of receipts changed meanwhile, so nothing was deleted. Select them again.")
    )


def _start_delete(page: ReceiptsPage, selection: ReceiptSelection) -> Job:
    ctx = page.ctx
    pending = ctx.pending_deletes
    trash = pending.trash_file()
    batch_no = pending.next_batch()
    paths = ctx.paths

    def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
        with worker_connection(paths) as conn:
            try:
                return delete_selection(conn, trash, batch_no, selection, progress, cancelled)
            except SelectionChanged:
                return None

    def done(batch: DeletedReceipts | None) -> None:
        pending.end_work()
        if batch is not None:
            pending.add(batch)
        if not shiboken6.isValid(page):
            return
        page.delete_job = None
        if batch is None:
            _changed(page)
            return
        page.deleted = batch
        page.show_undo(batch.count)
        page.refresh()

    def failed(message: str) -> None:
        pending.end_work()
        if shiboken6.isValid(page):
            page.delete_job = None
            page.refresh()
            page.show_notice(
                _("The receipts could not be deleted; nothing was changed: {detail}").format(
                    detail=message
                )
            )

    def cancelled() -> None:
        pending.end_work()
        if shiboken6.isValid(page):
            page.delete_job = None
            page.show_notice(_("Delete cancelled; nothing was deleted."))

    pending.begin_work()
    job = run_with_progress(_widget(page), _("Deleting receipts…"), work, done, failed, cancelled)
    page.delete_job = job
    return job


def start_undo(page: ReceiptsPage, batch: DeletedReceipts) -> Job:
    """Bring ``batch`` back on a job thread, with its files."""
    ctx = page.ctx
    pending = ctx.pending_deletes
    trash = pending.trash_file()
    paths = ctx.paths
    now = ctx.now()

    def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
        with worker_connection(paths) as conn:
            return undo_delete(conn, trash, paths.attachments, batch, now, progress, cancelled)

    def done(_restored: list[int]) -> None:
        pending.end_work()
        pending.release(batch)
        if not shiboken6.isValid(page):
            return
        page.delete_job = None
        if page.deleted is batch:
            page.deleted = None
            page.undo_bar.hide()
        page.refresh()

    def failed(message: str) -> None:
        pending.end_work()
        if shiboken6.isValid(page):
            page.delete_job = None
            page.show_notice(
                _("The receipts could not be brought back; try Undo again: {detail}").format(
                    detail=message
                )
            )

    def cancelled() -> None:
        pending.end_work()
        if shiboken6.isValid(page):
            page.delete_job = None

    pending.begin_work()
    job = run_with_progress(_widget(page), _("Bringing receipts back…"), work, done, failed, cancelled)
    page.delete_job = job
    return job
