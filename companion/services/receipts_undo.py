"""Deleted receipts waiting for Undo, kept by the application, not a page.

Why here and not in the receipts page: the page is rebuilt on a language
switch and after a restore, and the undo chance must survive both. Why the
files are remembered by content hash: while an undo is pending, every file
its receipts used is held (never purged, never swept), and Undo links the
receipt to the same bytes even if an attachment row id was given to another
file meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from companion.domain.receipt import Receipt
from companion.store.attachments_store import Attachment


@dataclass
class DeletedReceipt:
    receipt: Receipt
    created_utc: str
    files: list[Attachment]
    #: When the receipt's card was created: with the id, what makes it the
    #: same card after a restore or import brought other cards under that id.
    card_created: str | None = None


@dataclass
class DeletedReceipts:
    """What ``undo`` needs to put deleted receipts back exactly."""

    receipts: list[DeletedReceipt] = field(default_factory=list)

    def hashes(self) -> frozenset[str]:
        return frozenset(a.sha256 for item in self.receipts for a in item.files)


@dataclass
class PendingDeletes:
    """The batches an Undo can still bring back, oldest first."""

    batches: list[DeletedReceipts] = field(default_factory=list)

    def add(self, batch: DeletedReceipts) -> None:
        self.batches.append(batch)

    def release(self, batch: DeletedReceipts) -> None:
        self.batches = [b for b in self.batches if b is not batch]

    def clear(self) -> None:
        self.batches.clear()

    def newest(self) -> DeletedReceipts | None:
        return self.batches[-1] if self.batches else None

    def held(self) -> frozenset[str]:
        """Hashes of files no clean-up may remove while these undos wait."""
        held: set[str] = set()
        for batch in self.batches:
            held |= batch.hashes()
        return frozenset(held)
