"""Running a headless subcommand so that a failure is one sentence, not a traceback.

Why around every command, in one place: a damaged database, a full disk or
a read-only folder can surface in any command at any statement, not only
when the data is opened. Each is told in the user's language with what to
do, the same words the window uses (``services/storage_messages``), and the
exit code is non-zero. A bug is told as a bug: its traceback goes to the log
file, whose path is printed for the report.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

#: Exit codes: a storage problem the user can fix, and a bug (EX_SOFTWARE).
STORAGE_FAILED = 1
BUG = 70


def run_guarded(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    from companion.i18n import set_language, system_language

    set_language(getattr(args, "lang", None) or system_language())
    try:
        return int(func(args))
    except Exception as exc:  # every failure becomes a sentence; see the module doc
        return report(exc, args)


def report(exc: BaseException, args: argparse.Namespace) -> int:
    """Tell the user about ``exc`` on stderr; the exit code for it."""
    from companion.paths import data_paths
    from companion.services.data_safety.storage_messages import Fault, fault_of, storage_message

    paths = data_paths(getattr(args, "data_dir", None))
    fault = fault_of(exc, paths.root)
    try:
        log_path = _log(exc, paths.log_dir)
    except OSError:  # the log is on the same full or failing disk
        log_path = None
    print(storage_message(exc, paths.database, log_path), file=sys.stderr)
    return BUG if fault is Fault.BUG else STORAGE_FAILED


def _log(exc: BaseException, log_dir: Path) -> Path | None:
    """Write the traceback to the app's log; its path, or None if it cannot be written."""
    from companion.services.app_log import close_logging, log, setup_logging

    path = setup_logging(log_dir)
    if path is None:
        close_logging()  # its fallback is stderr: no traceback on the user's screen
        return None
    failed: list[object] = []
    for handler in log.handlers:
        # A full disk fails the log too; logging would print that on stderr.
        handler.handleError = failed.append  # type: ignore[method-assign,assignment]
    log.error(
        "command failed:\n%s",
        "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
    )
    close_logging()
    return None if failed else path
