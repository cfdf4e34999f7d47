"""Validity arithmetic: when a plan runs out and when a renewal moves it to.

Why wall-clock arithmetic in the expiry's own zone: operators state an expiry
as a local date and time ("valid until 24.11 23:59 Moscow time"). Adding 30
days must land on 23:59 again even across a DST change, and the computer's
own zone must never move it, so the instant is derived from (local, zone)
and nothing else.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from companion.domain.zone_names import is_known_zone, zone_or_none

PeriodUnit = Literal["days", "months"]


def wall_time_exists(local: dt.datetime, zone: str) -> bool:
    """False for a wall-clock time the zone's clocks skip (02:30 on the night
    clocks go forward): no instant shows it, so any reading of it is a guess.
    An unknown zone name has no wall times at all."""
    tz = zone_or_none(zone)
    if tz is None:
        return False
    naive = local.replace(tzinfo=None, fold=0)
    for fold in (0, 1):
        there = naive.replace(tzinfo=tz, fold=fold).astimezone(dt.UTC).astimezone(tz)
        if there.replace(tzinfo=None, fold=0) == naive:
            return True
    return False


def wall_time_repeats(local: dt.datetime, zone: str) -> bool:
    """True for a wall-clock time the zone shows twice (01:30 on the night
    clocks go back): two instants show it, so it names neither on its own."""
    tz = zone_or_none(zone)
    if tz is None or not wall_time_exists(local, zone):
        return False
    naive = local.replace(tzinfo=None)
    first, second = (naive.replace(tzinfo=tz, fold=fold).utcoffset() for fold in (0, 1))
    return first != second


@dataclass(frozen=True, order=True)
class Expiry:
    """An expiry as the operator printed it: a naive wall-clock time and its zone."""

    local: dt.datetime
    zone: str

    def __post_init__(self) -> None:
        if self.local.tzinfo is not None:
            raise ValueError("Expiry.local is a wall-clock time without tzinfo")
        if not is_known_zone(self.zone):
            # Checked against the list, never by ZoneInfo(): that would treat
            # typed text such as "Europe" or "../x" as a path on disk.
            raise ValueError(f"unknown time zone {self.zone[:80]!r}")

    @property
    def aware(self) -> dt.datetime:
        return self.local.replace(tzinfo=ZoneInfo(self.zone))

    @property
    def instant(self) -> dt.datetime:
        """The UTC instant, derived only from (local, zone)."""
        return self.aware.astimezone(dt.UTC)

    def shown_in(self, zone: str) -> dt.datetime:
        return self.aware.astimezone(ZoneInfo(zone))

    def key(self) -> str:
        """Identifies one expiry cycle; a renewal gives a new key."""
        return f"{self.local.isoformat(timespec='minutes')}|{self.zone}"


@dataclass(frozen=True)
class Period:
    unit: PeriodUnit
    count: int

    def __post_init__(self) -> None:
        if self.count < 1 or self.count > 3660:
            raise ValueError("a period is between 1 and 3660 units")

    def code(self) -> str:
        """ISO-8601-like text stored with a renewal (``P30D``, ``P1M``)."""
        return f"P{self.count}{'D' if self.unit == 'days' else 'M'}"

    @classmethod
    def parse(cls, text: str) -> Period:
        match = re.fullmatch(r"P(\d+)([DM])", text)
        if not match:
            raise ValueError(f"not a period: {text!r}")
        return cls("days" if match.group(2) == "D" else "months", int(match.group(1)))


#: How a plan renews: every N days, monthly on day D, a fixed end, or never.
RENEWAL_KINDS: tuple[str, ...] = ("days", "monthly", "fixed", "none")


@dataclass(frozen=True)
class RenewalRule:
    kind: str = "none"
    value: int | None = None  # N days, or day of month D

    def __post_init__(self) -> None:
        if self.kind not in RENEWAL_KINDS:
            raise ValueError(f"unknown renewal kind {self.kind!r}")
        if self.kind == "days" and not (self.value and 1 <= self.value <= 3660):
            raise ValueError("every N days needs 1 ≤ N ≤ 3660")
        if self.kind == "monthly" and not (self.value and 1 <= self.value <= 31):
            raise ValueError("monthly needs a day 1–31")

    def default_period(self) -> Period | None:
        if self.kind == "days":
            assert self.value is not None
            return Period("days", self.value)
        if self.kind == "monthly":
            return Period("months", 1)
        return None

    @property
    def anchor_day(self) -> int | None:
        return self.value if self.kind == "monthly" else None


def add_months(local: dt.datetime, months: int, day: int | None = None) -> dt.datetime:
    """Move by whole months, clamping to the month's last day (Jan 31 + 1 → Feb 28/29)."""
    years, month0 = divmod(local.month - 1 + months, 12)
    year = local.year + years
    month = month0 + 1
    last = calendar.monthrange(year, month)[1]
    return local.replace(year=year, month=month, day=min(day or local.day, last))


