"""The computer's own time zone as an IANA name.

Why not ``time.tzname``: it gives "MSK" or "CET", which ``zoneinfo`` cannot
use; an expiry must be stored with a real IANA zone so it never moves.
"""

from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import available_timezones

from companion.domain.zone_names import has_reversed_sign, is_known_zone


def _valid(name: str) -> bool:
    # A list lookup: $TZ or /etc/timezone may hold "Europe", which ZoneInfo()
    # would open as a directory.
    return is_known_zone(name)


def system_zone() -> str:
    """Best guess of the computer's zone: $TZ, /etc/timezone, /etc/localtime, else UTC."""
    env = os.environ.get("TZ", "").lstrip(":")
    if env and _valid(env):
        return env
    try:
        text = Path("/etc/timezone").read_text(encoding="utf-8").strip()
        if text and _valid(text):
            return text
    except OSError:
        pass
    try:
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            name = target.split("zoneinfo/", 1)[1]
            if _valid(name):
                return name
    except OSError:
        pass
    return _windows_or_utc()


def _windows_or_utc() -> str:
    try:
        import tzlocal  # type: ignore[import-not-found]  # optional, rarely present

        return str(tzlocal.get_localzone_name())
    except Exception:
        return "UTC"


def all_zones() -> list[str]:
    """The zones a form offers: no ``Etc/GMT+3`` (it is UTC−3, see zone_names)."""
    return sorted(
        z for z in available_timezones()
        if ("/" in z or z == "UTC") and not has_reversed_sign(z)
    )
