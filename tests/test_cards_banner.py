"""The reminder banner matches the cards: read from the stored reminders after
every check and every change of a card, one row per card and kind, at most
three rows, and a reminder's state kept through archive and undo.

Driven through the real window, Cards page, card and renew dialogs and the
banner's own buttons; time moves with the FakeClock.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton

from companion.domain.card import Card
from companion.domain.expiry import Expiry, RenewalRule
from companion.services import cards as cards_service

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

UTC = dt.UTC


def _cards_page(window: Any) -> Any:
    window.show_section("cards")
    page = window.page("cards")
    page.refresh()
    return page


def _soon(ctx: Any, label: str = "MTS SIM", minutes: int = 9) -> int:
    """A card that expires ``minutes`` after the fixture's 09:00 UTC."""
    return cards_service.save_card(ctx, Card(
        label, renewal=RenewalRule("days", 30),
        expiry=Expiry(dt.datetime(2026, 11, 24, 9, minutes), "UTC"),
    ))


def _rows(banner: Any) -> list[str]:
    return [w.text() for w in banner.findChildren(QLabel) if w.objectName() == "reminderText"]


def _button(banner: Any, text: str) -> QPushButton:
    return next(b for b in banner.findChildren(QPushButton) if b.text() == text)


def test_a_row_follows_the_clock_past_the_expiry(main_window: Any, ctx: Any, clock: Any) -> None:
    _soon(ctx)
    banner = main_window.reminder_banner
    main_window.reminders.check()
    assert "9 minutes" in banner.texts()[0]
    clock.advance(dt.timedelta(minutes=15))
    main_window.reminders.check()  # the minute timer
    assert len(banner.texts()) == 1
    assert "9 minutes" not in banner.texts()[0]
    assert "expired" in banner.texts()[0]


def test_renewing_through_the_dialog_clears_the_row(
    main_window: Any, ctx: Any, qtbot: Any
) -> None:
    _soon(ctx)
    main_window.reminders.check()
    banner = main_window.reminder_banner
    assert len(banner.texts()) == 1
    page = _cards_page(main_window)
    page.open_renew_dialog()
    page.dialog.try_accept()
    qtbot.waitUntil(lambda: page.history.count() == 1 and "Not renewed" not in
                    page.history.item(0).text())
    assert banner.texts() == []
    assert banner.isHidden()


def test_deleting_the_card_clears_the_row(main_window: Any, ctx: Any) -> None:
    _soon(ctx)
    main_window.reminders.check()
    banner = main_window.reminder_banner
    page = _cards_page(main_window)
    page.confirm = lambda title, text: True
    page.delete_selected()
    assert banner.isHidden() and banner.texts() == []
    page.undo()  # the card comes back, and with it its reminder as it was
    assert len(banner.texts()) == 1


def test_correcting_the_expiry_in_the_editor_clears_the_row(
    main_window: Any, ctx: Any, qtbot: Any
) -> None:
    card_id = _soon(ctx)
    main_window.reminders.check()
    banner = main_window.reminder_banner
    assert len(banner.texts()) == 1
    page = _cards_page(main_window)
    page.open_edit_dialog()
    page.dialog.date_edit.set_date(dt.date(2027, 1, 20))
    page.dialog.try_accept()
    card = cards_service.get_card(ctx, card_id)
    assert card is not None and card.expiry is not None and card.expiry.local.year == 2027
    assert banner.texts() == []


def test_one_row_per_card_and_kind(main_window: Any, ctx: Any, clock: Any) -> None:
    cards_service.save_card(ctx, Card(
        "Travel eSIM", kind="travel_esim", esim_install_by=dt.date(2026, 11, 30),
        expiry=Expiry(dt.datetime(2027, 1, 5, 12, 0), "UTC"),
    ))
    banner = main_window.reminder_banner
    clock.set(dt.datetime(2026, 11, 27, 9, 1, tzinfo=UTC))  # three days before
    main_window.reminders.check()
    assert len(banner.texts()) == 1
    clock.set(dt.datetime(2026, 11, 29, 9, 1, tzinfo=UTC))  # one day before, not dismissed
    main_window.reminders.check()
    assert len(banner.texts()) == 1
    assert banner.texts()[0].startswith("Install the eSIM “Travel eSIM”")
    _button(banner, "D&ismiss").click()  # one click ends the whole row
    assert banner.isHidden()
    clock.advance(dt.timedelta(minutes=5))
    main_window.reminders.check()
    assert banner.isHidden()


