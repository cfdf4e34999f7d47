"""Undo of a deleted receipt brings back its own files, whatever happened
between the delete and the Undo: an edit of another receipt, a new photo on
a third, a language switch, a restored backup. Stray files are swept only
when no undo is pending."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QMimeData, QUrl
from pytestqt.qtbot import QtBot
from receipts_helpers import delete_on_page, make_receipt, undo_on_page, wait_for_delete_job

from companion.services.context import AppContext
from companion.services.receipts import ReceiptsService
from companion.store.attachments_store import FileState
from companion.ui.receipts.receipt_dialog import ReceiptDialog
from companion.ui.receipts.receipts_page import ReceiptsPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _file(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _hashes(service: ReceiptsService, receipt_id: int) -> list[str]:
    return [a.sha256 for a in service.attachments.for_receipt(receipt_id)]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _files_ok(service: ReceiptsService, receipt_id: int) -> bool:
    atts = service.attachments.for_receipt(receipt_id)
    return bool(atts) and all(
        service.attachments.check(a, verify_hash=True) is FileState.OK for a in atts
    )


def _page(qtbot: QtBot, ctx: AppContext) -> ReceiptsPage:
    page = ReceiptsPage(ctx, lambda _key: None)
    qtbot.addWidget(page)
    page.show()
    return page


def _dialog_does(
    monkeypatch: pytest.MonkeyPatch, action: Callable[[ReceiptDialog], None] | None = None
) -> None:
    """Make the page's modal receipt dialog run ``action`` then press Save."""

    def fake_exec(self: ReceiptDialog) -> int:
        if action is not None:
            action(self)
        self.save()
        return int(self.result())

    monkeypatch.setattr(ReceiptDialog, "exec", fake_exec)


def _attach(path: Path) -> Callable[[ReceiptDialog], None]:
    def add(dialog: ReceiptDialog) -> None:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path))])
        assert dialog.form.attachments.add_mime(mime)

    return add


# ----- the service path ---------------------------------------------------------------


def test_saving_another_receipt_keeps_files_of_a_pending_undo(
    ctx: AppContext, tmp_path: Path
) -> None:
    service = ReceiptsService(ctx)
    other = service.log(make_receipt(reference="B"))
    photo = b"\xff\xd8 photo of A"
    a = service.log(make_receipt(reference="A"), [_file(tmp_path, "a.jpg", photo)])
    batch = service.delete([a])
    b = service.repo.get(other)
    assert b is not None
    service.edit(b)  # open B, change nothing, Save
    service.undo(batch)
    assert _hashes(service, a) == [_sha(photo)]
    assert _files_ok(service, a)


def test_undo_never_links_another_receipts_new_photo(ctx: AppContext, tmp_path: Path) -> None:
    service = ReceiptsService(ctx)
    c = service.log(make_receipt(reference="C"))
    b = service.log(make_receipt(reference="B"))
    photo_a = b"%PDF proof of A"
    a = service.log(make_receipt(reference="A"), [_file(tmp_path, "a.pdf", photo_a)])
    batch = service.delete([a])
    receipt_b = service.repo.get(b)
    assert receipt_b is not None
    service.edit(receipt_b)
    receipt_c = service.repo.get(c)
    assert receipt_c is not None
    photo_c = b"\xff\xd8 photo of C"
    service.edit(receipt_c, [_file(tmp_path, "c.jpg", photo_c)])
    service.undo(batch)
    assert _hashes(service, a) == [_sha(photo_a)]
    assert _hashes(service, c) == [_sha(photo_c)]
    assert _files_ok(service, a) and _files_ok(service, c)


def test_undo_when_a_new_receipt_took_the_old_id(ctx: AppContext, tmp_path: Path) -> None:
    service = ReceiptsService(ctx)
    photo = b"\xff\xd8 newest"
    a = service.log(make_receipt(reference="A", minor=111), [_file(tmp_path, "a.jpg", photo)])
    batch = service.delete([a])
    d = service.log(make_receipt(reference="D", minor=222))
    assert d == a  # SQLite gives the freed id again
    (back,) = service.undo(batch)
    assert back != d
    again = service.repo.get(back)
    newer = service.repo.get(d)
    assert again is not None and again.reference == "A" and again.amount.minor == 111
    assert newer is not None and newer.reference == "D" and newer.attachment_ids == []
    assert _hashes(service, back) == [_sha(photo)]


