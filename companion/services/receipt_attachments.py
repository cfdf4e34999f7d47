"""A receipt's attached files as the form shows them: where each is, whether
it is still there and whole, and which a stored receipt has.

Why a service: the form lists and previews the files but never holds the
attachment store (it writes rows and files); adding and linking files goes
through ``ReceiptsService`` when the receipt is saved.
"""

from __future__ import annotations

from pathlib import Path

from companion.services.context import AppContext
from companion.store.attachments_store import (
    ALLOWED_EXTENSIONS,
    MAX_ATTACHMENT_BYTES,
    Attachment,
    AttachmentError,
    AttachmentStore,
    FileState,
)

__all__ = [
    "ALLOWED_EXTENSIONS",
    "MAX_ATTACHMENT_BYTES",
    "AttachedFiles",
    "Attachment",
    "AttachmentError",
    "FileState",
]


class AttachedFiles:
    def __init__(self, ctx: AppContext) -> None:
        self._store = AttachmentStore(ctx.conn, ctx.paths.attachments)

    def of_receipt(self, receipt_id: int) -> list[Attachment]:
        return self._store.for_receipt(receipt_id)

    def path_of(self, att: Attachment) -> Path:
        return self._store.path_of(att)

    def check(self, att: Attachment) -> FileState:
        """Whether the file is still there, with the size it was saved with."""
        return self._store.check(att)
