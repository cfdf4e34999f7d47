"""``companion export ics PATH``: the expiries as a calendar, without Qt.

The ``export`` subcommand's arguments live in ``commands/export.py``; it hands
the ics format to ``run`` here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from companion.i18n import _
from companion.i18n.os_errors import os_error_text


def run(args: argparse.Namespace) -> int:
    from companion.commands.headless import open_headless
    from companion.services.ics import export_calendar, written_message

    ctx = open_headless(args)
    if ctx is None:
        return 1
    try:
        path = Path(args.path).expanduser()
        try:
            counts = export_calendar(ctx, path, args.include_activation_codes)
        except OSError as exc:
            print(
                _("Could not write {path}: {reason}").format(path=path, reason=os_error_text(exc)),
                file=sys.stderr,
            )
            return 1
        print(written_message(counts, str(path)))
    finally:
        ctx.close()
    return 0
