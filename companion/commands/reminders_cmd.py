"""``companion reminders``: due and upcoming reminders for scripts, terminals
and the desktop's notification service.

Why it marks due reminders as shown: a reminder is shown once per cycle,
whichever of the window, the terminal and a scheduled ``--notify`` run shows
it first; marking happens in one transaction before anything is shown, so
two of them running at once never show the same one. ``--peek`` only looks.

``--notify`` is what the per-user scheduler runs every 30 minutes while the
app is closed (see companion/desktop/scheduler.py). It checks that a
notification server is there *before* marking anything, so a reminder that
cannot be delivered waits for the window instead of being lost.
Nothing here imports Qt, but the tray balloon on Windows (ui/reminders/tray_balloon).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

from companion.commands.headless import open_headless
from companion.i18n import _


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--days", type=int, default=14, help="also list reminders due in the next DAYS days"
    )
    parser.add_argument(
        "--peek",
        action="store_true",
        help="list (or with --notify, send) due reminders without marking them as shown",
    )
    parser.add_argument(
        "--notify",
        action="store_true",
        help="send due reminders to the desktop's notification service instead of printing",
    )
    parser.add_argument(
        "--watch",
        type=int,
        metavar="MINUTES",
        default=0,
        help="with --notify: keep running and check again every MINUTES minutes",
    )


#: The longest look ahead and the longest pause between checks that are
#: accepted: ten years, one day. Beyond them a date or a sleep overflows.
MAX_DAYS = 3660
MAX_WATCH_MINUTES = 1440


def out_of_range(args: argparse.Namespace) -> str | None:
    """A sentence naming the option whose number is outside what it accepts."""
    for option, value, high in (("--days", args.days, MAX_DAYS),
                                ("--watch", args.watch, MAX_WATCH_MINUTES)):
        if not 0 <= value <= high:
            return _("{option} {value}: give a whole number between {low} and {high}.").format(
                option=option, value=value, low=0, high=high
            )
    return None


def run(args: argparse.Namespace) -> int:
    problem = out_of_range(args)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    if args.notify:
        return _notify_loop(args)
    return _print(args)


def _print(args: argparse.Namespace) -> int:
    from companion.i18n.formatting import format_datetime
    from companion.services import reminders

    # Marking reminders as shown is a write; --peek only reads.
    ctx = open_headless(args, writes=not args.peek)
    if ctx is None:
        return 1
    try:
        due = reminders.peek_due(ctx) if args.peek else reminders.fire_due(ctx)
        later = reminders.upcoming(ctx, dt.timedelta(days=args.days))
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


def _notify_loop(args: argparse.Namespace) -> int:
    code = _notify_once(args)
    while args.watch > 0:
        time.sleep(args.watch * 60)
        code = _notify_once(args)
    return code


def _notify_once(args: argparse.Namespace) -> int:
    """One scheduled check. While the app runs it holds the data folder and
    shows reminders itself, so this run does nothing; otherwise it holds the
    folder only for the check, so a ``--watch`` loop never keeps the app from
    starting."""
    from companion.paths import data_paths
    from companion.services import folder_lock

    root = data_paths(getattr(args, "data_dir", None)).root
    try:
        if not folder_lock.hold(root):
            print(
                _("Travel Card Companion is open on this data folder; "
                  "its window shows the reminders."),
                file=sys.stderr,
            )
            return 0
    except OSError:
        pass  # a folder that cannot be locked: opening it says what is wrong
    try:
        return _deliver(args)
    finally:
        folder_lock.let_go(root)


def _deliver(args: argparse.Namespace) -> int:
    from companion.desktop.dbus_wire import DBusError
    from companion.desktop.platform_notify import Notifier, NotifyFailed, open_notifier
    from companion.services import reminders

    service: Notifier | None
    if sys.platform == "win32":  # see ui/reminders/tray_balloon
        from companion.ui.reminders.tray_balloon import TrayBalloonNotifier

        service = TrayBalloonNotifier()
    else:
        service = open_notifier()
    if service is None:
        print(
            _("No desktop notification service is running; the reminders wait for the app."),
            file=sys.stderr,
        )
        return 0
    # --peek only looks here too: the notifications go out, nothing is marked.
    ctx = open_headless(args, writes=not args.peek)
    if ctx is None:
        service.close()
        return 1
    try:
        for notice in reminders.peek_due(ctx) if args.peek else reminders.fire_due(ctx):
            service.notify(_("Renewal reminder"), notice.text)
    except (DBusError, NotifyFailed) as exc:
        print(_("The desktop's notification service stopped answering: {detail}").format(
            detail=exc), file=sys.stderr)
        return 1
    finally:
        ctx.close()
        service.close()
    return 0
