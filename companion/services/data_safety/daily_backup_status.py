"""Whether the automatic daily backup is being made, kept across restarts.

Why: a daily backup that failed (a full disk, a backups folder that is
read-only, deleted or a file, an attachment that cannot be read, a busy data
file) used to be written only to the log, so a user could go weeks without a
backup and never know. The failure is kept in the settings (in the data
file, so it survives a restart) as facts (``BackupProblem``), worded only
when shown, in the language chosen then; the next backup that is made
clears it.

Why the date of the last automatic backup is read from the backups folder
and not stored: the line must never claim a backup that is not there, and a
restore brings back the settings of the past but never the backups made
since, so a stored date could be either too old or a backup since deleted.
For the same reason a failure older than the newest daily backup is not
shown: a later backup was made.

Why a memory beside the settings: what stops a backup (a full disk, a busy
file) may stop writing the settings too; the failure is then still shown
for the rest of the session, and the log says it could not be kept.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from companion.services.app_log import log
from companion.services.context import AppContext
from companion.services.data_safety.storage_messages import BackupProblem, backup_problem
from companion.store.backups import BackupFolder

#: The settings key of the last failure (absent or null: none since a backup).
FAILURE_KEY = "safety.daily_backup_failure"
_PLACES = frozenset({"backups", "not_a_folder", "attachment", "data", "log"})

#: Failures (or their clearing, None) that could not be written to the
#: settings, by database file, for the rest of this session.
_unsaved: dict[Path, DailyFailure | None] = {}


@dataclass(frozen=True)
class DailyFailure:
    at: dt.datetime  # aware, UTC
    problem: BackupProblem


@dataclass(frozen=True)
class DailyStatus:
    """What Settings → Data and backups says about the automatic backup."""

    failure: DailyFailure | None  # only when no daily backup was made since
    last_made: dt.datetime | None  # the newest daily backup in the folder (UTC)


def record_failure(ctx: AppContext, exc: BaseException, at: dt.datetime) -> DailyFailure:
    """Keep why the daily backup begun at ``at`` failed; returns what was kept."""
    failure = DailyFailure(at.astimezone(dt.UTC), backup_problem(exc, ctx.paths))
    _keep(ctx, failure)
    return failure


def record_made(ctx: AppContext) -> None:
    """The daily backup was made (or had been made today): no failure to tell."""
    _keep(ctx, None)


def daily_status(ctx: AppContext) -> DailyStatus:
    failure = _kept_failure(ctx)
    last_made = _newest_daily(ctx.paths.backups)
    if failure is not None and last_made is not None and last_made >= failure.at:
        failure = None
    return DailyStatus(failure, last_made)


def _keep(ctx: AppContext, failure: DailyFailure | None) -> None:
    database = ctx.paths.database
    try:
        ctx.settings.set_raw(FAILURE_KEY, None if failure is None else _encode(failure))
    except sqlite3.Error as exc:
        log.warning("the daily backup's state could not be kept in the settings: %r", exc)
        _unsaved[database] = failure
    else:
        _unsaved.pop(database, None)


def _kept_failure(ctx: AppContext) -> DailyFailure | None:
    database = ctx.paths.database
    if database in _unsaved:
        return _unsaved[database]
    try:
        return _decode(ctx.settings.get_raw(FAILURE_KEY))
    except (sqlite3.Error, ValueError) as exc:
        log.warning("the daily backup's state could not be read: %r", exc)
        return None


def _newest_daily(folder: Path) -> dt.datetime | None:
    try:
        entries = BackupFolder(folder).entries()
    except OSError as exc:  # a folder that cannot be listed holds no backup we can show
        log.warning("the backups folder cannot be listed: %r", exc)
        return None
    return next((info.created for info in entries if info.kind == "daily"), None)


def _encode(failure: DailyFailure) -> dict[str, Any]:
    problem = failure.problem
    return {
        "at": failure.at.isoformat(),
        "fault": problem.fault,
        "place": problem.place,
        "path": problem.path,
        "errno": problem.errno,
    }


def _decode(raw: object) -> DailyFailure | None:
    """The kept failure; None for none, or for a value this version did not write."""
    if not isinstance(raw, dict):
        return None
    at, fault, place, path, code = (
        raw.get(key) for key in ("at", "fault", "place", "path", "errno")
    )
    if not (isinstance(at, str) and isinstance(fault, str) and isinstance(path, str)):
        return None
    if place not in _PLACES or not (code is None or type(code) is int):
        return None
    try:
        when = dt.datetime.fromisoformat(at)
    except ValueError:
        return None
    if when.tzinfo is None:
        return None
    return DailyFailure(when.astimezone(dt.UTC), BackupProblem(fault, str(place), path, code))