def test_undo_after_the_card_was_deleted_keeps_the_receipt(ctx: AppContext) -> None:
    from safety_helpers import add_card

    service = ReceiptsService(ctx)
    card = add_card(ctx.conn)
    receipt = make_receipt(reference="on card")
    receipt.card_id = card
    rid = service.log(receipt)
    batch = service.delete([rid])
    with ctx.conn:
        ctx.conn.execute("DELETE FROM cards WHERE id = ?", (card,))
    (back,) = service.undo(batch)
    restored = service.repo.get(back)
    assert restored is not None and restored.reference == "on card" and restored.card_id is None


def test_two_files_differing_in_one_byte_are_two_files(ctx: AppContext, tmp_path: Path) -> None:
    service = ReceiptsService(ctx)
    one = _file(tmp_path, "one.png", b"PNG" + b"\x00" * 500 + b"\x01")
    two = _file(tmp_path, "two.png", b"PNG" + b"\x00" * 500 + b"\x02")
    rid = service.log(make_receipt(), [one, two])
    atts = service.attachments.for_receipt(rid)
    assert len(atts) == 2 and atts[0].sha256 != atts[1].sha256
    assert len([p for p in ctx.paths.attachments.rglob("*") if p.is_file()]) == 2
    assert service.attachments.path_of(atts[0]).read_bytes() == one.read_bytes()
    assert service.attachments.path_of(atts[1]).read_bytes() == two.read_bytes()


# ----- sweeping stray files ----------------------------------------------------------------


def _stray(ctx: AppContext, data: bytes, age: float = 3600.0) -> Path:
    sha = _sha(data)
    path = ctx.paths.attachments / sha[:2] / f"{sha}.jpg"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    old = time.time() - age
    os.utime(path, (old, old))
    return path


