"""``companion reminders``: due and upcoming reminders for scripts and terminals.

Why it marks due reminders as shown: a reminder is shown once per cycle,
whichever of the GUI and the terminal shows it first. ``--peek`` only looks.
Nothing here imports Qt.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from companion.commands.headless import open_headless
from companion.i18n import _

if TYPE_CHECKING:
    pass


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--days", type=int, default=14, help="also list reminders due in the next DAYS days"
    )
    parser.add_argument(
        "--peek", action="store_true", help="list due reminders without marking them as shown"
    )


def run(args: argparse.Namespace) -> int:
    from companion.i18n.formatting import format_datetime
    from companion.services import reminders

    # Marking reminders as shown is a write; --peek only reads.
    ctx = open_headless(args, writes=not args.peek)
    if ctx is None:
        return 1
    try:
        due = reminders.peek_due(ctx) if args.peek else reminders.fire_due(ctx)
        later = reminders.upcoming(ctx, dt.timedelta(days=max(args.days, 0)))
        print(_("Due now:"))
        for notice in due:
            print(f"  ! {notice.text}")
        if not due:
            print("  " + _("nothing"))
        print(_("Upcoming:"))
        for notice in later:
            print(f"  {format_datetime(notice.due.astimezone(), 'short')}  {notice.text}")
        if not later:
            print("  " + _("nothing"))
    finally:
        ctx.close()
    return 0
