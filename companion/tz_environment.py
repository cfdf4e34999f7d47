"""Importing babel safely whatever the computer's $TZ holds.

Why: babel looks up the local zone once, when ``babel.localtime`` is first
imported, by handing $TZ to ``zoneinfo`` or opening it as a file. It turns
only "not found" into its own fallback; ``TZ=Europe`` (a directory of the
tz database), a 300-character value or ``TZ=/etc/passwd`` escape as
``IsADirectoryError``, ``OSError`` or ``ValueError``, and every command,
including the window, crashed before it showed anything. On such a value
babel is imported once more while $TZ names no zone at all, so it takes
its own fallback, which asks the C library; $TZ is put back at once, so the
computer's clock is read exactly as before.
"""

from __future__ import annotations

import os

#: A value babel reports as "not found" (its fallback), never a path on disk.
_NO_SUCH_ZONE = "Companion/No-such-zone"


def guard_babel_against_tz() -> None:
    """Called as the package loads. For a $TZ babel would choke on, import
    babel's zone probe now, safely; otherwise leave babel unimported (the
    guide starts without it, see guide/built_guide).

    The test repeats babel's own steps cheaply: a $TZ naming something on
    disk is opened as a file, anything else goes to ``ZoneInfo``, and only
    "not found" is harmless. (The zone list would be exact but costs 80 ms
    at every start.) Nothing here keeps the zone or shows it to anyone.
    """
    tz = os.environ.get("TZ", "")
    name = tz[1:] if tz.startswith(":") else tz
    if not name:
        return
    if os.path.exists(name):
        import_babel_localtime()
        return
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except ZoneInfoNotFoundError:
        return
    except (OSError, ValueError):
        import_babel_localtime()


def import_babel_localtime() -> None:
    """Import ``babel.localtime`` so that no value of $TZ can make it raise."""
    try:
        import babel.localtime
    except (OSError, ValueError):
        saved = os.environ.get("TZ")
        os.environ["TZ"] = _NO_SUCH_ZONE
        try:
            import babel.localtime  # noqa: F401
        finally:
            if saved is None:
                del os.environ["TZ"]
            else:
                os.environ["TZ"] = saved
