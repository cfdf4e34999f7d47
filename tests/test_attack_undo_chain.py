"""One long interleaving between a receipt's delete and its Undo, compared
row by row and byte by byte (testing.md: "do it, then every other action,
then undo").

Delete A (whose photo B shares) → edit B, dropping that photo → attach a new
photo to C → restore a backup made before A existed → tidy as the page does
→ Undo: A is back exactly, with both its files, and the clean-up afterwards
keeps every file a receipt uses.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from receipts_helpers import make_receipt

from companion.services.receipts import ReceiptsService
from companion.store.attachments_store import FileState
from companion.store.backups import BackupFolder, restore_into


def _file(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _files(service: ReceiptsService, rid: int) -> list[str]:
    atts = service.attachments.for_receipt(rid)
    assert all(service.attachments.check(a, verify_hash=True) is FileState.OK for a in atts)
    return sorted(a.sha256 for a in atts)


def test_delete_edit_attach_restore_then_undo(ctx: Any, clock: Any, tmp_path: Path) -> None:
    service = ReceiptsService(ctx)
    shared, own, later = b"%PDF shared by A and B", b"\x89PNG A's own", b"\x89PNG C's new"
    b = service.log(make_receipt(reference="B"), [_file(tmp_path, "b.pdf", shared)])
    c = service.log(make_receipt(reference="C"))
    folder = BackupFolder(ctx.paths.backups)
    backup = folder.create(ctx.conn, clock(), "manual")
    clock.advance(dt.timedelta(minutes=5))
    a = service.log(
        make_receipt(reference="A", notes="=SUM(1) <b>x</b> 🎉", minor=123456),
        [_file(tmp_path, "a.png", own), _file(tmp_path, "b-again.pdf", shared)],
    )
    original = service.repo.get(a)
    created = service.repo.created_utc(a)
    assert original is not None

    batch = service.delete([a])
    edited = service.repo.get(b)
    assert edited is not None
    edited.attachment_ids = []  # B drops the shared file
    service.edit(edited)
    with_photo = service.repo.get(c)
    assert with_photo is not None
    service.edit(with_photo, [_file(tmp_path, "c.png", later)])
    clock.advance(dt.timedelta(minutes=5))
    restore_into(ctx.conn, backup.path, folder, clock())
    service.tidy()

    (back,) = service.undo(batch)
    assert back == a
    restored = service.repo.get(back)
    assert restored is not None
    assert dataclasses.replace(restored, attachment_ids=[]) == dataclasses.replace(
        original, attachment_ids=[]
    )
    assert service.repo.created_utc(back) == created
    assert _files(service, back) == sorted([_sha(own), _sha(shared)])
    assert _files(service, b) == [_sha(shared)]  # the backup's B, with its file
    assert _files(service, c) == []  # the backup's C had no photo

    service.finish()  # C's photo from before the restore is a stray now: swept at a later start
    assert _files(service, back) == sorted([_sha(own), _sha(shared)])
    assert _files(service, b) == [_sha(shared)]


def test_undo_after_importing_other_data_never_links_another_card(
    ctx: Any, clock: Any, tmp_path: Path
) -> None:
    """Found by attacking delete → import → Undo: the receipt's card is
    remembered by id only, and in the data brought in (another computer's
    archive, or a backup of other cards) that id is another card. Undo linked
    the MTS top-up to "Beeline". Now the card must be the same card (the id
    and when it was created), else the receipt comes back without a card."""
    from companion.domain.card import Card
    from companion.domain.expiry import Expiry
    from companion.paths import data_paths
    from companion.services import cards as cards_service
    from companion.services.context import open_context

    other = open_context(data_paths(tmp_path / "other"), clock=clock)
    clock.advance(dt.timedelta(days=1))
    beeline = cards_service.save_card(other, Card("Beeline", expiry=Expiry(
        dt.datetime(2026, 12, 20, 23, 59), "Europe/Moscow")))
    other_backup = BackupFolder(other.paths.backups).create(other.conn, clock(), "manual")
    other.close()

    service = ReceiptsService(ctx)
    clock.advance(dt.timedelta(days=1))
    mts = cards_service.save_card(ctx, Card("MTS", expiry=Expiry(
        dt.datetime(2026, 12, 20, 23, 59), "Europe/Moscow")))
    assert mts == beeline  # the same number, another card
    receipt = make_receipt(reference="MTS top-up")
    receipt.card_id = mts
    rid = service.log(receipt)
    batch = service.delete([rid])
    restore_into(ctx.conn, other_backup.path, BackupFolder(ctx.paths.backups), clock())
    (back,) = service.undo(batch)
    restored = service.repo.get(back)
    assert restored is not None and restored.reference == "MTS top-up"
    assert restored.card_id is None


def test_undo_keeps_the_card_when_it_is_the_same_card(ctx: Any, clock: Any) -> None:
    from companion.domain.card import Card
    from companion.services import cards as cards_service

    service = ReceiptsService(ctx)
    card = cards_service.save_card(ctx, Card("MTS"))
    backup = BackupFolder(ctx.paths.backups).create(ctx.conn, clock(), "manual")
    receipt = make_receipt(reference="on MTS")
    receipt.card_id = card
    batch = service.delete([service.log(receipt)])
    clock.advance(dt.timedelta(minutes=1))
    restore_into(ctx.conn, backup.path, BackupFolder(ctx.paths.backups), clock())
    (back,) = service.undo(batch)
    restored = service.repo.get(back)
    assert restored is not None and restored.card_id == card
