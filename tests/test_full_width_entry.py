"""Full-width digits and signs, as a Chinese input method types them, in every typed field.

Found by the numbers audit: the receipt log's date filter read
"２０２６－１２－０１" (it folded full-width forms itself), but the card
dialog's expiry and install-by fields and the receipt form refused the
same text, and the amount field took full-width digits but called a
full-width minus "not a digit" and refused "￥５００" with yuan chosen. The
folding now lives in the date, time and money readers themselves
(``companion.i18n.full_width``), so every field reads these alike.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from card_form_helpers import OFFSCREEN_NOISE, open_editor, save, stored
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot
from receipts_helpers import open_receipt_dialog

from companion.i18n import LANGUAGES, set_language
from companion.i18n.date_input import (
    DateInputError,
    format_date_input,
    format_time_input,
    parse_date,
    parse_time,
)
from companion.i18n.money_input import MoneyInputError, parse_money
from companion.services.context import AppContext

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)


def wide(text: str) -> str:
    """``text`` as a full-width input method types it: ASCII signs and digits widened."""
    return "".join(
        "\u3000" if c == " " else chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text
    )


def _keys(qtbot: QtBot, edit: Any, text: str) -> None:
    """Type ``text`` into ``edit`` as a Chinese input method delivers it: one
    committed character at a time, through the widget's input-method events.

    ``qtbot.keyClicks`` cannot be used: QTest turns each character into a
    Latin-1 key and aborts the process on "２".
    """
    edit.setFocus()
    edit.clear()
    for char in text:
        event = QInputMethodEvent("", [])
        event.setCommitString(char)
        QApplication.sendEvent(edit, event)
    qtbot.keyClick(edit, Qt.Key.Key_End)  # a real key too: the field is live
    assert edit.text() == text  # the full-width characters arrived as typed


# ----- the readers -------------------------------------------------------------------
def _outcome(read: Any, text: str) -> tuple[str, object]:
    try:
        return ("value", read(text))
    except (DateInputError, MoneyInputError) as exc:
        return ("refused", str(exc))


_DATE_CHARS = st.sampled_from(list("0123456789-/.: 年月日"))
_MIXED = st.lists(st.tuples(_DATE_CHARS, st.booleans()), max_size=14)


@given(_MIXED, st.sampled_from(LANGUAGES))
def test_widening_any_characters_never_changes_what_a_date_reads_as(
    chars: list[tuple[str, bool]], lang: str
) -> None:
    """Any text of date characters, some of them full-width: the same date, or
    the same sentence, as the plain text."""
    plain = "".join(c for c, _w in chars)
    mixed = "".join(wide(c) if w else c for c, w in chars)
    assert _outcome(lambda t: parse_date(t, lang), mixed) == _outcome(
        lambda t: parse_date(t, lang), plain
    )


def _widen_some(text: str, mask: list[bool]) -> str:
    flags = (mask + [False] * len(text))[: len(text)]
    return "".join(wide(c) if w else c for c, w in zip(text, flags, strict=True))


@given(
    st.dates(dt.date(1900, 1, 1), dt.date(2199, 12, 31)),
    st.sampled_from(LANGUAGES),
    st.booleans(),
    st.lists(st.booleans(), min_size=10, max_size=10),
)
def test_a_written_date_with_any_characters_widened_reads_as_the_same_day(
    day: dt.date, lang: str, iso: bool, mask: list[bool]
) -> None:
    plain = day.isoformat() if iso else format_date_input(day, lang)
    assert parse_date(_widen_some(plain, mask), lang) == parse_date(plain, lang) == day
    assert parse_date(wide(plain), lang) == day


@given(st.lists(st.tuples(st.sampled_from(list("0123456789:. ")), st.booleans()), max_size=8))
def test_widening_never_changes_what_a_time_reads_as(chars: list[tuple[str, bool]]) -> None:
    plain = "".join(c for c, _w in chars)
    mixed = "".join(wide(c) if w else c for c, w in chars)
    assert _outcome(parse_time, mixed) == _outcome(parse_time, plain)


@given(st.times(), st.lists(st.booleans(), min_size=5, max_size=5))
def test_a_written_time_with_any_characters_widened_reads_as_the_same_minute(
    at: dt.time, mask: list[bool]
) -> None:
    minute = at.replace(second=0, microsecond=0)
    assert parse_time(_widen_some(format_time_input(minute), mask)) == minute


@given(
    st.lists(st.tuples(st.sampled_from(list("0123456789.,- '")), st.booleans()), max_size=12),
    st.sampled_from(LANGUAGES),
    st.sampled_from(["RUB", "JPY", "KWD", "CNY"]),
)
def test_widening_never_changes_what_an_amount_reads_as(
    chars: list[tuple[str, bool]], lang: str, currency: str
) -> None:
    plain = "".join(c for c, _w in chars)
    mixed = "".join(wide(c) if w else c for c, w in chars)
    read = lambda t: parse_money(t, currency, lang)  # noqa: E731
    assert _outcome(read, mixed) == _outcome(read, plain)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_full_width_minus_is_a_minus(lang: str) -> None:
    """"－５００" was refused as "use only digits"; it is a negative amount, and says so."""
    set_language(lang)
    with pytest.raises(MoneyInputError) as wide_caught:
        parse_money("－５００", "RUB")
    with pytest.raises(MoneyInputError) as plain_caught:
        parse_money("-500", "RUB")
    assert str(wide_caught.value) == str(plain_caught.value)


def test_the_full_width_yen_sign_of_a_chinese_input_method_is_the_yuan_sign() -> None:
    """A Chinese input method types "￥" for "¥"; with yuan chosen it is the sign."""
    assert parse_money("￥５００", "CNY", "zh_Hans").minor == 50000
    assert parse_money("５００￥", "CNY", "zh_Hans").minor == 50000
    with pytest.raises(MoneyInputError):
        parse_money("①②", "CNY", "zh_Hans")  # circled digits are not digits: refused


def test_only_the_width_is_folded_not_other_lookalikes() -> None:
    """"²" or "①" look like digits, and NFKC would make them digits; a date
    reader that took them would be guessing."""
    for text in ("2026-1²-01", "2026-①-01", "２０２６-１２-０１"[:-1] + "①"):
        with pytest.raises(DateInputError):
            parse_date(text, "zh_Hans")


# ----- the card dialog -----------------------------------------------------------------
@pytest.mark.parametrize(("lang", "typed", "time_typed", "kept"), [
    ("zh_Hans", "２０２６－１２－１０", "２３：５９", "2026-12-10T23:59"),
    ("zh_Hans", "２０２６／１２／１０", "７：０５", "2026-12-10T07:05"),
    ("zh_Hans", "２０２６年１２月１０日", "０８：３０", "2026-12-10T08:30"),
    ("ru", "１０．１２．２０２６", "２３．５９", "2026-12-10T23:59"),
])
def test_a_full_width_expiry_is_kept_in_the_card_dialog(
    main_window: Any, ctx: Any, qtbot: Any, lang: str, typed: str, time_typed: str, kept: str
) -> None:
    set_language(lang)
    dialog = open_editor(main_window)
    qtbot.keyClicks(dialog.label_edit, "MTS SIM")
    dialog.renewal_box.setCurrentIndex(dialog.renewal_box.findData("fixed"))
    _keys(qtbot, dialog.date_edit.edit, typed)
    _keys(qtbot, dialog.time_edit, time_typed)
    dialog.zone_box.setEditText("")
    qtbot.keyClicks(dialog.zone_box.lineEdit(), "Europe/Moscow")
    save(qtbot, dialog)
    assert dialog.errors["expiry"].isHidden(), dialog.errors["expiry"].text()
    (row,) = stored(ctx)
    assert row["expiry_local"] == kept and row["expiry_zone"] == "Europe/Moscow"


@pytest.mark.parametrize(("lang", "typed"), [
    ("zh_Hans", "２０２６－１２－０２"), ("ru", "０２．１２．２０２６"),
])
def test_a_full_width_install_by_date_is_kept(
    main_window: Any, ctx: Any, qtbot: Any, lang: str, typed: str
) -> None:
    set_language(lang)
    dialog = open_editor(main_window)
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("esim"))
    qtbot.keyClicks(dialog.label_edit, "eSIM")
    dialog.renewal_box.setCurrentIndex(dialog.renewal_box.findData("none"))
    _keys(qtbot, dialog.esim_group.install_date.edit, typed)
    save(qtbot, dialog)
    (row,) = stored(ctx)
    assert row["esim_install_by"] == "2026-12-02"


def test_a_full_width_impossible_date_is_refused_at_the_field(
    main_window: Any, ctx: Any, qtbot: Any
) -> None:
    """Folding reads the width; it does not make an impossible day possible."""
    set_language("zh_Hans")
    dialog = open_editor(main_window)
    qtbot.keyClicks(dialog.label_edit, "MTS SIM")
    dialog.renewal_box.setCurrentIndex(dialog.renewal_box.findData("fixed"))
    _keys(qtbot, dialog.date_edit.edit, "２０２７－０２－２９")
    save(qtbot, dialog)
    error = dialog.errors["expiry"]
    assert not error.isHidden() and "29" in error.text()
    assert dialog.date_edit.text() == "２０２７－０２－２９"  # the field keeps what was typed
    assert stored(ctx) == []


# ----- the receipt form ------------------------------------------------------------------
@pytest.mark.parametrize(("lang", "paid", "at", "amount", "currency", "minor"), [
    ("zh_Hans", "２０２６－１１－１０", "１４：３２", "１，２３４．５０", "CNY", 123450),
    ("zh_Hans", "２０２６年１１月１０日", "１４：３２", "￥５００", "CNY", 50000),
    ("ru", "１０．１１．２０２６", "１４．３２", "１　２３４，５０", "RUB", 123450),
])
def test_a_full_width_receipt_is_kept_exactly(
    qtbot: QtBot, ctx: AppContext, lang: str, paid: str, at: str, amount: str,
    currency: str, minor: int,
) -> None:
    set_language(lang)
    dialog = open_receipt_dialog(qtbot, ctx)
    form = dialog.form
    form.zone.setCurrentText("Europe/Moscow")
    form.currency.setCurrentIndex(form.currency.findData(currency))
    _keys(qtbot, form.paid.edit, paid)
    _keys(qtbot, form.paid_time, at)
    _keys(qtbot, form.amount, amount)
    save_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save_button, Qt.MouseButton.LeftButton)
    assert form.paid_error.isHidden(), form.paid_error.text()
    assert form.amount_error.isHidden(), form.amount_error.text()
    rows = ctx.conn.execute(
        "SELECT paid_utc, paid_zone, amount_minor, currency FROM receipts"
    ).fetchall()
    assert [
        (dt.datetime.fromisoformat(r[0]), r[1], r[2], r[3]) for r in rows
    ] == [(dt.datetime(2026, 11, 10, 11, 32, tzinfo=dt.UTC), "Europe/Moscow", minor, currency)]
