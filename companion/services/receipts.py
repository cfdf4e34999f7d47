"""Logging, editing, duplicating and deleting receipts, with undo.

Why deletion is two-step: the user gets a moment to undo. ``delete`` removes
the receipts and their links (set-based, see ``receipts_delete``) but keeps
the attachment files, held by the pending undo (``ctx.pending_deletes``); ``finish`` (called when the undo
chance is gone) drops files no receipt uses any more. Every other clean-up
(``tidy``, after an edit or when a page is built) spares what a pending undo
holds, and sweeps stray files only when no undo is pending. An interrupted
session leaves only unused rows and files, which the next start collects.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from companion.domain.receipt import Receipt
from companion.domain.receipt_selection import ReceiptSelection
from companion.services.context import AppContext
from companion.services.receipts_delete import (
    DeletionPreview,
    delete_ids,
    preview,
    undo_delete,
)
from companion.services.receipts_undo import DeletedReceipts
from companion.store.attachments_store import Attachment, AttachmentStore
from companion.store.database import transaction
from companion.store.receipts_repo import ReceiptsRepo

__all__ = ["DeletedReceipts", "ReceiptsService"]


class ReceiptsService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.repo = ReceiptsRepo(ctx.conn)
        self.attachments = AttachmentStore(ctx.conn, ctx.paths.attachments)

    def log(self, receipt: Receipt, files: Sequence[Path] = ()) -> int:
        """Save a new receipt with copies of ``files``; all or nothing."""
        now = self.ctx.now()
        with transaction(self.ctx.conn):
            ids = list(receipt.attachment_ids)
            ids += [self.attachments.add_file(p, now).id for p in files]
            receipt_id = self.repo.insert(receipt, now)
            self.attachments.link(receipt_id, ids)
        receipt.attachment_ids = ids
        return receipt_id

    def edit(self, receipt: Receipt, files: Sequence[Path] = ()) -> None:
        """Replace a stored receipt; ``receipt.attachment_ids`` lists the kept files."""
        assert receipt.id is not None
        now = self.ctx.now()
        with transaction(self.ctx.conn):
            ids = list(receipt.attachment_ids)
            ids += [self.attachments.add_file(p, now).id for p in files]
            self.repo.update(receipt)
            self.attachments.link(receipt.id, ids)
            dropped = (
                []
                if self.ctx.pending_deletes.working  # a delete's files are not held yet
                else self.attachments.delete_unused(keep=self.ctx.pending_deletes.held())
            )
        self.attachments.remove_files(dropped)
        receipt.attachment_ids = ids

    def duplicate(self, receipt_id: int, zone: str | None = None) -> int:
        """Log the same top-up again, paid now. The reference and the files
        are left out: a new payment has its own reference and its own proof."""
        original = self.repo.get(receipt_id)
        if original is None:
            raise KeyError(receipt_id)
        from zoneinfo import ZoneInfo

        again = copy.deepcopy(original)
        again.id = None
        again.reference = ""
        again.attachment_ids = []
        again.paid_zone = zone or original.paid_zone
        again.paid_at = self.ctx.now().astimezone(ZoneInfo(again.paid_zone)).replace(microsecond=0)
        return self.log(again)

    def delete(self, receipt_ids: list[int]) -> DeletedReceipts:
        """Delete receipts; their files stay held until ``undo`` or ``finish``."""
        pending = self.ctx.pending_deletes
        batch = delete_ids(self.ctx.conn, pending.trash_file(), pending.next_batch(), receipt_ids)
        pending.add(batch)
        return batch

    def preview_delete(
        self, selection: ReceiptSelection, shown: dict[int, int]
    ) -> DeletionPreview:
        """How many receipts and files deleting ``selection`` removes (SQL
        only); raises ``SelectionChanged`` when the rows moved meanwhile."""
        return preview(self.ctx.conn, selection, shown)

    def pending(self) -> DeletedReceipts | None:
        """The newest deletion Undo can still bring back."""
        return self.ctx.pending_deletes.newest()

    def undo(self, batch: DeletedReceipts) -> list[int]:
        """Put the receipts back with the same files (found by content), under
        their old ids unless another receipt holds one now; returns the ids."""
        pending = self.ctx.pending_deletes
        restored = undo_delete(
            self.ctx.conn, pending.trash_file(), self.ctx.paths.attachments, batch, self.ctx.now()
        )
        pending.release(batch)
        return restored

    def finish(self) -> list[Attachment]:
        """The undo chance is gone: delete files that no receipt uses any more."""
        self.ctx.pending_deletes.clear()
        return self.tidy()

    def tidy(self) -> list[Attachment]:
        """Drop attachment rows and files no receipt uses, sparing what a
        pending undo holds; stray files with no row are swept only when no
        undo is pending."""
        if self.ctx.pending_deletes.working:
            return []  # a delete or undo on a job thread: its files are not held yet
        held = self.ctx.pending_deletes.held()
        with transaction(self.ctx.conn):
            dropped = self.attachments.delete_unused(keep=held)
        self.attachments.remove_files(dropped)
        if self.ctx.pending_deletes.newest() is None:
            self.attachments.sweep_orphans()
        return dropped

    def now_in(self, zone: str) -> dt.datetime:
        from zoneinfo import ZoneInfo

        return self.ctx.now().astimezone(ZoneInfo(zone)).replace(microsecond=0)
