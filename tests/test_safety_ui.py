"""Settings → Data and backups, the error dialog and the hand-over handler,
as the user sees them."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from safety_helpers import add_card, add_receipt, count

from companion.ui.data_group import DataGroup


def _group(main_window: Any) -> DataGroup:
    main_window.show_section("settings")
    group = main_window.page("settings").findChild(DataGroup)
    assert group is not None
    return group


def _wait_idle(qtbot: Any, group: DataGroup) -> None:
    qtbot.waitUntil(lambda: not group.busy(), timeout=30_000)


def test_back_up_now_lists_the_backup(qtbot: Any, main_window: Any) -> None:
    group = _group(main_window)
    assert group.table.topLevelItemCount() == 0
    group.backup_button.click()
    _wait_idle(qtbot, group)
    assert group.status.text() == "Backup saved."
    item = group.table.topLevelItem(0)
    assert item is not None
    assert "2026" in item.text(0) and item.text(1).endswith("KB") and item.text(2) == "Made by you"
    assert group.backup_button.accessibleName() == "Back up now"


def test_restore_shows_counts_and_date_then_undo(
    qtbot: Any, main_window: Any, ctx: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    group = _group(main_window)
    add_card(ctx.conn)
    add_receipt(ctx.conn, "one")
    group.back_up_now()
    _wait_idle(qtbot, group)
    add_receipt(ctx.conn, "two")
    clock.advance(dt.timedelta(minutes=1))
    asked: list[str] = []
    monkeypatch.setattr(DataGroup, "confirm", lambda self, t, text: asked.append(text) or True)
    group = _group(main_window)
    group.restore_button.click()
    _wait_idle(qtbot, group)
    assert "1 cards and 1 receipts" in asked[0] and "2026" in asked[0]
    assert count(ctx.conn, "receipts") == 1
    # The pages are rebuilt at the next turn of the event loop: the undo
    # button to press is the new page's, not the one about to be deleted.
    restored = group
    qtbot.waitUntil(
        lambda: _group(main_window) is not restored and _group(main_window).undo_button.isEnabled(),
        timeout=20_000,
    )
    group = _group(main_window)
    group.undo_button.click()
    _wait_idle(qtbot, group)
    assert count(ctx.conn, "receipts") == 2


def test_declining_the_restore_changes_nothing(
    qtbot: Any, main_window: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    group = _group(main_window)
    group.back_up_now()
    _wait_idle(qtbot, group)
    add_receipt(ctx.conn, "after")
    monkeypatch.setattr(DataGroup, "confirm", lambda self, t, text: False)
    group.restore_selected()
    assert not group.busy() and count(ctx.conn, "receipts") == 1


def test_export_and_import_through_the_group(
    qtbot: Any, main_window: Any, ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    group = _group(main_window)
    add_receipt(ctx.conn, "exported")
    target = tmp_path / "all.zip"
    monkeypatch.setattr(DataGroup, "ask_save_path", lambda self, s: target)
    group.export_button.click()
    _wait_idle(qtbot, group)
    assert zipfile.ZipFile(target).namelist()[-1] == "manifest.json"
    assert str(target) in group.status.text()

    add_receipt(ctx.conn, "later")
    monkeypatch.setattr(DataGroup, "ask_open_path", lambda self: target)
    monkeypatch.setattr(DataGroup, "confirm", lambda self, t, text: True)
    group.import_button.click()
    _wait_idle(qtbot, group)
    assert [r[0] for r in ctx.conn.execute("SELECT notes FROM receipts")] == ["exported"]


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_rejected_archive_name_with_html_is_shown_literally(
    qtbot: Any, main_window: Any, tmp_path: Path
) -> None:
    group = _group(main_window)
    bad = tmp_path / "<img src=x onerror=alert(1)>.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("../<i>evil</i>", b"x")
    group.import_file(bad)
    text = group.status.text()
    assert "<i>evil</i>" in text and "Nothing was imported" in text
    assert group.status.textFormat() == Qt.TextFormat.PlainText
    boxes = [w for w in group.findChildren(QMessageBox)]
    assert boxes and all(b.textFormat() == Qt.TextFormat.PlainText for b in boxes)
    for box in boxes:
        box.close()


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_unexpected_error_dialog_says_where_the_log_is(qtbot: Any, tmp_path: Path) -> None:
    from companion.ui.error_dialog import ErrorReporter

    reporter = ErrorReporter(tmp_path / "logs" / "companion.log")
    try:
        raise RuntimeError("<b>boom</b>")
    except RuntimeError as exc:
        reporter.hook(RuntimeError, exc, exc.__traceback__)
    assert reporter.box is not None
    assert reporter.box.textFormat() == Qt.TextFormat.PlainText
    assert "<b>boom</b>" in reporter.box.text()
    assert str(tmp_path / "logs" / "companion.log") in reporter.box.text()
    reporter.box.close()


def test_disk_full_error_is_told_as_such() -> None:
    import sqlite3

    from companion.ui.error_dialog import error_text

    text = error_text(sqlite3.OperationalError("database or disk is full"), None)
    assert text.startswith("The disk is full")


@pytest.mark.qt_log_ignore("does not support raise")
def test_second_launch_command_raises_the_window(qtbot: Any, main_window: Any) -> None:
    from companion.ui.app import handle_command

    main_window.hide()
    handle_command(main_window, {"command": "raise"})
    assert main_window.isVisible()
