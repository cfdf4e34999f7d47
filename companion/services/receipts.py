"""Logging, editing, duplicating and deleting receipts, with undo.

Why deletion is two-step: the user gets a moment to undo. ``delete`` removes
the receipts and their links but keeps the attachment files; ``finish``
(called when the undo chance is gone) drops files no receipt uses any more.
An interrupted session leaves only unused rows, which the next ``finish``
or ``purge_unused`` collects.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from companion.domain.receipt import Receipt
from companion.services.context import AppContext
from companion.store.attachments_store import Attachment, AttachmentStore
from companion.store.database import transaction
from companion.store.receipts_repo import ReceiptsRepo


@dataclass
class DeletedReceipts:
    """What ``undo`` needs to put deleted receipts back exactly."""

    receipts: list[tuple[Receipt, str]] = field(default_factory=list)


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
            dropped = self.attachments.delete_unused()
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
        batch = DeletedReceipts()
        with transaction(self.ctx.conn):
            for rid in receipt_ids:
                receipt = self.repo.get(rid)
                created = self.repo.created_utc(rid)
                if receipt is None or created is None:
                    continue
                batch.receipts.append((receipt, created))
                self.repo.delete(rid)
        return batch

    def undo(self, batch: DeletedReceipts) -> None:
        with transaction(self.ctx.conn):
            for receipt, created in batch.receipts:
                self.repo.restore(receipt, created)
                existing = [
                    a for a in receipt.attachment_ids if self.attachments.get(a) is not None
                ]
                assert receipt.id is not None
                self.attachments.link(receipt.id, existing)
        batch.receipts.clear()

    def finish(self) -> list[Attachment]:
        """Delete attachment files that no receipt uses any more."""
        with transaction(self.ctx.conn):
            dropped = self.attachments.delete_unused()
        self.attachments.remove_files(dropped)
        return dropped

    def now_in(self, zone: str) -> dt.datetime:
        from zoneinfo import ZoneInfo

        return self.ctx.now().astimezone(ZoneInfo(zone)).replace(microsecond=0)
