"""Settings → Data and backups, the error dialog and the hand-over handler,
as the user sees them."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from safety_helpers import add_card, add_receipt, count

from companion.ui.settings.data_group import DataGroup


def _group(main_window: Any) -> DataGroup:
    main_window.show_section("settings")
    group = main_window.page("settings").findChild(DataGroup)
    assert group is not None
    return group


def _wait_idle(qtbot: Any, group: DataGroup) -> None:
    # A restore rebuilds the pages when it ends, so the group may be gone.
    qtbot.waitUntil(lambda: not shiboken6.isValid(group) or not group.busy(), timeout=30_000)


def test_back_up_now_lists_the_backup(qtbot: Any, main_window: Any) -> None:
    group = _group(main_window)
    assert group.table.topLevelItemCount() == 0
    group.backup_button.click()
    _wait_idle(qtbot, group)
    assert group.status.text() == "Backup saved."
    item = group.table.topLevelItem(0)
    assert item is not None
    assert "2026" in item.text(0) and item.text(5).endswith("KB") and item.text(1) == "Made by you"
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
    old_page = main_window.page("settings")
    group.restore_button.click()
    _wait_idle(qtbot, group)
    assert "Cards: 1. Receipts: 1." in asked[0] and "2026" in asked[0]
    assert count(ctx.conn, "receipts") == 1
    # A restore rebuilds every page: Undo is clicked where the user sees it,
    # on the rebuilt page, not on the old one that Qt is about to delete.
    qtbot.waitUntil(lambda: main_window.page("settings") is not old_page, timeout=20_000)
    qtbot.waitUntil(lambda: _group(main_window).undo_button.isEnabled(), timeout=20_000)
    group = _group(main_window)
    assert group.undo_button.isEnabled()
    group.undo_button.click()
    _wait_idle(qtbot, group)
    assert count(ctx.conn, "receipts") == 2


def test_a_job_that_outlives_its_page_finishes_cleanly(
    qtbot: Any, main_window: Any, ctx: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Undo clicked on the old page in the instant before a rebuild deletes it."""
    import datetime as dt

    group = _group(main_window)
    add_receipt(ctx.conn, "one")
    group.back_up_now()
    _wait_idle(qtbot, group)
    add_receipt(ctx.conn, "two")
    clock.advance(dt.timedelta(minutes=1))
    monkeypatch.setattr(DataGroup, "confirm", lambda self, t, text: True)
    group.restore_selected()
    _wait_idle(qtbot, group)
    assert count(ctx.conn, "receipts") == 1
    old = _group(main_window)
    old.undo_button.click()
    main_window.reload_pages()  # the page goes while its job runs
    qtbot.waitUntil(lambda: count(ctx.conn, "receipts") == 2, timeout=30_000)
    qtbot.waitUntil(lambda: not _group(main_window).busy(), timeout=30_000)
    qtbot.wait(50)


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
    from companion.ui.shell.unexpected_error import ErrorReporter

    reporter = ErrorReporter(tmp_path / "logs" / "companion.log", tmp_path / "companion.sqlite3")
    try:
        raise RuntimeError("<b>boom</b>")
    except RuntimeError as exc:
        reporter.hook(RuntimeError, exc, exc.__traceback__)
    assert reporter.box is not None
    assert reporter.box.textFormat() == Qt.TextFormat.PlainText
    assert "<b>boom</b>" in reporter.box.text()
    assert str(tmp_path / "logs" / "companion.log") in reporter.box.text()
    reporter.box.close()


def test_disk_full_error_is_told_as_such(tmp_path: Path) -> None:
    import sqlite3

    from companion.ui.shell.unexpected_error import error_text

    conn = sqlite3.connect(":memory:")
    conn.execute("PRAGMA max_page_count = 2")
    with pytest.raises(sqlite3.OperationalError) as caught:
        conn.execute("CREATE TABLE t(x)")
        conn.execute("INSERT INTO t VALUES (zeroblob(100000))")
    text = error_text(caught.value, None, tmp_path / "companion.sqlite3")
    assert text.startswith("The last change was not saved. The disk holding your data is full")
    # The same words without SQLite's code are not guessed from the message.
    bare = error_text(sqlite3.OperationalError("database or disk is full"), None, tmp_path)
    assert "disk" not in bare.split("\n\n")[0]


@pytest.mark.qt_log_ignore("does not support raise")
def test_second_launch_command_raises_the_window(qtbot: Any, main_window: Any) -> None:
    from companion.ui.shell.app import handle_command

    main_window.hide()
    handle_command(main_window, {"command": "raise"})
    assert main_window.isVisible()
