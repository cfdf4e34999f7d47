"""pytest-qt flows: add a card, renew it, watch the countdown, receive a reminder."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from companion.domain.card import Card
from companion.domain.expiry import Expiry, RenewalRule
from companion.domain.money import Money
from companion.services import cards as cards_service

# The offscreen platform warns when a dialog is opened; harmless there.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _cards_page(window: Any) -> Any:
    window.show_section("cards")
    return window.page("cards")


def _list_texts(page: Any) -> list[str]:
    return [page.list.item(i).text() for i in range(page.list.count())]


def test_add_a_card_through_the_editor(main_window: Any, ctx: Any, qtbot: Any) -> None:
    page = _cards_page(main_window)
    assert page.stack.currentIndex() == 0  # the empty state
    page.start_first_card()
    dialog = page.dialog
    dialog.label_edit.setText("MTS SIM")
    dialog.number_edit.setText("8 (912) 345 67 89")
    dialog.operator_box.setCurrentIndex(dialog.operator_box.findData("mts"))
    assert "*100#" in dialog.operator_hint.text()
    dialog.renewal_box.setCurrentIndex(dialog.renewal_box.findData("days"))
    dialog.renewal_value.setValue(30)
    qtbot.keyClicks(dialog.date_edit.edit, "12/1/2026")
    dialog.time_edit.clear()
    qtbot.keyClicks(dialog.time_edit, "23:59")
    dialog.zone_box.setCurrentText("Europe/Moscow")
    dialog.price_edit.setText("450.00")
    dialog.try_accept()
    qtbot.waitUntil(lambda: page.list.count() == 1)
    row = ctx.conn.execute("SELECT * FROM cards").fetchone()
    assert row["number"] == "+79123456789"
    assert row["expiry_local"] == "2026-12-01T23:59" and row["expiry_zone"] == "Europe/Moscow"
    assert row["plan_price_minor"] == 45000
    assert "MTS SIM — Fine: expires in 7 days" in _list_texts(page)[0]
    assert "+7 912 345-67-89" in page.details.text()


def test_bad_input_is_shown_at_the_field_and_nothing_is_saved(
    main_window: Any, ctx: Any
) -> None:
    page = _cards_page(main_window)
    page.open_add_dialog()
    dialog = page.dialog
    dialog.number_edit.setText("12ab")
    dialog.price_edit.setText("abc")
    dialog.try_accept()
    assert dialog.isVisible()
    assert "Give the card a name" in dialog.errors["label"].text()
    assert not dialog.errors["label"].isHidden()
    assert "phone number" in dialog.errors["number"].text()
    assert dialog.errors["price"].text()
    assert ctx.conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 0
    dialog.reject()


def test_renew_with_a_receipt(main_window: Any, ctx: Any, clock: Any, qtbot: Any) -> None:
    card_id = cards_service.save_card(ctx, Card(
        "Beeline", renewal=RenewalRule("days", 30), plan_price=Money(50000, "RUB"),
        expiry=Expiry(dt.datetime(2026, 11, 30, 23, 59), "Europe/Moscow"),
    ))
    page = _cards_page(main_window)
    page.refresh()
    page.open_renew_dialog()
    dialog = page.dialog
    assert "Dec 30, 2026" in dialog.preview.text()
    dialog.receipt_group.setChecked(True)
    form = dialog.receipt_form
    assert form.amount.text() == "500.00"  # the plan price, prefilled
    form.amount.setText("5OO")
    dialog.try_accept()
    assert form.amount_error.isVisible()  # a typo is caught at the field, nothing saved
    assert ctx.conn.execute("SELECT count(*) FROM receipts").fetchone()[0] == 0
    form.amount.setText("500")
    form.reference.setText("SBP-42")
    form.method.setCurrentIndex(form.method.findData("sbp"))
    dialog.try_accept()
    qtbot.waitUntil(lambda: page.history.count() == 1 and "receipt" in page.history.item(0).text())
    card = cards_service.get_card(ctx, card_id)
    assert card is not None and card.expiry is not None
    assert card.expiry.local == dt.datetime(2026, 12, 30, 23, 59)
    receipt = ctx.conn.execute("SELECT * FROM receipts").fetchone()
    assert (receipt["amount_minor"], receipt["method"], receipt["reference"]) == (
        50000, "sbp", "SBP-42"
    )


def test_countdown_changes_when_the_clock_moves(main_window: Any, ctx: Any, clock: Any) -> None:
    cards_service.save_card(ctx, Card(
        "Troika", kind="transport", expiry=Expiry(dt.datetime(2026, 11, 27, 12, 0), "UTC")
    ))
    page = _cards_page(main_window)
    page.refresh()
    assert "Soon: expires in 3 days" in _list_texts(page)[0]
    clock.advance(dt.timedelta(days=3, hours=1))
    main_window.reminders.check()  # what the minute timer does
    assert "Due today: expires in 2 hours" in _list_texts(page)[0]
    clock.advance(dt.timedelta(hours=4))
    main_window.reminders.check()
    assert "Expired: expired 2 hours ago" in _list_texts(page)[0]


def test_a_reminder_appears_in_the_banner_and_snooze_is_kept(
    main_window: Any, ctx: Any, clock: Any
) -> None:
    cards_service.save_card(ctx, Card(
        "MTS SIM", expiry=Expiry(dt.datetime(2026, 11, 25, 23, 59), "Europe/Moscow")
    ))
    banner = main_window.reminder_banner
    assert banner.isHidden()
    clock.set(dt.datetime(2026, 11, 24, 6, 0, tzinfo=dt.UTC))  # 09:00 Moscow, 1 day before
    main_window.reminders.check()
    assert not banner.isHidden()
    labels = [w.text() for w in banner.findChildren(QLabel)]
    assert any("MTS SIM expires in" in t for t in labels)
    snooze = next(b for b in banner.findChildren(QPushButton) if b.text() == "Snooze 1 &hour")
    snooze.click()
    assert banner.isHidden()
    clock.advance(dt.timedelta(minutes=61))
    assert len(main_window.reminders.check()) == 1
    assert not banner.isHidden()


def test_missed_while_asleep_is_said_once(main_window: Any, ctx: Any, clock: Any) -> None:
    cards_service.save_card(ctx, Card(
        "eSIM", expiry=Expiry(dt.datetime(2026, 12, 4, 23, 59), "UTC")
    ))
    controller = main_window.reminders
    controller.check()  # the start-up check: nothing due yet
    clock.advance(dt.timedelta(days=3, hours=10))  # slept through 27 Nov and 1 Dec
    shown = controller.check()
    assert len(shown) == 1
    assert main_window.reminder_banner.heading_text == "Missed while the computer was asleep"
    assert controller.check() == []


def test_delete_asks_and_can_be_undone(main_window: Any, ctx: Any) -> None:
    cards_service.save_card(ctx, Card("Old SIM"))
    page = _cards_page(main_window)
    page.refresh()
    page.confirm = lambda title, text: False
    page.delete_selected()
    assert page.list.count() == 1
    page.confirm = lambda title, text: True
    page.delete_selected()
    assert page.list.count() == 0
    assert "Deleted “Old SIM”" in page.undo_label.text()
    page.undo()
    assert _list_texts(page)[0].startswith("Old SIM")


def test_archive_and_restore(main_window: Any, ctx: Any) -> None:
    cards_service.save_card(ctx, Card("Trip SIM"))
    page = _cards_page(main_window)
    page.refresh()
    page.toggle_archive()
    assert page.list.count() == 0
    page.archived_box.setChecked(True)
    assert _list_texts(page)[0].startswith("Trip SIM")
    page.toggle_archive()
    page.archived_box.setChecked(False)
    assert page.list.count() == 1


def test_data_block_timer_is_shown(main_window: Any, ctx: Any, clock: Any) -> None:
    cards_service.save_card(ctx, Card("MTS SIM", operator_id="mts"))
    page = _cards_page(main_window)
    page.refresh()
    page.start_timer("data_block")
    assert "Data and SMS should work from Wed, Nov 25, 2026" in page.details.text()
    texts = [page.timeline.item(i).text() for i in range(page.timeline.count())]
    assert any("Data/SMS block" in t for t in texts)


def test_start_at_login_switch_writes_and_removes(main_window: Any, tmp_path: Any) -> None:
    from companion.desktop.autostart import Autostart

    settings_page = main_window.page("settings")
    auto = Autostart("linux", tmp_path / "cfg", ["companion", "--minimized"])
    settings_page.autostart = lambda: auto
    settings_page.login_box.setChecked(True)
    assert auto.is_enabled()
    settings_page.login_box.setChecked(False)
    assert not auto.is_enabled()
    assert not any((tmp_path / "cfg").rglob("*.desktop"))


def test_missed_while_closed_is_shown_at_start(main_window: Any, ctx: Any, clock: Any) -> None:
    cards_service.save_card(ctx, Card(
        "Troika", kind="transport", expiry=Expiry(dt.datetime(2026, 11, 20, 12, 0), "UTC")
    ))
    shown = main_window.reminders.check()  # the first check after start
    assert [n.missed for n in shown] == [True]
    assert main_window.reminder_banner.heading_text == "Missed while the app was closed"
    assert "Troika expired 3 days ago" in main_window.reminder_banner.texts()[0]
    assert main_window.reminders.check() == []  # once


def test_esim_fields_only_for_esims_and_code_masked(
    main_window: Any, ctx: Any, qtbot: Any
) -> None:
    from PySide6.QtWidgets import QLineEdit

    page = _cards_page(main_window)
    page.open_add_dialog()
    dialog = page.dialog
    assert dialog.esim_group.isHidden()
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("travel_esim"))
    assert not dialog.esim_group.isHidden()
    esim = dialog.esim_group
    assert esim.code_edit.echoMode() == QLineEdit.EchoMode.Password
    esim.code_edit.setText("LPA:1$smdp.example$ABC")
    qtbot.keyClicks(esim.install_date.edit, "12/2/2026")
    dialog.label_edit.setText("Travel eSIM")
    dialog.renewal_box.setCurrentIndex(dialog.renewal_box.findData("none"))
    dialog.try_accept()
    row = ctx.conn.execute("SELECT * FROM cards").fetchone()
    assert row["esim_install_by"] == "2026-12-02"
    assert row["esim_activation_code"] == "LPA:1$smdp.example$ABC"
    assert row["expiry_local"] is None


def test_ctrl_n_opens_the_editor_and_is_listed(main_window: Any, qtbot: Any) -> None:
    from PySide6.QtCore import Qt

    from companion.ui.shell.shortcuts_dialog import ShortcutsDialog

    page = _cards_page(main_window)
    main_window.activateWindow()
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    page.dialog.reject()
    table = ShortcutsDialog(main_window).table
    names = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert "Add card" in names and "Renew" in names


def test_the_banner_follows_a_language_switch(
    qtbot: Any, main_window: Any, ctx: Any, clock: Any
) -> None:
    from companion.i18n import set_language

    cards_service.save_card(ctx, Card(
        "eSIM", expiry=Expiry(dt.datetime(2026, 12, 4, 23, 59), "UTC")
    ))
    controller = main_window.reminders
    controller.check()
    clock.advance(dt.timedelta(days=3, hours=10))  # asleep through a reminder
    controller.check()
    banner = main_window.reminder_banner
    assert banner.texts()[0].startswith("eSIM expires in")

    set_language("ru")
    assert banner.heading_text == "Пропущено, пока компьютер был в спящем режиме"

    def shown() -> list[str]:  # the old labels go at the next turn of the event loop
        return [w.text() for w in banner.findChildren(QLabel) if w.text()]

    qtbot.waitUntil(lambda: shown()[:1] == [banner.heading_text] and len(shown()) == 2)
    assert shown()[1].startswith("eSIM: срок истекает")


def test_a_running_timer_can_be_cancelled_and_the_cancel_undone(
    main_window: Any, ctx: Any
) -> None:
    from companion.services import reminders

    cards_service.save_card(ctx, Card("MTS SIM", operator_id="mts"))
    page = _cards_page(main_window)
    page.refresh()
    page.start_timer("data_block")
    started = cards_service.active_timers(ctx)
    assert len(started) == 1
    assert any(n.kind == "timer" for n in reminders.upcoming(ctx, dt.timedelta(days=2)))

    page.timer_menu.aboutToShow.emit()
    texts = [a.text() for a in page.timer_menu.actions()]
    assert texts[0] == "Promised payment"
    # A second data block is refused where it would be chosen.
    assert texts[1].startswith("Data/SMS block after arrival (running until Wed, Nov 25, 2026")
    assert not page.timer_menu.actions()[1].isEnabled()
    cancel = [a for a in page.timer_menu.actions() if a.text().startswith("Cancel")]
    assert len(cancel) == 1
    assert cancel[0].text().startswith("Cancel “Data/SMS block after arrival” (ends Wed, Nov 25, 2026")
    cancel[0].trigger()
    assert cards_service.active_timers(ctx) == []
    assert not any(n.kind == "timer" for n in reminders.upcoming(ctx, dt.timedelta(days=2)))
    assert "Data and SMS should work" not in page.details.text()
    assert page.undo_bar.isVisible()
    assert page.undo_label.text() == (
        "Cancelled the timer “Data/SMS block after arrival” for “MTS SIM”."
    )

    page.undo()
    again = cards_service.active_timers(ctx)
    assert [(t.kind, t.started, t.ends) for t in again] == [
        (t.kind, t.started, t.ends) for t in started
    ]
    page.timer_menu.aboutToShow.emit()
    assert sum(a.text().startswith("Cancel") for a in page.timer_menu.actions()) == 1
