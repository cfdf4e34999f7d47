"""Backups that hold the receipts' files: time and disk use of the first and
the second backup of a day, for 10,000 receipts with 1,000 attachments.

Why "extra disk" and not the size of the folder: kept files are hard links
to the live ones where the file system allows, so a backup costs its
database plus the files no earlier backup holds. The extra disk is counted
from the blocks of files whose inode is new to the data folder.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from pathlib import Path

ATTACHMENT_BYTES = 60 * 1024  # a compressed receipt photo


def _inodes(root: Path) -> dict[tuple[int, int], int]:
    """(device, inode) -> bytes on disk, for every file under ``root``."""
    found: dict[tuple[int, int], int] = {}
    for path in root.rglob("*"):
        if path.is_file():
            st = path.stat()
            found[(st.st_dev, st.st_ino)] = st.st_blocks * 512
    return found


def make_data(root: Path, receipts: int, attachments: int, seed: int = 11) -> object:
    """A data folder with ``receipts`` receipts, ``attachments`` of them with a file."""
    from benchmarks.receipts import generate_receipts
    from companion.paths import data_paths
    from companion.services.context import open_context
    from companion.store.attachments_store import AttachmentStore
    from companion.store.database import transaction

    ctx = open_context(data_paths(root))
    generate_receipts(ctx.conn, receipts)
    rng = random.Random(seed)
    store = AttachmentStore(ctx.conn, ctx.paths.attachments)
    source_dir = root / "photos"
    source_dir.mkdir()
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    ids = [int(r[0]) for r in ctx.conn.execute("SELECT id FROM receipts ORDER BY id")]
    with transaction(ctx.conn):
        for i, receipt_id in enumerate(rng.sample(ids, attachments)):
            photo = source_dir / f"receipt-{i}.jpg"
            photo.write_bytes(rng.randbytes(ATTACHMENT_BYTES))
            store.link(receipt_id, [store.add_file(photo, now).id])
    return ctx


def run(root: Path, receipts: int = 10_000, attachments: int = 1_000) -> dict[str, float]:
    """Seconds and extra MiB of the first and second backup of one day."""
    from companion.services.context import AppContext
    from companion.store.backups import BackupFolder

    ctx = make_data(root / "data", receipts, attachments)
    assert isinstance(ctx, AppContext)
    folder = BackupFolder(ctx.paths.backups, ctx.paths.attachments)
    out: dict[str, float] = {}
    try:
        day = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
        for label, when, kind in (
            ("first", day, "daily"),
            ("second", day + dt.timedelta(hours=8), "manual"),
        ):
            before = _inodes(ctx.paths.root)
            start = time.perf_counter()
            info = folder.create(ctx.conn, when, kind)
            out[f"{label}_s"] = time.perf_counter() - start
            after = _inodes(ctx.paths.root)
            extra = sum(size for key, size in after.items() if key not in before)
            out[f"{label}_extra_mib"] = extra / (1024 * 1024)
            out[f"{label}_db_mib"] = info.size / (1024 * 1024)
            contents = folder.contents(info)
            out[f"{label}_holds_mib"] = contents.size / (1024 * 1024)
            out[f"{label}_files"] = contents.attachments
    finally:
        ctx.close()
    return out


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory(prefix="tcc-bench-") as tmp:
        for key, value in run(Path(tmp)).items():
            print(f"{key:20} {value:10.3f}")
