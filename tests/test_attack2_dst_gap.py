"""An expiry time that the clocks skip on a DST-change day is refused at the field.

Found attacking issue 17: in America/New_York the clocks go from 01:59 to
03:00 on 14 March 2027, so "02:30" names no moment. The editor saved it and
the app counted to 03:30 EDT, an hour later than the earliest reading of
what was typed. A time that does not exist is now refused with a sentence;
the repeated hour in autumn and a time after the jump are kept as typed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from card_form_helpers import OFFSCREEN_NOISE, fill, open_editor, save, stored
from hypothesis import given
from hypothesis import strategies as st

from companion.domain.expiry import wall_time_exists
from companion.i18n import set_language

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)


@pytest.mark.parametrize(("lang", "date_text", "says"), [
    ("en", "3/14/2027", "does not exist"),
    ("ru", "14.03.2027", "не существует"),
    ("zh_Hans", "2027-03-14", "不存在"),
])
def test_a_skipped_time_is_refused_at_the_field(
    main_window: Any, ctx: Any, qtbot: Any, lang: str, date_text: str, says: str
) -> None:
    set_language(lang)
    dialog = open_editor(main_window)
    fill(qtbot, dialog, date_text, zone="America/New_York")
    dialog.time_edit.clear()
    qtbot.keyClicks(dialog.time_edit, "02:30")
    save(qtbot, dialog)
    assert dialog.isVisible()
    error = dialog.errors["expiry"]
    assert not error.isHidden() and says in error.text(), error.text()
    assert "02:30" in error.text() and "America/New_York" in error.text()
    assert dialog.time_edit.text() == "02:30"
    assert stored(ctx) == []
    set_language("en")


@pytest.mark.parametrize(("date_text", "time_text", "kept"), [
    ("3/14/2027", "03:30", "2027-03-14T03:30"),  # just after the jump
    ("11/7/2027", "01:30", "2027-11-07T01:30"),  # the repeated hour exists (twice)
])
def test_times_that_exist_on_a_change_day_are_kept(
    main_window: Any, ctx: Any, qtbot: Any, date_text: str, time_text: str, kept: str
) -> None:
    dialog = open_editor(main_window)
    fill(qtbot, dialog, date_text, zone="America/New_York")
    dialog.time_edit.clear()
    qtbot.keyClicks(dialog.time_edit, time_text)
    save(qtbot, dialog)
    (row,) = stored(ctx)
    assert row["expiry_local"] == kept


ZONES = st.sampled_from(["America/New_York", "Europe/Berlin", "Australia/Sydney",
                         "Europe/Moscow", "Pacific/Kiritimati", "America/Havana"])


@given(st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2100, 1, 1)), ZONES)
def test_a_wall_time_exists_exactly_when_some_instant_shows_it(
    local: dt.datetime, zone: str
) -> None:
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(zone)
    shown = {
        (local.replace(tzinfo=tz, fold=fold).astimezone(dt.UTC)).astimezone(tz)
        .replace(tzinfo=None, fold=0)
        for fold in (0, 1)
    }
    assert wall_time_exists(local, zone) == (local in shown)


def _typed_receipt(qtbot: Any, ctx: Any, date_text: str, time_text: str) -> Any:
    from companion.ui.receipts.receipt_form import ReceiptForm

    form = ReceiptForm(ctx)
    qtbot.addWidget(form)
    form.zone.setEditText("")
    qtbot.keyClicks(form.zone.lineEdit(), "America/New_York")
    form.paid.edit.clear()
    qtbot.keyClicks(form.paid.edit, date_text)
    form.paid_time.clear()
    qtbot.keyClicks(form.paid_time, time_text)
    form.amount.setText("500")
    return form


def test_a_skipped_paid_time_is_refused_in_the_receipt_form(qtbot: Any, ctx: Any) -> None:
    form = _typed_receipt(qtbot, ctx, "3/8/2026", "02:30")
    assert form.validate() is None
    assert "does not exist" in form.paid_error.text() and not form.paid_error.isHidden()
    kept = _typed_receipt(qtbot, ctx, "3/8/2026", "03:30").validate()
    assert kept is not None
    assert kept.paid_at.replace(tzinfo=None) == dt.datetime(2026, 3, 8, 3, 30)
