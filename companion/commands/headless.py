"""Opening the user's data for a headless subcommand, without Qt.

One place, so every subcommand uses the folder and language the GUI would,
and a database that cannot be opened (damaged, newer version, unwritable
folder) gives one translated sentence instead of a traceback.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from companion.i18n import _, set_language, system_language

if TYPE_CHECKING:
    from companion.paths import DataPaths
    from companion.services.context import AppContext


def open_headless(args: argparse.Namespace, writes: bool = False) -> AppContext | None:
    """The open data, or None after telling the user on stderr why not.

    A command that ``writes`` refuses while another process (the window, or
    another command) holds the data folder's lock; one that only reads goes
    on beside it, as SQLite's WAL mode allows.
    """
    from companion.commands.failures import report
    from companion.paths import data_paths
    from companion.services import folder_lock
    from companion.services.context import open_context

    set_language(getattr(args, "lang", None) or system_language())
    paths = data_paths(getattr(args, "data_dir", None))
    try:
        owner = folder_lock.hold(paths.root)
    except OSError:
        owner = True  # nobody can lock this folder; opening it says what is wrong
    if not owner and writes:
        print(
            _(
                "Travel Card Companion is using this data folder right now (its window or "
                "another command), so nothing was changed. Close it or wait for it to "
                "finish, then try again.\n\nFolder: {path}"
            ).format(path=paths.root),
            file=sys.stderr,
        )
        return None
    try:
        if owner and folder_lock.holds(paths.root):
            _prepare(paths)
        ctx = open_context(paths)
    except Exception as exc:  # told in one sentence; a bug goes to the log
        report(exc, args)
        return None
    saved = ctx.settings.load().language
    if saved and not getattr(args, "lang", None):
        set_language(saved)
    return ctx


def _prepare(paths: DataPaths) -> None:
    """The lock holder's duties before opening (services/data_folder); a
    journal set aside is told on stderr, and the command goes on."""
    from companion.services import data_folder
    from companion.services.context import system_clock

    prepared = data_folder.prepare(paths, system_clock())
    if prepared.wal_set_aside is not None or prepared.removed:
        from companion.services.app_log import close_logging, setup_logging

        if setup_logging(paths.log_dir) is not None:
            prepared.log()
        close_logging()
    if prepared.wal_set_aside is not None:
        print(data_folder.wal_set_aside_text(prepared.wal_set_aside), file=sys.stderr)
