"""Crash reports: faulthandler writes Python's stacks when the process dies
on a fatal signal, and the next start offers the report.

Why a file kept open for the whole run: faulthandler cannot open a file while
the process is crashing, so the file is opened first and deleted at a clean
exit; finding it non-empty at the next start means the last run crashed.
"""

from __future__ import annotations

import datetime as dt
import faulthandler
from pathlib import Path
from typing import IO

_RUNNING = "running.log"


def harvest(crash_dir: Path, now: dt.datetime) -> Path | None:
    """Turn the last run's trace (if it crashed) into a dated report."""
    running = crash_dir / _RUNNING
    if not running.exists():
        return None
    if running.stat().st_size == 0:
        running.unlink()
        return None
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    report = crash_dir / f"crash-{stamp}.txt"
    running.replace(report)
    return report


def enable(crash_dir: Path) -> IO[str] | None:
    """Start writing fatal-error stacks; None if the folder cannot be written."""
    try:
        crash_dir.mkdir(parents=True, exist_ok=True)
        handle = (crash_dir / _RUNNING).open("w", encoding="utf-8")
    except OSError:
        return None
    faulthandler.enable(handle, all_threads=True)
    return handle


def disable(handle: IO[str] | None, crash_dir: Path) -> None:
    """Clean exit: stop and remove the empty trace file."""
    if handle is None:
        return
    faulthandler.disable()
    handle.close()
    running = crash_dir / _RUNNING
    if running.exists() and running.stat().st_size == 0:
        running.unlink()
