"""``companion export csv|zip|ics PATH``: receipts or expiries, without a window.

Why headless: a user can back up their log from a script or a cron job; this
module imports no Qt.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from companion.i18n import _, ngettext
from companion.i18n.formatting import format_number


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "format",
        choices=["csv", "zip", "ics"],
        help="csv: the receipt log; zip: CSV plus attachments; ics: expiries as a calendar",
    )
    parser.add_argument("path", metavar="PATH", help="file to write")
    parser.add_argument(
        "--excel",
        action="store_true",
        help="Excel-friendly CSV: UTF-8 byte-order mark and ';' between fields",
    )
    parser.add_argument(
        "--include-activation-codes",
        action="store_true",
        help="ics: also write eSIM activation codes into the file (left out by default)",
    )


def run(args: argparse.Namespace) -> int:
    if args.format == "ics":
        from companion.commands.export_ics import run as run_ics

        return run_ics(args)
    from companion.commands.headless import open_headless
    from companion.services.receipts_io.log_export import export_log

    ctx = open_headless(args)
    if ctx is None:
        return 1
    paths = ctx.paths
    target = Path(args.path).expanduser()
    try:
        result = export_log(
            ctx.conn, paths.attachments, target, args.format == "zip", excel=args.excel
        )
        count = result.receipts
        for name in result.missing:
            print(
                _("Attachment missing, not in the zip: {name}").format(name=name),
                file=sys.stderr,
            )
    except OSError as exc:
        from companion.services.data_safety.storage_messages import file_write_failure

        print(
            _("Cannot write {path}: {detail}").format(path=target, detail=file_write_failure(exc)),
            file=sys.stderr,
        )
        return 1
    finally:
        ctx.close()
    print(
        ngettext("Exported {n} receipt to {path}", "Exported {n} receipts to {path}", count).format(
            n=format_number(count), path=target
        )
    )
    return 0
