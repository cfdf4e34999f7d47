"""Undo that never loses a card: a stack of actions, kept across a language
switch, purged only at quit; confirmations that default to No.

Driven through the real Cards page, its undo bar, Ctrl+Z and the real
message boxes (answered with the keyboard, as a user would).
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from companion.domain.card import Card
from companion.services import cards as cards_service

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _cards_page(window: Any) -> Any:
    window.show_section("cards")
    return window.page("cards")


def _labels(page: Any) -> list[str]:
    return [page.list.item(i).text().split(" — ")[0] for i in range(page.list.count())]


def _select(page: Any, label: str) -> None:
    for row in range(page.list.count()):
        if page.list.item(row).text().startswith(label):
            page.list.setCurrentRow(row)
            return
    raise AssertionError(f"{label} not listed")


def _rows(ctx: Any) -> dict[str, tuple[bool, bool]]:
    """Every stored card: label → (archived, deleted)."""
    return {
        r["label"]: (bool(r["archived"]), r["deleted_utc"] is not None)
        for r in ctx.conn.execute("SELECT label, archived, deleted_utc FROM cards")
    }


def _ctrl_z(qtbot: Any, page: Any) -> None:
    """Ctrl+Z, and wait for the button's animated click to land."""
    before = len(page.ctx.undo)
    page.window().activateWindow()
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(page.ctx.undo) == before - 1)


