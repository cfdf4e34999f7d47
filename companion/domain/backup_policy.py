"""Which rolling backups to keep: the last 7 days and 4 weeks before them.

Why a pure rule: rotation deletes files holding proof of payment, so the rule
is tested on its own, with any set of dates, before any file is removed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TypeVar

K = TypeVar("K")

KEEP_DAILY = 7
KEEP_WEEKLY = 4


def backups_to_keep(
    backups: Iterable[tuple[K, dt.datetime]],
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
) -> set[K]:
    """Keys to keep: the newest backup of each of the ``daily`` most recent days,
    then the newest of each of the ``weekly`` most recent ISO weeks older than
    those days. Everything else may be deleted."""
    ordered: Sequence[tuple[K, dt.datetime]] = sorted(
        backups, key=lambda item: item[1], reverse=True
    )
    keep: set[K] = set()
    days_seen: set[dt.date] = set()
    oldest_day: dt.date | None = None
    for key, when in ordered:
        day = when.astimezone(dt.UTC).date()
        if day in days_seen:
            continue
        if len(days_seen) >= daily:
            break
        days_seen.add(day)
        keep.add(key)
        oldest_day = day
    weeks_seen: set[tuple[int, int]] = set()
    for key, when in ordered:
        day = when.astimezone(dt.UTC).date()
        if oldest_day is not None and day >= oldest_day:
            continue  # that day already has its daily backup
        iso = day.isocalendar()
        week = (iso.year, iso.week)
        if week in weeks_seen:
            continue
        if len(weeks_seen) >= weekly:
            break
        weeks_seen.add(week)
        keep.add(key)
    return keep