def test_eight_reminders_show_three_rows_and_a_count(
    main_window: Any, ctx: Any
) -> None:
    for n in range(8):
        _soon(ctx, f"SIM {n}", minutes=10 + n)
    main_window.resize(1000, 700)
    page = _cards_page(main_window)
    main_window.reminders.check()
    banner = main_window.reminder_banner
    assert [t.split(" expires")[0] for t in banner.texts()] == ["SIM 0", "SIM 1", "SIM 2"]
    more = [w.text() for w in banner.findChildren(QLabel) if w.objectName() == "reminderMore"]
    assert more == ["And 5 more reminders."]
    # The dashboard keeps most of the window.
    assert banner.sizeHint().height() < 220
    assert page.height() > 380
    _button(banner, "D&ismiss").click()
    assert banner.texts()[0].startswith("SIM 1")
    more = [w.text() for w in banner.findChildren(QLabel) if w.objectName() == "reminderMore"]
    assert more == ["And 4 more reminders."]


def test_archive_then_undo_keeps_a_snoozed_reminder_snoozed(
    main_window: Any, ctx: Any, clock: Any
) -> None:
    card_id = _soon(ctx, minutes=50)
    banner = main_window.reminder_banner
    main_window.reminders.check()
    _button(banner, "Snooze 1 &hour").click()
    assert banner.isHidden()
    page = _cards_page(main_window)
    page.toggle_archive()
    page.undo()
    assert page.list.count() == 1
    states = {r[0] for r in ctx.conn.execute(
        "SELECT state FROM reminder_events WHERE card_id = ? AND kind = 'expiry'", (card_id,)
    )}
    assert "pending" not in states and "snoozed" in states
    clock.advance(dt.timedelta(minutes=30))
    main_window.reminders.check()
    assert banner.isHidden()  # still snoozed
    clock.advance(dt.timedelta(minutes=31))
    main_window.reminders.check()
    assert len(banner.texts()) == 1  # and back when the snooze ends


def test_the_same_timer_twice_is_refused_with_a_message(main_window: Any, ctx: Any) -> None:
    cards_service.save_card(ctx, Card("MTS SIM", operator_id="mts"))
    page = _cards_page(main_window)
    page.start_timer("data_block")
    page.start_timer("data_block")
    assert len(cards_service.active_timers(ctx)) == 1
    box = page.dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.text() == (
        "This timer is already running for this card. Cancel it first to start it again."
    )
    box.accept()
    page.start_timer("promised_payment")  # another kind is a timer of its own
    assert len(cards_service.active_timers(ctx)) == 2


def test_a_row_not_acted_on_is_back_after_a_restart(
    main_window: Any, ctx: Any, qtbot: Any
) -> None:
    from companion.ui.shell.main_window import MainWindow

    _soon(ctx)
    main_window.reminders.check()
    assert len(main_window.reminder_banner.texts()) == 1
    restarted = MainWindow(ctx)
    qtbot.addWidget(restarted)
    assert restarted.reminders.check() == []  # nothing fires twice...
    assert len(restarted.reminder_banner.texts()) == 1  # ...and the row is still there
    _button(restarted.reminder_banner, "D&ismiss").click()
    other = MainWindow(ctx)
    qtbot.addWidget(other)
    other.reminders.check()
    assert other.reminder_banner.isHidden()


def test_the_banner_changes_at_the_expiry_not_a_minute_later(
    main_window: Any, ctx: Any, clock: Any
) -> None:
    _soon(ctx, minutes=1)  # expires 09:01
    controller = main_window.reminders
    controller.timer.start()  # the minute checks run, as after start-up
    clock.advance(dt.timedelta(seconds=20))
    controller.check()
    assert "expires" in controller.banner.texts()[0]
    # The next check is aimed at 09:01:00, 40 seconds away, not at the next minute.
    assert controller.exact_timer.isActive()
    assert 40_000 < controller.exact_timer.interval() <= 40_500
    clock.advance(dt.timedelta(seconds=41))
    controller.exact_timer.timeout.emit()  # what the timer does when it fires
    assert "expired" in controller.banner.texts()[0]
    assert not controller.exact_timer.isActive()  # nothing else changes within the minute
    controller.stop()