def test_stray_files_are_swept_at_start_but_not_receipts_files(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    service = ReceiptsService(ctx)
    kept = service.log(make_receipt(), [_file(tmp_path, "k.jpg", b"kept")])
    (kept_att,) = service.attachments.for_receipt(kept)
    kept_path = service.attachments.path_of(kept_att)
    os.utime(kept_path, (time.time() - 3600, time.time() - 3600))
    stray = _stray(ctx, b"left by a crash")
    fresh = _stray(ctx, b"being placed by a restore right now", age=0)
    _page(qtbot, ctx)  # the page is built at start
    assert not stray.exists()
    assert kept_path.exists() and fresh.exists()


def test_no_sweep_while_an_undo_is_pending(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    service = ReceiptsService(ctx)
    a = service.log(make_receipt(reference="A"), [_file(tmp_path, "a.jpg", b"photo A")])
    (att,) = service.attachments.for_receipt(a)
    held = service.attachments.path_of(att)
    os.utime(held, (time.time() - 3600, time.time() - 3600))
    page = _page(qtbot, ctx)
    page.select_id(a)
    delete_on_page(qtbot, page)
    stray = _stray(ctx, b"stray")
    page2 = _page(qtbot, ctx)  # a rebuilt page during the undo window
    assert stray.exists() and held.exists()
    undo_on_page(qtbot, page2)
    assert _files_ok(service, a)
    page2.select_id(a)
    delete_on_page(qtbot, page2)
    page2.forget_deleted()  # Dismiss: the undo window is over
    assert not stray.exists() and not held.exists()
    assert ctx.conn.execute("SELECT count(*) FROM attachments").fetchone()[0] == 0


# ----- through the receipts page, as the user does it --------------------------------------------


def test_page_delete_edit_other_attach_then_undo(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = ReceiptsService(ctx)
    c = service.log(make_receipt(reference="C", day=1))
    b = service.log(make_receipt(reference="B", day=2))
    photo_a = b"%PDF receipt A"
    a = service.log(make_receipt(reference="A", day=3), [_file(tmp_path, "a.jpg", photo_a)])
    page = _page(qtbot, ctx)
    page.select_id(a)
    delete_on_page(qtbot, page)
    assert page.undo_bar.isVisible()
    _dialog_does(monkeypatch)
    page.select_id(b)
    page.edit_selected()  # open B, change nothing, Save
    photo_c = b"%PDF new scan of C"
    _dialog_does(monkeypatch, _attach(_file(tmp_path, "c.pdf", photo_c)))
    page.select_id(c)
    page.edit_selected()
    assert _hashes(service, c) == [_sha(photo_c)]
    page.undo_button.click()
    wait_for_delete_job(qtbot, page)
    assert not page.undo_bar.isVisible()
    assert page.model.rowCount() == 3
    assert _hashes(service, a) == [_sha(photo_a)]
    assert _files_ok(service, a)
    assert _hashes(service, c) == [_sha(photo_c)]


def _receipts_page(main_window: Any) -> ReceiptsPage:
    main_window.show_section("receipts")
    page = main_window.page("receipts")
    assert isinstance(page, ReceiptsPage)
    return page


def test_delete_switch_language_then_undo(
    qtbot: QtBot, main_window: Any, ctx: AppContext, tmp_path: Path
) -> None:
    service = ReceiptsService(ctx)
    photo = b"%PDF kept across languages"
    a = service.log(make_receipt(reference="A"), [_file(tmp_path, "a.jpg", photo)])
    page = _receipts_page(main_window)
    page.select_id(a)
    delete_on_page(qtbot, page)
    main_window.change_language("ru")
    qtbot.waitUntil(lambda: main_window.page("receipts") is not page, timeout=10_000)
    rebuilt = _receipts_page(main_window)
    assert rebuilt.undo_bar.isVisibleTo(rebuilt)
    assert "1" in rebuilt.undo_label.text() and "deleted" not in rebuilt.undo_label.text()
    rebuilt.undo_button.click()
    wait_for_delete_job(qtbot, rebuilt)
    assert _hashes(service, a) == [_sha(photo)] and _files_ok(service, a)
    main_window.change_language("en")


def test_delete_restore_backup_then_undo(
    qtbot: QtBot,
    main_window: Any,
    ctx: AppContext,
    clock: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from companion.ui.settings.data_group import DataGroup

    service = ReceiptsService(ctx)
    service.log(make_receipt(reference="before"))
    main_window.show_section("settings")
    group = main_window.page("settings").findChild(DataGroup)
    group.back_up_now()
    qtbot.waitUntil(lambda: not group.busy(), timeout=30_000)
    clock.advance(dt.timedelta(minutes=5))
    photo = b"%PDF logged after the backup"
    a = service.log(make_receipt(reference="A"), [_file(tmp_path, "a.pdf", photo)])
    page = _receipts_page(main_window)
    page.select_id(a)
    delete_on_page(qtbot, page)
    monkeypatch.setattr(DataGroup, "confirm", lambda self, title, text: True)
    main_window.show_section("settings")
    group = main_window.page("settings").findChild(DataGroup)
    group.restore_selected()
    # The restore ends by rebuilding every page, this group included.
    qtbot.waitUntil(lambda: not shiboken6.isValid(group), timeout=30_000)
    qtbot.waitUntil(lambda: main_window.page("receipts") is not page, timeout=10_000)
    rebuilt = _receipts_page(main_window)
    assert rebuilt.undo_bar.isVisibleTo(rebuilt)
    rebuilt.undo_button.click()
    wait_for_delete_job(qtbot, rebuilt)
    refs = sorted(r[0] for r in ctx.conn.execute("SELECT reference FROM receipts"))
    assert refs == ["A", "before"]
    (back,) = [int(r[0]) for r in ctx.conn.execute("SELECT id FROM receipts WHERE reference='A'")]
    assert _hashes(service, back) == [_sha(photo)] and _files_ok(service, back)


def test_undo_after_restoring_a_backup_that_already_holds_the_receipt(
    ctx: AppContext, clock: Any, tmp_path: Path
) -> None:
    from companion.store.backups import BackupFolder, restore_into

    service = ReceiptsService(ctx)
    photo = b"%PDF in the backup too"
    a = service.log(make_receipt(reference="A"), [_file(tmp_path, "a.pdf", photo)])
    folder = BackupFolder(ctx.paths.backups)
    backup = folder.create(ctx.conn, clock(), "manual")
    batch = service.delete([a])
    clock.advance(dt.timedelta(minutes=1))
    restore_into(ctx.conn, backup.path, folder, clock())
    assert service.undo(batch) == [a]
    assert [r[0] for r in ctx.conn.execute("SELECT reference FROM receipts")] == ["A"]
    assert _hashes(service, a) == [_sha(photo)] and _files_ok(service, a)
