"""Attachment files: stored once per content, shared, cleaned up, checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from receipts_helpers import make_receipt

from companion.services.context import AppContext
from companion.services.receipts import ReceiptsService
from companion.store.attachments_store import AttachmentError, FileState


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _stored_files(ctx: AppContext) -> list[Path]:
    return sorted(p for p in ctx.paths.attachments.rglob("*") if p.is_file())


def test_same_content_is_stored_once(ctx: AppContext, tmp_path: Path) -> None:
    service = ReceiptsService(ctx)
    a = _file(tmp_path, "photo.jpg", b"\xff\xd8 receipt one")
    b = _file(tmp_path, "copy of photo.JPG", b"\xff\xd8 receipt one")
    first = service.log(make_receipt(), [a])
    second = service.log(make_receipt(reference="R2"), [b])
    files = _stored_files(ctx)
    assert len(files) == 1
    name = files[0]
    assert name.parent.name == name.name[:2]
    assert name.suffix == ".jpg"
    assert service.repo.get(first).attachment_ids == service.repo.get(second).attachment_ids  # type: ignore[union-attr]


def test_shared_file_survives_until_last_receipt_goes(ctx: AppContext, tmp_path: Path) -> None:
    service = ReceiptsService(ctx)
    shared = _file(tmp_path, "shared.png", b"PNG shared")
    own = _file(tmp_path, "own.pdf", b"%PDF own")
    first = service.log(make_receipt(), [shared, own])
    second = service.log(make_receipt(reference="B"), [shared])
    service.delete([first])
    service.finish()
    remaining = _stored_files(ctx)
    assert [p.suffix for p in remaining] == [".png"]
    service.delete([second])
    service.finish()
    assert _stored_files(ctx) == []
    assert ctx.conn.execute("SELECT COUNT(*) FROM attachments").fetchone()[0] == 0


def test_undo_brings_back_receipt_and_its_file(ctx: AppContext, tmp_path: Path) -> None:
    service = ReceiptsService(ctx)
    rid = service.log(make_receipt(reference="UNDO"), [_file(tmp_path, "r.pdf", b"%PDF x")])
    batch = service.delete([rid])
    assert service.repo.get(rid) is None
    service.undo(batch)
    service.finish()
    restored = service.repo.get(rid)
    assert restored is not None and restored.reference == "UNDO"
    atts = service.attachments.for_receipt(rid)
    assert len(atts) == 1
    assert service.attachments.check(atts[0]) is FileState.OK


def test_missing_and_changed_files_are_reported(ctx: AppContext, tmp_path: Path) -> None:
    service = ReceiptsService(ctx)
    rid = service.log(
        make_receipt(), [_file(tmp_path, "a.jpg", b"aaa"), _file(tmp_path, "b.jpg", b"bbb")]
    )
    gone, changed = service.attachments.for_receipt(rid)
    service.attachments.path_of(gone).unlink()
    service.attachments.path_of(changed).write_bytes(b"tampered")
    assert service.attachments.check(gone) is FileState.MISSING
    assert service.attachments.check(changed, verify_hash=True) is FileState.CHANGED
    # Deleting a receipt whose file is already gone does not fail.
    service.delete([rid])
    assert len(service.finish()) == 2


def test_adding_the_same_file_again_heals_a_lost_copy(ctx: AppContext, tmp_path: Path) -> None:
    service = ReceiptsService(ctx)
    src = _file(tmp_path, "a.jpg", b"content")
    rid = service.log(make_receipt(), [src])
    (att,) = service.attachments.for_receipt(rid)
    service.attachments.path_of(att).unlink()
    service.log(make_receipt(reference="again"), [src])
    assert service.attachments.check(att) is FileState.OK


def test_refused_file_saves_nothing(ctx: AppContext, tmp_path: Path) -> None:
    service = ReceiptsService(ctx)
    good = _file(tmp_path, "ok.jpg", b"fine")
    bad = _file(tmp_path, "virus.exe", b"MZ")
    with pytest.raises(AttachmentError):
        service.log(make_receipt(), [good, bad])
    assert ctx.conn.execute("SELECT COUNT(*) FROM receipts").fetchone()[0] == 0
    assert ctx.conn.execute("SELECT COUNT(*) FROM attachments").fetchone()[0] == 0
    # The copied file of the rolled-back attempt is an orphan and gets swept.
    assert service.attachments.sweep_orphans(grace_seconds=0) == 1
    assert _stored_files(ctx) == []
