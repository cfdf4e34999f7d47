"""Deleted receipts waiting for Undo, kept by the application, not a page.

Why here and not in the receipts page: the page is rebuilt on a language
switch and after a restore, and the undo chance must survive both. Why the
files are remembered by content hash: while an undo is pending, every file
its receipts used is held (never purged, never swept), and Undo links the
receipt to the same bytes even if an attachment row id was given to another
file meanwhile.

Why the rows themselves are not here: they wait in a throw-away SQLite file
(``store/receipts_trash``) so that a delete of 100,000 receipts is a few
set-based statements, not 100,000 Python objects. The file lives in a
scratch folder: gone when the Undo offer ends or the app quits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from companion.store.attachments_store import Attachment


@dataclass
class DeletedReceipts:
    """One delete that ``undo`` can put back exactly."""

    #: The batch number of its rows in the trash file.
    batch: int
    #: How many receipts were deleted.
    count: int
    #: Every distinct file they used, held while Undo waits.
    files: tuple[Attachment, ...] = ()
    #: Of those, how many no other receipt used (removed when Undo ends).
    files_only_theirs: int = 0

    def hashes(self) -> frozenset[str]:
        return frozenset(a.sha256 for a in self.files)


@dataclass
class PendingDeletes:
    """The batches an Undo can still bring back, oldest first, and the
    trash file that holds their rows."""

    batches: list[DeletedReceipts] = field(default_factory=list)
    _folder: Path | None = None
    _last_batch: int = 0
    #: Deletes and undos under way on a job thread: no clean-up meanwhile.
    _working: int = 0

    def trash_file(self) -> Path:
        """The trash database, in a scratch folder made on first use."""
        if self._folder is None:
            from companion.services import scratch

            self._folder = scratch.make_folder("tcc-undo-")
        return self._folder / "deleted-receipts.sqlite3"

    def next_batch(self) -> int:
        self._last_batch += 1
        return self._last_batch

    def add(self, batch: DeletedReceipts) -> None:
        self.batches.append(batch)

    def release(self, batch: DeletedReceipts) -> None:
        self.batches = [b for b in self.batches if b is not batch]

    def clear(self) -> None:
        """Every undo chance is over: the trash file goes too."""
        self.batches.clear()
        if self._folder is not None and not self._working:
            from companion.services import scratch

            scratch.remove_folder(self._folder)
            self._folder = None

    def newest(self) -> DeletedReceipts | None:
        return self.batches[-1] if self.batches else None

    def held(self) -> frozenset[str]:
        """Hashes of files no clean-up may remove while these undos wait."""
        held: set[str] = set()
        for batch in self.batches:
            held |= batch.hashes()
        return frozenset(held)

    # ----- work on a job thread ------------------------------------------------
    def begin_work(self) -> None:
        """A delete or undo starts on a job thread: until ``end_work``, the
        files it touches are not known here yet, so nothing is cleaned."""
        self._working += 1

    def end_work(self) -> None:
        self._working = max(self._working - 1, 0)

    @property
    def working(self) -> bool:
        return self._working > 0