def _answer_with_enter(qtbot: Any, seen: list[str]) -> None:
    """Press Enter in the next message box, noting which button was the default."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        default = box.defaultButton()
        seen.append(box.standardButton(default).name if default else "none")
        qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(0, press)


def test_delete_then_archive_both_undo_with_ctrl_z(main_window: Any, ctx: Any, qtbot: Any) -> None:
    for label in ("Card A", "Card B"):
        cards_service.save_card(ctx, Card(label))
    page = _cards_page(main_window)
    page.refresh()
    page.confirm = lambda title, text: True
    _select(page, "Card A")
    page.delete_selected()
    _select(page, "Card B")
    page.toggle_archive()
    assert page.list.count() == 0
    assert page.undo_label.text() == "Archived “Card B”."
    # The deleted card is still there, hidden, while its undo is on the stack.
    assert _rows(ctx)["Card A"] == (False, True)

    _ctrl_z(qtbot, page)
    assert _labels(page) == ["Card B"]
    assert page.undo_label.text() == "Deleted “Card A”."
    assert page.undo_bar.isVisible()
    _ctrl_z(qtbot, page)
    assert sorted(_labels(page)) == ["Card A", "Card B"]
    assert _rows(ctx) == {"Card A": (False, False), "Card B": (False, False)}
    assert page.undo_bar.isHidden()


def test_a_language_switch_keeps_the_undo_and_the_deleted_card(
    main_window: Any, ctx: Any, qtbot: Any
) -> None:
    cards_service.save_card(ctx, Card("Old SIM"))
    page = _cards_page(main_window)
    page.refresh()
    page.confirm = lambda title, text: True
    page.delete_selected()
    main_window.change_language("ru")

    def rebuilt() -> Any:
        new = main_window.page("cards")
        return new if new is not page else None

    qtbot.waitUntil(lambda: rebuilt() is not None)
    new_page = rebuilt()
    main_window.show_section("cards")
    assert _rows(ctx) == {"Old SIM": (False, True)}  # not purged
    assert new_page.undo_bar.isVisible()
    assert new_page.undo_label.text() == "Карта «Old SIM» удалена."
    new_page.undo_button.click()
    assert _labels(new_page) == ["Old SIM"]
    assert _rows(ctx) == {"Old SIM": (False, False)}


def test_quit_purges_what_was_deleted(main_window: Any, ctx: Any) -> None:
    for label in ("Gone", "Kept"):
        cards_service.save_card(ctx, Card(label))
    page = _cards_page(main_window)
    page.refresh()
    page.confirm = lambda title, text: True
    _select(page, "Gone")
    page.delete_selected()
    assert _rows(ctx) == {"Gone": (False, True), "Kept": (False, False)}
    main_window.quit_app()  # File → Quit
    assert _rows(ctx) == {"Kept": (False, False)}
    assert len(ctx.undo) == 0


def test_a_new_start_purges_what_a_crash_left(
    main_window: Any, ctx: Any, data_dir: Any, clock: Any
) -> None:
    from companion.paths import data_paths
    from companion.services.context import open_context
    from companion.ui.shell.main_window import MainWindow

    cards_service.save_card(ctx, Card("Gone"))
    page = _cards_page(main_window)
    page.refresh()
    page.confirm = lambda title, text: True
    page.delete_selected()
    # The process dies here: no quit, the row stays hidden in the file.
    restarted = open_context(data_paths(data_dir), clock=clock)
    window = MainWindow(restarted)
    try:
        assert _rows(restarted) == {"Gone": (False, True)}
        window.show_section("cards")
        assert window.page("cards").list.count() == 0
        assert _rows(restarted) == {}
    finally:
        window.quit_app()
        window.deleteLater()
        restarted.close()


def test_enter_in_the_delete_confirmation_keeps_the_card(
    main_window: Any, ctx: Any, qtbot: Any
) -> None:
    cards_service.save_card(ctx, Card("Old SIM"))
    page = _cards_page(main_window)
    page.refresh()
    seen: list[str] = []
    _answer_with_enter(qtbot, seen)
    page.delete_selected()
    assert seen == ["No"]
    assert _labels(page) == ["Old SIM"]
    assert _rows(ctx) == {"Old SIM": (False, False)}
    assert page.undo_bar.isHidden()


def test_a_restore_ends_the_undo_list(main_window: Any, ctx: Any, qtbot: Any) -> None:
    """Undo entries name cards by id; after the data is replaced an id may be
    another card, so a restore (or import) ends the list."""
    cards_service.save_card(ctx, Card("Trip SIM"))
    page = _cards_page(main_window)
    page.refresh()
    page.toggle_archive()
    assert len(ctx.undo) == 1
    main_window.reload_pages()  # what Settings → Data does after a restore
    qtbot.waitUntil(lambda: main_window.page("cards") is not page)
    new_page = _cards_page(main_window)
    assert len(ctx.undo) == 0
    assert new_page.undo_bar.isHidden()


def _snapshot(ctx: Any) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    cards = ctx.conn.execute(
        "SELECT id, label, archived, deleted_utc, expiry_local FROM cards ORDER BY id"
    ).fetchall()
    events = ctx.conn.execute(
        "SELECT card_id, kind, cycle_key, lead_minutes, state, snoozed_until_utc "
        "FROM reminder_events ORDER BY card_id, kind, cycle_key, lead_minutes"
    ).fetchall()
    timers = ctx.conn.execute(
        "SELECT card_id, kind, started_utc, ends_utc FROM card_timers ORDER BY card_id"
    ).fetchall()
    return [tuple(r) for r in cards], [tuple(r) for r in events], [tuple(r) for r in timers]


def test_interleaved_actions_all_come_back_exactly(
    main_window: Any, ctx: Any, qtbot: Any, clock: Any
) -> None:
    import datetime as dt

    from PySide6.QtWidgets import QPushButton

    from companion.domain.expiry import Expiry

    for label in ("Card A", "Card B", "Card C"):
        cards_service.save_card(ctx, Card(
            label, expiry=Expiry(dt.datetime(2026, 11, 24, 9, 30), "UTC")
        ))
    main_window.reminders.check()
    banner = main_window.reminder_banner
    assert len(banner.texts()) == 3
    snooze = [b for b in banner.findChildren(QPushButton) if b.text() == "Snooze 1 &hour"]
    snooze[0].click()  # Card A's reminder is snoozed
    page = _cards_page(main_window)
    page.confirm = lambda title, text: True
    _select(page, "Card C")
    page.start_timer("data_block")
    before = _snapshot(ctx)

    _select(page, "Card A")
    page.delete_selected()
    _select(page, "Card B")
    page.toggle_archive()
    _select(page, "Card C")
    page.timer_menu.aboutToShow.emit()
    next(a for a in page.timer_menu.actions() if a.text().startswith("Cancel")).trigger()
    clock.advance(dt.timedelta(minutes=5))
    main_window.reminders.check()
    main_window.change_language("zh_Hans")
    qtbot.waitUntil(lambda: main_window.page("cards") is not page)
    page = _cards_page(main_window)
    assert page.undo_bar.isVisible()
    assert len(ctx.undo) == 3
    for _step in range(3):
        page.undo_button.click()
    assert page.undo_bar.isHidden()
    assert _snapshot(ctx) == before
    assert len(banner.texts()) == 2  # B and C; A's stays snoozed
