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
