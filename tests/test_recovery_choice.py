"""Recovery at start offers the best backup, not merely the newest, shows
every candidate with its counts, and lets the user choose."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from receipts_helpers import make_receipt
from safety_helpers import add_receipt, count

from companion.paths import DataPaths, data_paths
from companion.services.context import open_context
from companion.services.data_safety import recovery
from companion.services.receipts import ReceiptsService
from companion.store.backups import BackupFolder, BackupInfo
from companion.store.file_check import check_file
from companion.ui.shell import recovery_dialog
from companion.ui.shell.recovery_dialog import RecoveryDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

PROOF = b"%PDF proof kept only in the backup"


def _damage(db: Path) -> None:
    raw = bytearray(db.read_bytes())
    raw[100:8192] = b"\xa5" * (8192 - 100)
    db.write_bytes(bytes(raw))


def _break_an_index(path: Path) -> None:
    """Damage quick_check misses: an index whose entries no longer match."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = 'CREATE INDEX receipts_paid ON receipts (notes, id)' "
        "WHERE name = 'receipts_paid'"
    )
    conn.commit()
    conn.close()
    assert check_file(path) is None  # quick_check: fine
    assert recovery.backup_integrity_problem(path) is not None


class Setup:
    def __init__(self, paths: DataPaths, best: BackupInfo, smaller: BackupInfo) -> None:
        self.paths = paths
        self.best = best
        self.smaller = smaller


def _history(data_dir: Path, clock: Any, tmp_path: Path) -> Setup:
    """A daily backup with 16 receipts and a file, a newer 'before a restore'
    one with 15, a newer still manual one with a broken index, and a newest
    file that is not a database at all; then the live database is damaged."""
    paths = data_paths(data_dir)
    ctx = open_context(paths, clock=clock)
    folder = BackupFolder(paths.backups)
    for i in range(15):
        add_receipt(ctx.conn, f"paid {i}")
    source = tmp_path / "proof.pdf"
    source.write_bytes(PROOF)
    ReceiptsService(ctx).log(make_receipt(reference="with proof"), [source])
    best = folder.create(ctx.conn, clock(), "daily")
    clock.advance(dt.timedelta(hours=1))
    with ctx.conn:
        ctx.conn.execute("DELETE FROM receipts WHERE reference = 'with proof'")
    ReceiptsService(ctx).finish()  # the proof is gone from the live folder
    smaller = folder.create(ctx.conn, clock(), "pre-restore")
    clock.advance(dt.timedelta(hours=1))
    for i in range(5):
        add_receipt(ctx.conn, f"later {i}")
    broken = folder.create(ctx.conn, clock(), "manual")
    _break_an_index(broken.path)
    ctx.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ctx.close()
    (paths.backups / "companion-manual-20270101T000000Z.sqlite3").write_bytes(b"junk" * 500)
    _damage(paths.database)
    return Setup(paths, best, smaller)


def test_best_backup_is_intact_and_holds_the_most(
    data_dir: Path, clock: Any, tmp_path: Path
) -> None:
    setup = _history(data_dir, clock, tmp_path)
    found = recovery.candidates(setup.paths)
    assert [c.info.kind for c in found] == ["manual", "manual", "pre-restore", "daily"]
    assert [c.usable for c in found] == [False, False, True, True]
    chosen = recovery.best(found)
    assert chosen is not None and chosen.info.path == setup.best.path
    assert chosen.contents is not None
    assert (chosen.contents.receipts, chosen.contents.attachments) == (16, 1)


def _candidates_dialog(qtbot: Any, setup: Setup) -> RecoveryDialog:
    found = recovery.candidates(setup.paths)
    text = recovery.damaged_text(setup.paths, "malformed", setup.best, "then")
    dialog = RecoveryDialog(text, found, recovery.best(found))
    qtbot.addWidget(dialog)
    return dialog


