"""A zip of the receipt log: the CSV plus every attached file it names.

Why the attachments keep their hash names inside the zip: the CSV's
``attachments`` column points at them, so a reader (or a later import) can
match each file to its receipt without guessing.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from companion.domain.receipt_query import ReceiptFilter, ReceiptSort
from companion.services.receipts_csv import (
    CancelledFn,
    ProgressFn,
    export_csv,
)
from companion.store.attachments_store import AttachmentStore, FileState
from companion.store.receipts_repo import ReceiptsRepo


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
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> ZipResult:
    result = ZipResult()
    wanted: dict[str, Path] = {}

    def names(receipt_id: int) -> list[str]:
        out = []
        for att in store.for_receipt(receipt_id):
            arc = f"attachments/{att.sha256[:2]}/{att.sha256}.{att.extension}"
            out.append(arc)
            if store.check(att) is FileState.OK:
                wanted[arc] = store.path_of(att)
            elif arc not in result.missing:
                result.missing.append(arc)
        return out

    tmp = target.with_name(target.name + ".part")
    with tempfile.TemporaryDirectory() as scratch:
        csv_path = Path(scratch) / "receipts.csv"
        result.receipts = export_csv(
            repo, csv_path, flt, sort, excel, progress, cancelled, attachment_names=names
        )
        try:
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                zf.write(csv_path, "receipts.csv")
                for arc, path in wanted.items():
                    if cancelled and cancelled():
                        from companion.services.receipts_csv import Cancelled

                        raise Cancelled
                    try:
                        zf.write(path, arc)
                        result.files += 1
                    except OSError:
                        result.missing.append(arc)
                if result.missing:
                    zf.writestr("missing-attachments.txt", "\n".join(result.missing) + "\n")
            os.replace(tmp, target)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    return result
