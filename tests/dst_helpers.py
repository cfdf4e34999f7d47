"""Wall-clock times near a zone's clock changes, for hypothesis.

Why a strategy of its own: a random time of a random year lands in the
skipped or repeated hour once in thousands of tries, so a property about
those hours would almost never meet one. These strategies find the zone's
real changes (from the tz database, not a list typed here) and pick times
around them.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

#: Zones whose clocks change, north and south, by an hour or by 30 minutes
#: (Lord Howe), plus one that changes at midnight (Havana).
DST_ZONES = (
    "America/New_York",
    "Europe/Berlin",
    "Europe/London",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "America/Havana",
    "America/Santiago",
    "Asia/Jerusalem",
)


@cache
def changes(zone: str, year: int) -> tuple[dt.datetime, ...]:
    """The UTC instants in ``year`` at which ``zone``'s offset changes."""
    tz = ZoneInfo(zone)
    start = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    found: list[dt.datetime] = []
    step = dt.timedelta(hours=6)
    at = start
    while at.year == year:
        after = at + step
        if at.astimezone(tz).utcoffset() != after.astimezone(tz).utcoffset():
            low, high = 0, int(step.total_seconds()) // 60  # bisect, in whole minutes
            before = at.astimezone(tz).utcoffset()
            while high - low > 1:
                mid = (low + high) // 2
                if (at + dt.timedelta(minutes=mid)).astimezone(tz).utcoffset() == before:
                    low = mid
                else:
                    high = mid
            found.append(at + dt.timedelta(minutes=high))
        at = after
    return tuple(found)


@st.composite
def near_a_change(draw: st.DrawFn, zones: tuple[str, ...] = DST_ZONES) -> tuple[str, dt.datetime]:
    """(zone, naive wall time) within three hours of one of the zone's changes."""
    zone = draw(st.sampled_from(zones))
    year = draw(st.integers(2000, 2060))
    found = changes(zone, year)
    if not found:
        year = 2026
        found = changes(zone, year)
    change = draw(st.sampled_from(found))
    wall = change.astimezone(ZoneInfo(zone)).replace(tzinfo=None, fold=0)
    minutes = draw(st.integers(-180, 180))
    return zone, wall + dt.timedelta(minutes=minutes)
