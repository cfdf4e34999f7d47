"""Opening the user's data for a headless subcommand, without Qt.

One place, so every subcommand uses the folder and language the GUI would,
and a database that cannot be opened (damaged, newer version, unwritable
folder) gives one translated sentence instead of a traceback.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from companion.i18n import set_language, system_language

if TYPE_CHECKING:
    from companion.services.context import AppContext


def open_headless(args: argparse.Namespace) -> AppContext | None:
    """The open data, or None after telling the user on stderr why not."""
    from companion.commands.failures import report
    from companion.paths import data_paths
    from companion.services.context import open_context

    set_language(getattr(args, "lang", None) or system_language())
    try:
        ctx = open_context(data_paths(getattr(args, "data_dir", None)))
    except Exception as exc:  # told in one sentence; a bug goes to the log
        report(exc, args)
        return None
    saved = ctx.settings.load().language
    if saved and not getattr(args, "lang", None):
        set_language(saved)
    return ctx
