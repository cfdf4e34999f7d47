"""Expiry arithmetic: month ends, leap days, DST, zone changes, early vs late renewal."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from companion.domain.expiry import (
    Expiry,
    Period,
    RenewalRule,
    add_months,
    expiry_state,
    renew,
)

ZONES = st.sampled_from(
    ["Europe/Moscow", "Europe/Berlin", "America/New_York", "Asia/Shanghai", "UTC",
     "Australia/Lord_Howe", "Asia/Kathmandu"]
)
LOCALS = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2090, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0)
)
INSTANTS = st.datetimes(
    min_value=dt.datetime(2000, 1, 1),
    max_value=dt.datetime(2090, 12, 31),
    timezones=st.just(dt.UTC),
)


def test_january_31_plus_one_month_is_end_of_february() -> None:
    assert add_months(dt.datetime(2026, 1, 31, 23, 59), 1) == dt.datetime(2026, 2, 28, 23, 59)
    assert add_months(dt.datetime(2028, 1, 31, 12, 0), 1) == dt.datetime(2028, 2, 29, 12, 0)
    assert add_months(dt.datetime(2028, 2, 29, 12, 0), 12) == dt.datetime(2029, 2, 28, 12, 0)


@given(LOCALS, st.integers(1, 120))
def test_add_months_lands_n_months_later_and_never_overflows(local: dt.datetime, n: int) -> None:
    result = add_months(local, n)
    months = (result.year - local.year) * 12 + result.month - local.month
    assert months == n
    assert result.day == min(local.day, calendar.monthrange(result.year, result.month)[1])
    assert result.time() == local.time()


@given(LOCALS, ZONES, st.integers(1, 400))
def test_renewing_by_days_keeps_wall_clock_time_across_dst(
    local: dt.datetime, zone: str, days: int
) -> None:
    current = Expiry(local, zone)
    now = current.instant - dt.timedelta(hours=1)  # renewing early
    new = renew(current, now, Period("days", days), zone)
    assert new.local == local + dt.timedelta(days=days)
    assert new.local.time() == local.time()
    assert new.zone == zone


def test_dst_change_keeps_23_59_in_berlin() -> None:
    current = Expiry(dt.datetime(2026, 3, 20, 23, 59), "Europe/Berlin")
    now = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    new = renew(current, now, Period("days", 30), "UTC")
    assert new.local == dt.datetime(2026, 4, 19, 23, 59)
    # The instant moved by 30 days minus the hour lost to summer time.
    assert new.instant - current.instant == dt.timedelta(days=30, hours=-1)


@given(LOCALS, ZONES, INSTANTS, st.sampled_from([Period("days", 30), Period("months", 1),
                                                  Period("days", 1), Period("months", 12)]))
def test_renewal_starts_from_the_later_of_now_and_expiry(
    local: dt.datetime, zone: str, now: dt.datetime, period: Period
) -> None:
    current = Expiry(local, zone)
    new = renew(current, now, period, zone)
    assert new.instant > now
    assert new.local > current.local
    if current.instant >= now:  # early: nothing already paid is lost
        assert new.local == renew(current, current.instant, period, zone).local
    else:  # late: lapsed days are gone, the period counts from now
        now_local = now.astimezone(ZoneInfo(zone)).replace(tzinfo=None, second=0, microsecond=0)
        expected = (
            now_local + dt.timedelta(days=period.count)
            if period.unit == "days"
            else add_months(now_local, period.count)
        )
        assert new.local == expected


def test_renew_early_and_late_examples() -> None:
    current = Expiry(dt.datetime(2026, 12, 1, 23, 59), "Europe/Moscow")
    month = Period("days", 30)
    early = renew(current, dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC), month, "UTC")
    assert early.local == dt.datetime(2026, 12, 31, 23, 59)
    late = renew(current, dt.datetime(2026, 12, 5, 11, 5, tzinfo=dt.UTC), month, "UTC")
    assert late.local == dt.datetime(2027, 1, 4, 14, 5)  # 11:05 UTC is 14:05 in Moscow


@given(LOCALS, st.integers(1, 31), st.integers(1, 24))
def test_monthly_on_day_d_lands_on_d_or_month_end(local: dt.datetime, day: int, n: int) -> None:
    rule = RenewalRule("monthly", day)
    current = Expiry(local, "UTC")
    new = renew(current, current.instant, Period("months", n), "UTC", rule.anchor_day)
    last = calendar.monthrange(new.local.year, new.local.month)[1]
    assert new.local.day == min(day, last)
    assert new.local > local
    assert (new.local - local) < dt.timedelta(days=31 * n + 1)


@given(LOCALS, ZONES, ZONES)
def test_the_computers_zone_never_moves_an_expiry(
    local: dt.datetime, zone: str, computer: str
) -> None:
    expiry = Expiry(local, zone)
    before = expiry.instant
    shown = expiry.shown_in(computer)
    assert shown == expiry.aware  # same instant, different wall clock
    assert Expiry(local, zone).instant == before
    assert expiry.local == local


def test_system_zone_change_does_not_move_a_stored_expiry(
    ctx: object, computer_zone: Callable[[str], None]
) -> None:
    from companion.domain.card import Card
    from companion.services.cards import get_card, save_card

    card = Card("MTS", expiry=Expiry(dt.datetime(2026, 12, 1, 23, 59), "Europe/Moscow"))
    card_id = save_card(ctx, card)  # type: ignore[arg-type]
    for tz in ("America/Los_Angeles", "Asia/Tokyo"):
        computer_zone(tz)
        loaded = get_card(ctx, card_id)  # type: ignore[arg-type]
        assert loaded is not None and loaded.expiry is not None
        assert loaded.expiry.local == dt.datetime(2026, 12, 1, 23, 59)
        assert loaded.expiry.instant == dt.datetime(2026, 12, 1, 20, 59, tzinfo=dt.UTC)


def test_states() -> None:
    now = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)  # 12:00 in Moscow
    moscow = "Europe/Moscow"
    assert expiry_state(None, now) == "no_expiry"
    assert expiry_state(Expiry(dt.datetime(2026, 11, 24, 11, 0), moscow), now) == "expired"
    assert expiry_state(Expiry(dt.datetime(2026, 11, 24, 23, 59), moscow), now) == "due_today"
    assert expiry_state(Expiry(dt.datetime(2026, 11, 27, 12, 0), moscow), now) == "soon"
    assert expiry_state(Expiry(dt.datetime(2027, 1, 1, 0, 0), moscow), now) == "fine"


@given(st.sampled_from(["days", "months"]), st.integers(1, 3660))
def test_period_code_round_trips(unit: str, count: int) -> None:
    period = Period(unit, count)  # type: ignore[arg-type]
    assert Period.parse(period.code()) == period
