"""Renewing onto a wall time the clocks skip (issue 22).

Found reading the renewal arithmetic: a card in New York expiring at 02:30
on 13 March 2027, renewed by one day, reached 02:30 on 14 March, which does
not exist (the clocks jump from 02:00 to 03:00). The card was stored with a
time the card editor itself refuses, and counted down to 03:30, half an hour
after the moment the clock passed 02:30. The rule now: the expiry moves to
the first instant that exists (the wall time the clocks jump to), and the
renew dialog says so before the user renews.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from dst_helpers import DST_ZONES, near_a_change
from hypothesis import assume, given
from hypothesis import strategies as st

from companion.domain.card import Card
from companion.domain.expiry import (
    Expiry,
    Period,
    RenewalRule,
    first_existing,
    renewal,
    wall_time_exists,
)
from companion.i18n import set_language
from companion.services import cards as cards_service

NEW_YORK = "America/New_York"
BEFORE_THE_JUMP = dt.datetime(2027, 3, 13, 2, 30)  # clocks jump 02:00 → 03:00 on the 14th


def _wall(instant: dt.datetime, zone: str) -> dt.datetime:
    return instant.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


@given(near_a_change(), st.integers(1, 3), st.sampled_from(["days", "months"]))
def test_a_renewal_lands_on_a_wall_time_that_exists(
    sample: tuple[str, dt.datetime], count: int, unit: str
) -> None:
    zone, reached = sample
    current_local = reached - dt.timedelta(days=count) if unit == "days" else None
    if unit == "months":
        month = (reached.month - count - 1) % 12 + 1
        year = reached.year + (reached.month - count - 1) // 12
        assume(reached.day <= 28)
        current_local = reached.replace(year=year, month=month)
    assert current_local is not None
    assume(wall_time_exists(current_local, zone))
    current = Expiry(current_local, zone)
    now = current.instant - dt.timedelta(days=1)  # renewed early: counted from the expiry
    outcome = renewal(current, now, Period(unit, count), "UTC")  # type: ignore[arg-type]
    landed = outcome.expiry
    assert landed.zone == zone
    assert wall_time_exists(landed.local, zone)
    if wall_time_exists(reached, zone):
        assert (landed.local, outcome.skipped) == (reached, None)  # kept exactly
    else:
        assert outcome.skipped == reached
        # The first instant whose clock has reached the skipped time: a
        # minute earlier the clock still read before it.
        assert _wall(landed.instant, zone) >= reached
        assert _wall(landed.instant - dt.timedelta(minutes=1), zone) < reached
    assert landed.instant > current.instant


@given(st.sampled_from(DST_ZONES), st.datetimes(dt.datetime(1995, 1, 1), dt.datetime(2060, 1, 1)))
def test_first_existing_keeps_every_time_that_exists(zone: str, local: dt.datetime) -> None:
    local = local.replace(second=0, microsecond=0)
    if wall_time_exists(local, zone):
        assert first_existing(local, zone) == local


def test_a_whole_skipped_day_lands_on_the_next_midnight() -> None:
    # Samoa moved across the date line: 30 December 2011 never happened there.
    assert first_existing(dt.datetime(2011, 12, 30, 12, 0), "Pacific/Apia") == dt.datetime(
        2011, 12, 31, 0, 0
    )


def _new_york_card(ctx: Any) -> int:
    return cards_service.save_card(
        ctx,
        Card("T-Mobile", renewal=RenewalRule("days", 1), expiry=Expiry(BEFORE_THE_JUMP, NEW_YORK)),
    )


def test_renewing_stores_the_moment_the_clocks_jump(ctx: Any, clock: Any) -> None:
    clock.set(dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC))
    card_id = _new_york_card(ctx)
    record = cards_service.renew_card(ctx, card_id, Period("days", 1))
    card = cards_service.get_card(ctx, card_id)
    assert card is not None and card.expiry is not None
    assert card.expiry.local == dt.datetime(2027, 3, 14, 3, 0)
    assert card.expiry.instant == dt.datetime(2027, 3, 14, 7, 0, tzinfo=dt.UTC)
    assert record.new_expiry == card.expiry
    row = ctx.conn.execute("SELECT expiry_local FROM cards WHERE id = ?", (card_id,)).fetchone()
    assert row["expiry_local"].startswith("2027-03-14T03:00")


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on opening a dialog
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["2:30", "3:00", NEW_YORK, "does not exist"]),
        ("ru", ["02:30", "03:00", NEW_YORK, "часы переводят вперёд"]),
        ("zh_Hans", ["02:30", "03:00", NEW_YORK, "没有这个时间"]),
    ],
)
def test_the_renew_dialog_says_where_a_skipped_time_lands(
    main_window: Any, ctx: Any, clock: Any, lang: str, words: list[str]
) -> None:
    clock.set(dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC))
    card_id = _new_york_card(ctx)
    set_language(lang)
    main_window.show_section("cards")
    page = main_window.page("cards")
    page.refresh()
    page.select_card(card_id)
    page.open_renew_dialog()
    dialog = page.dialog
    note = dialog.skipped_note
    assert not note.isHidden()
    for word in words:
        assert word in note.text(), note.text()
    dialog.days_spin.setValue(2)  # 15 March 02:30 exists: nothing to say
    assert note.isHidden()
    dialog.plan_radio.setChecked(True)
    assert not note.isHidden()
    dialog.try_accept()
    card = cards_service.get_card(ctx, card_id)
    assert card is not None and card.expiry == Expiry(dt.datetime(2027, 3, 14, 3, 0), NEW_YORK)
    set_language("en")
