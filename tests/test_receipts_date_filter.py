"""The log's date filter: typed in every language, picked from today, cleared to "any"."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QToolButton
from pytestqt.qtbot import QtBot
from receipts_helpers import make_receipt

from companion.i18n import set_language
from companion.i18n.date_input import DateInputError, format_date_input
from companion.services.context import AppContext
from companion.services.receipts import ReceiptsService
from companion.ui.receipts.date_bound import parse_bound
from companion.ui.receipts.receipts_page import ReceiptsPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _page(qtbot: QtBot, ctx: AppContext) -> ReceiptsPage:
    service = ReceiptsService(ctx)
    for month, day in ((5, 31), (6, 1), (6, 2)):
        service.log(make_receipt(month=month, day=day, reference=f"{month}-{day}"))
    page = ReceiptsPage(ctx, lambda _key: None)
    qtbot.addWidget(page)
    page.show()
    return page


def _type(qtbot: QtBot, page: ReceiptsPage, text: str) -> None:
    edit = page.date_from.edit
    edit.setFocus()
    edit.selectAll()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:  # what an input method (Chinese IME) sends
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(edit, event)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("en", "2026-06-01"),
        ("en", "6/1/2026"),
        ("en", "06/01/2026"),
        ("ru", "01.06.2026"),
        ("ru", "1.6.2026"),
        ("ru", "2026-06-01"),
        ("zh_Hans", "2026年6月1日"),
        ("zh_Hans", "2026/6/1"),
        ("zh_Hans", "２０２６－０６－０１"),  # full-width, as a Chinese IME types it
        ("zh_Hans", "2026.6.1"),
    ],
)
def test_a_typed_date_filters_in_every_language(
    qtbot: QtBot, ctx: AppContext, language: str, typed: str
) -> None:
    set_language(language)
    page = _page(qtbot, ctx)
    assert page.date_from.edit.text() == ""
    _type(qtbot, page, typed)
    assert page.date_from.value() == dt.date(2026, 6, 1)
    assert not page.date_from.error.isVisibleTo(page)
    assert page.model.rowCount() == 2
    assert page.date_from.edit.text() == format_date_input(dt.date(2026, 6, 1), language)


@pytest.mark.parametrize(
    ("language", "typed", "message"),
    [
        # Day first is Russian; in English "06.01.2026" is no date at all
        # (the field's own reader once took it as the 6th of January).
        ("en", "06.01.2026", "Write the date as MM/DD/YYYY, for example 12/31/2026."),
        ("en", "31.02.2026", "Write the date as MM/DD/YYYY, for example 12/31/2026."),
        ("en", "2/31/2026", "There is no day 31 in February 2026: it has 28 days."),
        ("en", "12/20/26", "Write the year with all four digits: MM/DD/YYYY, for example 12/31/2026."),
        ("en", "13/01/2026", "There is no month 13."),
        ("en", "tomorrow", "Write the date as MM/DD/YYYY, for example 12/31/2026."),
        ("en", "2026-13-01", "There is no month 13."),
        ("ru", "6/1/2026", "Запишите дату в виде ДД.ММ.ГГГГ, например 31.12.2026."),
        ("ru", "29.02.2027", "В месяце «февраль 2027\u202fг.» нет 29-го числа: в нём 28 дней."),
        ("ru", "20.12.26", "Запишите год всеми четырьмя цифрами: ДД.ММ.ГГГГ, например 31.12.2026."),
        ("zh_Hans", "06.01.2026", "请按 YYYY-MM-DD，例如 2026-12-31 的格式写日期。"),
        ("zh_Hans", "6/1/2026", "请按 YYYY-MM-DD，例如 2026-12-31 的格式写日期。"),
        ("zh_Hans", "2026年2月30日", "2026年2月没有 30 日：这个月只有 28 天。"),
    ],
)
def test_a_text_that_is_no_date_is_refused_at_the_field(
    qtbot: QtBot, ctx: AppContext, language: str, typed: str, message: str
) -> None:
    set_language(language)
    page = _page(qtbot, ctx)
    _type(qtbot, page, "2026-06-02")
    assert page.model.rowCount() == 1
    _type(qtbot, page, typed)
    assert page.date_from.error.isVisibleTo(page)
    assert page.date_from.error.text() == message
    # The text stays as typed, for the user to correct; the filter in force
    # is still the last good one.
    assert page.date_from.edit.text() == typed
    assert page.date_from.value() == dt.date(2026, 6, 2)
    assert page.model.rowCount() == 1


@pytest.mark.parametrize(
    ("language", "day"),
    [("en", dt.date(2026, 6, 1)), ("ru", dt.date(2026, 1, 6)), ("zh_Hans", None)],
)
def test_the_same_text_is_read_in_the_languages_order(
    qtbot: QtBot, ctx: AppContext, language: str, day: dt.date | None
) -> None:
    """"06/01/2026" and "06.01.2026" are read by the app's one rule: month
    first in English, day first in Russian, year first (so neither) in Chinese."""
    set_language(language)
    page = _page(qtbot, ctx)
    typed = "06.01.2026" if language == "ru" else "06/01/2026"
    _type(qtbot, page, typed)
    assert page.date_from.value() == day
    assert page.date_from.error.isVisibleTo(page) == (day is None)


def test_the_clear_button_goes_back_to_any(qtbot: QtBot, ctx: AppContext) -> None:
    page = _page(qtbot, ctx)
    _type(qtbot, page, "2026-06-02")
    assert page.model.rowCount() == 1
    buttons = [b for b in page.date_from.edit.findChildren(QToolButton) if b.isVisible()]
    assert len(buttons) == 1  # the field's clear button
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    assert page.date_from.edit.text() == ""
    assert page.date_from.value() is None
    assert page.model.rowCount() == 3


@pytest.mark.qt_log_ignore("propagateSizeHints", r"raise\(\)", "grabbing the keyboard")
def test_the_calendar_opens_at_today_and_picks_a_day(
    qtbot: QtBot, ctx: AppContext, clock: object
) -> None:
    page = _page(qtbot, ctx)
    qtbot.mouseClick(page.date_to.pick, Qt.MouseButton.LeftButton)
    calendar = page.date_to.calendar
    assert calendar is not None and calendar.isVisible()
    today = ctx.now().astimezone().date()
    assert calendar.selectedDate() == QDate(today.year, today.month, today.day)
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year, today.month)
    calendar.setSelectedDate(QDate(2026, 6, 1))
    calendar.activated.emit(QDate(2026, 6, 1))
    assert page.date_to.value() == dt.date(2026, 6, 1)
    assert page.model.rowCount() == 2
    # Opened again, it shows the chosen day, not today.
    qtbot.mouseClick(page.date_to.pick, Qt.MouseButton.LeftButton)
    assert page.date_to.calendar is not None
    assert page.date_to.calendar.selectedDate() == QDate(2026, 6, 1)
    page.date_to.calendar.close()


@given(
    day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)),
    language=st.sampled_from(["en", "ru", "zh_Hans"]),
)
def test_a_written_day_reads_back_as_the_same_day(day: dt.date, language: str) -> None:
    assert parse_bound(format_date_input(day, language), language) == day


@given(text=st.text(max_size=30), language=st.sampled_from(["en", "ru", "zh_Hans"]))
def test_any_text_is_a_day_empty_or_refused(text: str, language: str) -> None:
    try:
        result = parse_bound(text, language)
    except DateInputError as exc:
        assert str(exc)
    else:
        assert result is None or isinstance(result, dt.date)


@pytest.mark.parametrize("language", ["ru", "en", "zh_Hans"])
def test_a_refused_date_is_told_in_full_at_the_window_size(
    qtbot: QtBot, ctx: AppContext, language: str
) -> None:
    """31.02.2026 in the "to" field of a 1000×680 window: the message sat in a
    box as high as one line and as wide as its unwrapped text allowed, so in
    Russian only the middle of two cut lines showed (issue 16, attack 4)."""
    set_language(language)
    page = _page(qtbot, ctx)
    page.resize(1000, 680)
    edit = page.date_to.edit
    edit.setFocus()
    qtbot.keyClicks(edit, format_date_input(dt.date(2026, 2, 28), language).replace("28", "31"))
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    label = page.date_to.error
    qtbot.waitUntil(lambda: label.isVisibleTo(page))
    QApplication.processEvents()
    assert "31" in label.text()
    needed = label.heightForWidth(label.width())
    assert label.height() >= needed, (label.height(), needed, label.text())
    assert label.geometry().right() <= page.width()
    assert label.geometry().left() >= 0
