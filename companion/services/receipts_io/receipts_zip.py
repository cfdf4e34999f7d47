"""A zip of the receipt log: the CSV plus every attached file it names.

Why readable names: inside the app a file is stored under its content hash,
which tells a person nothing. In the zip each file is named for the receipt
it belongs to: paid date, amount and currency, then the file's original
name (``attachments/2026-11-24_500.00-RUB_receipt-photo.jpg``). The CSV's
``attachments`` column lists those names, so the mapping from receipt to
file stays in the CSV. Names carry no spaces (the column separates names
with spaces) and no characters a file system refuses; two different files
that would get the same name get ``_2``, ``_3``; one file shared by two
receipts is stored once, under the name of the first receipt listed.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from companion import atomic_write
from companion.domain.receipt_query import ReceiptFilter, ReceiptSort
from companion.i18n.formatting import plain_amount
from companion.services.job_control import CancelCheck, JobCancelled, Progress
from companion.services.receipts_io.receipts_csv import export_csv
from companion.store.attachments_store import Attachment, AttachmentStore, FileState
from companion.store.receipts_repo import ReceiptsRepo

#: Characters no file system (or zip reader) should meet in a name.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
_SPACES = re.compile(r"\s+")
#: Room for the date, the amount and a counter within a 255-byte name.
MAX_STEM = 80


def readable_stem(original_name: str) -> str:
    """The original file name without extension, safe in a zip and a CSV cell."""
    stem = Path(original_name.replace("\\", "/")).stem if original_name else ""
    stem = unicodedata.normalize("NFC", stem)
    stem = _SPACES.sub("_", _UNSAFE.sub("_", stem)).strip("._-")
    return stem[:MAX_STEM].rstrip("._-") or "file"


class _Names:
    """Archive names, one per distinct file, unique within the zip."""

    def __init__(self) -> None:
        self._by_hash: dict[str, str] = {}
        self._taken: set[str] = set()

    def name(self, att: Attachment, paid_day: str, amount: str) -> str:
        known = self._by_hash.get(att.sha256)
        if known is not None:
            return known
        base = f"attachments/{paid_day}_{amount}_{readable_stem(att.original_name)}"
        arc, n = f"{base}.{att.extension}", 1
        while arc.casefold() in self._taken:  # case-insensitive file systems too
            n += 1
            arc = f"{base}_{n}.{att.extension}"
        self._taken.add(arc.casefold())
        self._by_hash[att.sha256] = arc
        return arc


@dataclass
class ZipResult:
    receipts: int = 0
    files: int = 0
    missing: list[str] = field(default_factory=list)


def export_zip(
    repo: ReceiptsRepo,
    store: AttachmentStore,
    target: Path,
    flt: ReceiptFilter = ReceiptFilter(),  # noqa: B008
    sort: ReceiptSort = ReceiptSort(),  # noqa: B008
    excel: bool = False,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> ZipResult:
    result = ZipResult()
    wanted: dict[str, Path] = {}
    archive = _Names()

    def names(receipt_id: int) -> list[str]:
        attachments = store.for_receipt(receipt_id)
        receipt = repo.get(receipt_id) if attachments else None
        if receipt is None:
            return []
        paid_day = receipt.paid_at.date().isoformat()  # in the zone paid in (row_to_receipt)
        amount = f"{plain_amount(receipt.amount)}-{receipt.amount.currency}"
        out = []
        for att in attachments:
            arc = archive.name(att, paid_day, amount)
            out.append(arc)
            if store.check(att) is FileState.OK:
                wanted[arc] = store.path_of(att)
            elif arc not in result.missing:
                result.missing.append(arc)
        return out

    with tempfile.TemporaryDirectory() as scratch:
        csv_path = Path(scratch) / "receipts.csv"
        result.receipts = export_csv(
            repo, csv_path, flt, sort, excel, progress, cancelled, attachment_names=names
        )
        with atomic_write.replacing(target) as tmp, zipfile.ZipFile(
            tmp, "w", compression=zipfile.ZIP_DEFLATED
        ) as zf:
            zf.write(csv_path, "receipts.csv")
            for arc, path in wanted.items():
                if cancelled and cancelled():
                    raise JobCancelled
                try:
                    zf.write(path, arc)
                    result.files += 1
                except OSError:
                    result.missing.append(arc)
            if result.missing:
                zf.writestr("missing-attachments.txt", "\n".join(result.missing) + "\n")
    return result
