"""Typing a date or a time into the card and renew forms: kept exactly or refused at the field.

Each test types into the real dialog (qtbot.keyClicks), clicks Save and reads
the field's error label and the stored card, as a user would.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from card_form_helpers import OFFSCREEN_NOISE, fill, open_editor, save, stored
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from companion.i18n import LANGUAGES, set_language
from companion.i18n.date_input import DateInputError, format_date_input, parse_date

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)


# ----- the parser ------------------------------------------------------------------
@given(st.dates(dt.date(1900, 1, 1), dt.date(2199, 12, 31)), st.sampled_from(LANGUAGES))
def test_every_date_written_in_a_language_reads_back_exactly(day: dt.date, lang: str) -> None:
    assert parse_date(format_date_input(day, lang), lang) == day
    assert parse_date(day.isoformat(), lang) == day  # ISO cannot be misread


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "02/31/27"), ("en", "02/31/2027"), ("en", "12/20/26"), ("en", "13/01/2027"),
    ("en", "2/29/2027"), ("en", "20.12.2026"), ("en", "12/3"), ("en", "12/"), ("en", ""),
    ("ru", "31.02.2027"), ("ru", "12/20/26"), ("ru", "12/20/2026"), ("ru", "10.12.26"),
    ("ru", "29.02.2027"), ("ru", "01.13.2027"), ("ru", "10.12"), ("ru", "2026-02-30"),
    ("zh_Hans", "12/20/2026"), ("zh_Hans", "20.12.2026"), ("zh_Hans", "26-12-20"),
    ("zh_Hans", "2027-02-29"), ("zh_Hans", "2027年2月30日"), ("en", "0/10/2026"),
    ("en", "1/1/0999"), ("ru", "00.01.2026"),
])
def test_impossible_partial_or_foreign_dates_are_refused(lang: str, text: str) -> None:
    set_language(lang)
    with pytest.raises(DateInputError) as caught:
        parse_date(text)
    assert str(caught.value)  # a sentence to show at the field


@given(st.text(max_size=20), st.sampled_from(LANGUAGES))
def test_any_text_is_a_date_or_a_sentence(text: str, lang: str) -> None:
    try:
        parse_date(text, lang)
    except DateInputError as exc:
        assert str(exc)


def test_messages_say_what_is_wrong_in_the_language() -> None:
    set_language("ru")
    with pytest.raises(DateInputError, match="нет 31-го числа: в нём 28 дней"):
        parse_date("31.02.2027")
    with pytest.raises(DateInputError, match=r"ДД\.ММ\.ГГГГ"):
        parse_date("12/20/26")
    set_language("zh_Hans")
    with pytest.raises(DateInputError, match="13"):
        parse_date("2027-13-01")


# ----- the card editor -------------------------------------------------------------
@pytest.mark.parametrize(("lang", "typed", "kept"), [
    ("en", "12/10/2026", "2026-12-10T23:59"),
    ("en", "1/14/2027", "2027-01-14T23:59"),
    ("ru", "10.12.2026", "2026-12-10T23:59"),
    ("ru", "14.01.2027", "2027-01-14T23:59"),
    ("zh_Hans", "2026-12-10", "2026-12-10T23:59"),
    ("zh_Hans", "2027年1月14日", "2027-01-14T23:59"),
])
def test_a_date_typed_in_the_apps_language_is_kept_exactly(
    main_window: Any, ctx: Any, qtbot: Any, lang: str, typed: str, kept: str
) -> None:
    set_language(lang)
    dialog = open_editor(main_window)
    fill(qtbot, dialog, typed)
    save(qtbot, dialog)
    (row,) = stored(ctx)
    assert row["expiry_local"] == kept and row["expiry_zone"] == "Europe/Moscow"


@pytest.mark.parametrize(("lang", "typed", "says"), [
    ("en", "02/31/27", "four digits"),
    ("en", "02/31/2027", "There is no day 31 in February 2027"),
    ("en", "12/20/26", "four digits"),
    ("en", "20.12.2026", "MM/DD/YYYY"),
    ("en", "13/01/2027", "no month 13"),
    ("en", "12/3", "MM/DD/YYYY"),
    ("en", "", "Enter a date"),
    ("ru", "31.02.2027", "февраль 2027"),
    ("ru", "12/20/26", "ДД.ММ.ГГГГ"),
    ("ru", "29.02.2027", "29"),
    ("zh_Hans", "12/20/2026", "YYYY-MM-DD"),
])
def test_a_wrong_date_is_refused_at_the_field_and_nothing_saved(
    main_window: Any, ctx: Any, qtbot: Any, lang: str, typed: str, says: str
) -> None:
    set_language(lang)
    dialog = open_editor(main_window)
    fill(qtbot, dialog, typed)
    save(qtbot, dialog)
    assert dialog.isVisible()
    error = dialog.errors["expiry"]
    assert not error.isHidden() and says in error.text()
    assert dialog.date_edit.text() == typed  # the field still shows what was typed
    assert stored(ctx) == []


def _answer(qtbot: Any, button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Answer the next question box, after checking that No is its default."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
        box.button(button).click()

    QTimer.singleShot(0, answer)


@pytest.mark.parametrize(("typed", "question"), [
    ("11/23/2026", "already past"),
    ("11/24/2026", "already past"),  # 23:59 UTC is after the clock's 09:00, not past
    ("1/1/2076", "more than two years ahead"),
])
def test_a_past_or_far_expiry_is_asked_about_default_no(
    main_window: Any, ctx: Any, qtbot: Any, typed: str, question: str
) -> None:
    dialog = open_editor(main_window)
    fill(qtbot, dialog, typed, zone="UTC")
    seen: list[str] = []
    if typed == "11/24/2026":
        save(qtbot, dialog)  # today 23:59: neither past nor far, no question
        assert seen == [] and len(stored(ctx)) == 1
        return
    _answer(qtbot, QMessageBox.StandardButton.No, seen)
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: len(seen) == 1)
    assert question in seen[0]
    assert dialog.isVisible() and stored(ctx) == []
    _answer(qtbot, QMessageBox.StandardButton.Yes, seen)
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: len(stored(ctx)) == 1)


def test_an_expiry_at_this_minute_counts_as_past(
    main_window: Any, ctx: Any, qtbot: Any, clock: Any
) -> None:
    clock.set(dt.datetime(2026, 11, 24, 23, 59, tzinfo=dt.UTC))
    dialog = open_editor(main_window)
    dialog._now = clock()
    fill(qtbot, dialog, "11/24/2026", zone="UTC")
    seen: list[str] = []
    _answer(qtbot, QMessageBox.StandardButton.No, seen)
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: len(seen) == 1)
    assert "already past" in seen[0]


def test_date_widgets_follow_the_apps_language_not_the_computers(
    main_window: Any, qtbot: Any
) -> None:
    set_language("ru")
    assert QLocale().name() == "ru_RU"
    dialog = open_editor(main_window)
    assert dialog.date_edit.calendar.locale().name() == "ru_RU"
    assert dialog.date_edit.edit.placeholderText() == "ДД.ММ.ГГГГ"
    dialog.reject()
    set_language("zh_Hans")
    assert QLocale().name() == "zh_CN"
    set_language("en")
    assert QLocale().name() == "en_US"


def test_the_calendar_writes_the_date_in_the_apps_order(main_window: Any) -> None:
    from PySide6.QtCore import QDate

    set_language("ru")
    dialog = open_editor(main_window)
    dialog.date_edit.calendar.clicked.emit(QDate(2027, 1, 14))
    assert dialog.date_edit.text() == "14.01.2027"
    assert dialog.date_edit.date() == dt.date(2027, 1, 14)


# ----- a new SIM never silently has no expiry -----------------------------------------
def test_a_new_card_asks_for_its_expiry_rather_than_none(
    main_window: Any, ctx: Any, qtbot: Any
) -> None:
    dialog = open_editor(main_window)
    assert dialog.renewal_box.currentData() == "fixed"
    assert dialog.date_edit.text() == ""
    qtbot.keyClicks(dialog.label_edit, "MTS SIM")
    save(qtbot, dialog)
    assert "Enter a date" in dialog.errors["expiry"].text()
    assert stored(ctx) == []


def test_no_expiry_says_plainly_it_will_never_remind(
    main_window: Any, ctx: Any, qtbot: Any
) -> None:
    dialog = open_editor(main_window)
    assert dialog.no_expiry_note.isHidden() and dialog.leads_holder.isEnabled()
    dialog.renewal_box.setCurrentIndex(dialog.renewal_box.findData("none"))
    assert not dialog.no_expiry_note.isHidden()
    assert "never remind" in dialog.no_expiry_note.text()
    assert not dialog.leads_holder.isEnabled()


# ----- eSIM install-by ----------------------------------------------------------------
def _esim(qtbot: Any, window: Any) -> Any:
    dialog = open_editor(window)
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("esim"))
    qtbot.keyClicks(dialog.label_edit, "eSIM")
    dialog.renewal_box.setCurrentIndex(dialog.renewal_box.findData("none"))
    return dialog


def test_a_typed_install_by_date_is_kept(main_window: Any, ctx: Any, qtbot: Any) -> None:
    dialog = _esim(qtbot, main_window)
    qtbot.keyClicks(dialog.esim_group.install_date.edit, "12/2/2026")
    save(qtbot, dialog)
    (row,) = stored(ctx)
    assert row["esim_install_by"] == "2026-12-02"


def test_a_wrong_install_by_date_is_refused_not_dropped(
    main_window: Any, ctx: Any, qtbot: Any
) -> None:
    dialog = _esim(qtbot, main_window)
    qtbot.keyClicks(dialog.esim_group.install_date.edit, "2/30/2027")
    save(qtbot, dialog)
    error = dialog.errors["install_by"]
    assert not error.isHidden() and "no day 30" in error.text()
    assert stored(ctx) == []


def test_an_empty_install_by_is_no_date(main_window: Any, ctx: Any, qtbot: Any) -> None:
    dialog = _esim(qtbot, main_window)
    save(qtbot, dialog)
    (row,) = stored(ctx)
    assert row["esim_install_by"] is None


# ----- the receipt logged while renewing ---------------------------------------------------
def _renew_with_receipt(
    window: Any, ctx: Any, qtbot: Any, paid: str, at: str = "14:32"
) -> Any:
    from companion.domain.card import Card
    from companion.domain.expiry import Expiry, RenewalRule
    from companion.services import cards as cards_service

    cards_service.save_card(ctx, Card(
        "Beeline", renewal=RenewalRule("days", 30),
        expiry=Expiry(dt.datetime(2026, 11, 30, 23, 59), "Europe/Moscow"),
    ))
    window.show_section("cards")
    page = window.page("cards")
    page.refresh()
    page.open_renew_dialog()
    dialog = page.dialog
    dialog.receipt_group.setChecked(True)
    form = dialog.receipt_form
    form.amount.setText("500")
    form.zone.setCurrentText("Europe/Moscow")
    form.paid.edit.clear()
    qtbot.keyClicks(form.paid.edit, paid)
    form.paid_time.clear()
    qtbot.keyClicks(form.paid_time, at)
    qtbot.mouseClick(dialog.renew_button, Qt.MouseButton.LeftButton)
    return dialog


def test_a_receipt_date_typed_in_russian_is_kept_exactly(
    main_window: Any, ctx: Any, qtbot: Any
) -> None:
    set_language("ru")
    _renew_with_receipt(main_window, ctx, qtbot, "10.11.2026")
    qtbot.waitUntil(lambda: ctx.conn.execute("SELECT COUNT(*) FROM receipts").fetchone()[0] == 1)
    row = ctx.conn.execute("SELECT paid_utc, paid_zone FROM receipts").fetchone()
    assert row["paid_zone"] == "Europe/Moscow"
    assert dt.datetime.fromisoformat(row["paid_utc"]) == dt.datetime(
        2026, 11, 10, 11, 32, tzinfo=dt.UTC
    )


@pytest.mark.parametrize("typed", ["31.02.2026", "11/10/2026", "10.11.26", "10.11"])
def test_a_wrong_receipt_date_is_refused_in_the_renew_dialog(
    main_window: Any, ctx: Any, qtbot: Any, typed: str
) -> None:
    set_language("ru")
    dialog = _renew_with_receipt(main_window, ctx, qtbot, typed)
    error = dialog.receipt_form.paid_error
    assert dialog.isVisible() and not error.isHidden() and error.text()
    assert ctx.conn.execute("SELECT COUNT(*) FROM receipts").fetchone()[0] == 0


# ----- times ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("typed", "kept"), [
    ("7:05", "2026-12-10T07:05"), ("07.05", "2026-12-10T07:05"), ("00:00", "2026-12-10T00:00"),
])
def test_a_typed_expiry_time_is_kept_exactly(
    main_window: Any, ctx: Any, qtbot: Any, typed: str, kept: str
) -> None:
    dialog = open_editor(main_window)
    fill(qtbot, dialog, "12/10/2026")
    dialog.time_edit.clear()
    qtbot.keyClicks(dialog.time_edit, typed)
    save(qtbot, dialog)
    (row,) = stored(ctx)
    assert row["expiry_local"] == kept


@pytest.mark.parametrize(("typed", "says"), [
    ("07:5", "HH:MM"), ("25:00", "no hour 25"), ("24:00", "no hour 24"),
    ("23:60", "no minute 60"), ("", "HH:MM"), ("11:59 PM", "HH:MM"),
])
def test_a_half_typed_or_impossible_time_is_refused_not_put_back(
    main_window: Any, ctx: Any, qtbot: Any, typed: str, says: str
) -> None:
    dialog = open_editor(main_window)
    fill(qtbot, dialog, "12/10/2026")
    dialog.time_edit.clear()
    qtbot.keyClicks(dialog.time_edit, typed)
    save(qtbot, dialog)
    error = dialog.errors["expiry"]
    assert not error.isHidden() and says in error.text()
    assert dialog.time_edit.text() == typed
    assert stored(ctx) == []


def test_a_half_typed_receipt_time_is_refused(
    main_window: Any, ctx: Any, qtbot: Any
) -> None:
    dialog = _renew_with_receipt(main_window, ctx, qtbot, "11/10/2026", at="14:3")
    form = dialog.receipt_form
    assert dialog.isVisible() and "HH:MM" in form.paid_error.text()
    assert ctx.conn.execute("SELECT COUNT(*) FROM receipts").fetchone()[0] == 0