def test_dialog_lists_candidates_with_counts_and_preselects_the_best(
    qtbot: Any, data_dir: Path, clock: Any, tmp_path: Path
) -> None:
    setup = _history(data_dir, clock, tmp_path)
    dialog = _candidates_dialog(qtbot, setup)
    table = dialog.table
    assert table.topLevelItemCount() == 4
    rows = [[table.topLevelItem(r).text(c) for c in range(7)] for r in range(4)]  # type: ignore[union-attr]
    assert rows[3][1:5] == ["Daily", "0", "16", "1"] and rows[3][6] == "passed"
    assert rows[2][1:5] == ["Before a restore", "0", "15", "0"]
    assert rows[0][6] == rows[1][6] == "damaged"
    current = table.currentItem()
    assert current is not None and table.indexOfTopLevelItem(current) == 3
    assert dialog.restore_button.isEnabled()
    damaged = table.topLevelItem(1)
    assert damaged is not None and not damaged.flags() & Qt.ItemFlag.ItemIsEnabled
    table.setCurrentItem(table.topLevelItem(2))
    chosen = dialog.chosen()
    assert chosen is not None and chosen.info.path == setup.smaller.path
    dialog.restore_button.click()
    assert dialog.choice == RecoveryDialog.RESTORE


def _answer(monkeypatch: pytest.MonkeyPatch, row: int | None, button: str) -> None:
    def fake_exec(self: RecoveryDialog) -> int:
        if row is not None:
            self.table.setCurrentItem(self.table.topLevelItem(row))
        getattr(self, button).click()
        return int(self.result())

    monkeypatch.setattr(RecoveryDialog, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)


def test_restoring_the_preselected_backup_brings_back_data_and_files(
    qtbot: Any, data_dir: Path, clock: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup = _history(data_dir, clock, tmp_path)
    damaged = setup.paths.database.read_bytes()
    _answer(monkeypatch, None, "restore_button")
    assert recovery_dialog.recover_damaged(setup.paths, "malformed", clock())
    asides = list(setup.paths.root.glob("*.damaged-*"))
    assert [
        p.read_bytes() for p in asides if p.is_file() and not p.name.endswith(("-wal", "-shm"))
    ] == [damaged]
    ctx = open_context(setup.paths, clock=clock)
    try:
        assert count(ctx.conn, "receipts") == 16
        service = ReceiptsService(ctx)
        (rid,) = [
            r[0] for r in ctx.conn.execute("SELECT id FROM receipts WHERE reference='with proof'")
        ]
        (att,) = service.attachments.for_receipt(rid)
        assert service.attachments.path_of(att).read_bytes() == PROOF
        assert att.sha256 == hashlib.sha256(PROOF).hexdigest()
    finally:
        ctx.close()


def test_the_user_may_choose_another_backup(
    qtbot: Any, data_dir: Path, clock: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup = _history(data_dir, clock, tmp_path)
    _answer(monkeypatch, 2, "restore_button")
    assert recovery_dialog.recover_damaged(setup.paths, "malformed", clock())
    ctx = open_context(setup.paths, clock=clock)
    try:
        assert count(ctx.conn, "receipts") == 15
    finally:
        ctx.close()


def test_quit_changes_nothing(
    qtbot: Any, data_dir: Path, clock: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup = _history(data_dir, clock, tmp_path)
    damaged = setup.paths.database.read_bytes()
    _answer(monkeypatch, None, "quit_button")
    assert not recovery_dialog.recover_damaged(setup.paths, "malformed", clock())
    assert setup.paths.database.read_bytes() == damaged
    assert not list(setup.paths.root.glob("*.damaged-*"))


def test_without_backups_only_empty_data_or_quit(
    qtbot: Any, data_dir: Path, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = data_paths(data_dir)
    paths.ensure()
    paths.database.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84 + b"\xee" * 4000)
    found = recovery.candidates(paths)
    assert found == [] and recovery.best(found) is None
    dialog = RecoveryDialog(recovery.damaged_text(paths, "x", None, ""), found, None)
    qtbot.addWidget(dialog)
    assert not dialog.restore_button.isVisibleTo(dialog) and not dialog.table.isVisibleTo(dialog)
    _answer(monkeypatch, None, "empty_button")
    assert recovery_dialog.recover_damaged(paths, "malformed", clock())
    assert not paths.database.exists() and list(paths.root.glob("*.damaged-*"))