def next_on_day(base: dt.datetime, day: int) -> dt.datetime:
    """The first time after ``base`` that falls on day ``day`` (clamped) of a month."""
    this_month = base.replace(day=min(day, calendar.monthrange(base.year, base.month)[1]))
    if this_month > base:
        return this_month
    return add_months(base.replace(day=1), 1, day)


def extend(base: dt.datetime, period: Period, anchor_day: int | None = None) -> dt.datetime:
    """``base`` moved on by ``period`` in wall-clock terms."""
    if period.unit == "days":
        return base + dt.timedelta(days=period.count)
    if anchor_day is None:
        return add_months(base, period.count)
    first = next_on_day(base, anchor_day)
    return add_months(first, period.count - 1, anchor_day)


def renewal_base(current: Expiry | None, now: dt.datetime, zone: str) -> dt.datetime:
    """The later of now and the current expiry, as wall clock in the expiry's zone.

    Why: renewing early extends the plan from its end (nothing paid is lost);
    renewing late starts from now (the lapsed days are gone).
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    tz = ZoneInfo(current.zone if current else zone)
    if current is not None and current.instant >= now:
        return current.local
    return now.astimezone(tz).replace(tzinfo=None, second=0, microsecond=0)


def first_existing(local: dt.datetime, zone: str) -> dt.datetime:
    """``local`` when the zone's clocks show it; for a wall time they skip,
    the wall time they jump to (03:00 for 02:30 on the night clocks go
    forward at 02:00): the first instant at which the clock has reached it.

    Why that instant and not ``local`` read with the old offset (03:30): a
    plan that runs "until 02:30" has run out once the clock reads past
    02:30, which happens at the jump; a later instant would promise time the
    operator does not give.
    """
    tz = zone_or_none(zone)
    if tz is None:
        raise ValueError(f"unknown time zone {zone[:80]!r}")
    if wall_time_exists(local, zone):
        return local
    naive = local.replace(tzinfo=None, fold=0)
    # In a gap, fold=1 reads the time with the offset after the jump and
    # fold=0 with the one before: the jump lies between those two instants.
    low = naive.replace(tzinfo=tz, fold=1).astimezone(dt.UTC)
    high = naive.replace(tzinfo=tz, fold=0).astimezone(dt.UTC)
    before = low.astimezone(tz).utcoffset()
    while high - low > dt.timedelta(seconds=1):
        mid = low + (high - low) // 2
        if mid.astimezone(tz).utcoffset() == before:
            low = mid
        else:
            high = mid
    return high.astimezone(tz).replace(tzinfo=None, microsecond=0)


@dataclass(frozen=True)
class Renewal:
    """Where a renewal lands: the new expiry and, when the period reached a
    wall time the zone's clocks skip, that wall time (so it can be said)."""

    expiry: Expiry
    skipped: dt.datetime | None = None


def renewal(
    current: Expiry | None,
    now: dt.datetime,
    period: Period,
    zone: str,
    anchor_day: int | None = None,
) -> Renewal:
    """Buying ``period``: never earlier than both now and the old expiry, and
    never on a wall time that does not exist (see :func:`first_existing`)."""
    base = renewal_base(current, now, zone)
    where = current.zone if current else zone
    reached = extend(base, period, anchor_day)
    landed = first_existing(reached, where)
    return Renewal(Expiry(landed, where), None if landed == reached else reached)


def renew(
    current: Expiry | None,
    now: dt.datetime,
    period: Period,
    zone: str,
    anchor_day: int | None = None,
) -> Expiry:
    """The expiry after buying ``period`` (see :func:`renewal`)."""
    return renewal(current, now, period, zone, anchor_day).expiry


#: Dashboard states, most urgent first.
STATES: tuple[str, ...] = ("expired", "due_today", "soon", "fine", "no_expiry")
SOON = dt.timedelta(days=7)


def expiry_state(expiry: Expiry | None, now: dt.datetime) -> str:
    if expiry is None:
        return "no_expiry"
    instant = expiry.instant
    if instant <= now:
        return "expired"
    if now.astimezone(ZoneInfo(expiry.zone)).date() == expiry.local.date():
        return "due_today"
    if instant - now <= SOON:
        return "soon"
    return "fine"
