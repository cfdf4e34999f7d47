"""Checking a time-zone name a person typed or a file supplied.

Why a list lookup and not ``ZoneInfo(text)``: ``ZoneInfo`` treats its
argument as a path under the tz database, so "Europe" raises
``IsADirectoryError``, a 300-character name ``OSError`` and "../x" a
``ValueError``. Text from a field or a CSV cell must never reach the file
system; it is compared with the names the tz database offers first.
"""

from __future__ import annotations

import re
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

#: Longest IANA name today is about 30 characters; anything far longer is not a zone.
_MAX_LEN = 64


#: ``Etc/GMT+3`` is UTC−3: POSIX reverses the sign in these names.
_REVERSED = re.compile(r"Etc/GMT([+-])(\d{1,2})")


@cache
def known_zones() -> frozenset[str]:
    """Every name the tz database offers, read once per process."""
    return frozenset(available_timezones())


def is_known_zone(name: str) -> bool:
    """True only for an exact IANA name such as "Europe/Moscow" or "UTC"."""
    return 0 < len(name) <= _MAX_LEN and name in known_zones()


def zone_or_none(name: str) -> ZoneInfo | None:
    """The zone for an exact, known name; None for anything else, never an error."""
    if not is_known_zone(name):
        return None
    try:
        return ZoneInfo(name)
    except (OSError, ValueError):
        return None


def has_reversed_sign(name: str) -> bool:
    """True for ``Etc/GMT+N`` / ``Etc/GMT-N`` (N > 0), whose sign is the opposite
    of what it seems: a traveller reading "GMT+3" for Moscow would get UTC−3."""
    match = _REVERSED.fullmatch(name)
    return match is not None and int(match.group(2)) > 0


def reversed_offset_hours(name: str) -> int:
    """The real offset from UTC in hours of a ``has_reversed_sign`` name (Etc/GMT+3 → -3)."""
    match = _REVERSED.fullmatch(name)
    if match is None:
        return 0
    hours = int(match.group(2))
    return -hours if match.group(1) == "+" else hours
