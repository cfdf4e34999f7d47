"""Which rolling backups to keep: the last 7 days and 4 weeks before them.

Why a pure rule: rotation deletes files holding proof of payment, so the rule
is tested on its own, with any set of dates, before any file is removed.

Why each kind is counted apart: a backup the user asked for ("Back up now")
must never push out the automatic one of the same day, nor another manual
one of the same day. Daily backups keep the newest of each day; manual ones
keep every copy of their recent days. In both, a backup goes only when a
newer one of the same kind is kept.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TypeVar

K = TypeVar("K")

KEEP_DAILY = 7
KEEP_WEEKLY = 4


#: Kinds that roll by the rule below; others have rules of their own.
ROLLING_KINDS: frozenset[str] = frozenset({"daily", "manual"})
#: Kinds whose every copy of a kept day is kept (the user made each one).
EVERY_COPY_KINDS: frozenset[str] = frozenset({"manual"})


def rolling_to_keep(
    backups: Iterable[tuple[K, dt.datetime, str]],
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
) -> set[K]:
    """Keys of ``(key, created, kind)`` rolling backups to keep, each kind
    counted apart (see the module docstring)."""
    by_kind: dict[str, list[tuple[K, dt.datetime]]] = defaultdict(list)
    for key, when, kind in backups:
        by_kind[kind].append((key, when))
    keep: set[K] = set()
    for kind, items in by_kind.items():
        keep |= backups_to_keep(items, daily, weekly, every_copy=kind in EVERY_COPY_KINDS)
    return keep


def backups_to_keep(
    backups: Iterable[tuple[K, dt.datetime]],
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
    every_copy: bool = False,
) -> set[K]:
    """Keys to keep: the newest backup of each of the ``daily`` most recent days
    (every backup of those days with ``every_copy``), then the newest of each
    of the ``weekly`` most recent ISO weeks older than those days. Everything
    else may be deleted."""
    ordered: Sequence[tuple[K, dt.datetime]] = sorted(
        backups, key=lambda item: item[1], reverse=True
    )
    keep: set[K] = set()
    days_seen: set[dt.date] = set()
    oldest_day: dt.date | None = None
    for key, when in ordered:
        day = when.astimezone(dt.UTC).date()
        if day in days_seen:
            if every_copy:
                keep.add(key)
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
