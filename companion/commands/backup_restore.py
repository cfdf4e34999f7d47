"""``companion backup PATH`` and ``companion restore PATH``: the archive, headless.

Why ``restore`` hands the file over when the app is running: the window is
the one writer of the database, so the running app is asked to import it
(and asks the user to confirm) instead of a second process writing under it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from companion.i18n import _, set_language, system_language
from companion.i18n.counts import attachments_count, cards_count, receipts_count
from companion.i18n.os_errors import os_error_text
from companion.paths import data_paths


def configure_backup(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path", metavar="PATH", help="archive file to write (or a folder to write it in)"
    )


def configure_restore(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="archive written by 'companion backup'")


def run_backup(args: argparse.Namespace) -> int:
    from companion.commands.headless import open_headless
    from companion.services.data_safety.archive import archive_name, export_archive
    from companion.services.data_safety.integrity import require_sound

    ctx = open_headless(args)
    if ctx is None:
        return 1
    paths = ctx.paths
    target = Path(args.path).expanduser()
    if target.is_dir():
        target = target / archive_name(ctx.now())
    try:
        require_sound(ctx.conn)  # a damaged file is told as such, not archived
        manifest = export_archive(ctx.conn, paths, target, ctx.now())
    except OSError as exc:
        print(
            _("Could not write the archive {path}: {detail}").format(
                path=target, detail=os_error_text(exc)
            ),
            file=sys.stderr,
        )
        return 1
    finally:
        ctx.close()
    print(
        _("Saved {cards}, {receipts} and {files} to {path}").format(
            cards=cards_count(manifest.cards),
            receipts=receipts_count(manifest.receipts),
            files=attachments_count(len(manifest.files) - 1),
            path=target.resolve(),
        )
    )
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from companion.commands.headless import open_headless
    from companion.services import instance_link
    from companion.services.data_safety.archive import import_archive, inspect_archive
    from companion.services.data_safety.archive_checks import ArchiveRejected
    from companion.services.data_safety.backup_list import BackupError
    from companion.services.data_safety.storage_messages import DISK_FAULTS, fault_of

    set_language(getattr(args, "lang", None) or system_language())
    paths = data_paths(args.data_dir)
    source = Path(args.path).expanduser().resolve()
    try:
        inspect_archive(paths, source)
    except ArchiveRejected as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except OSError as exc:
        print(_("The import failed: {detail}").format(detail=os_error_text(exc)), file=sys.stderr)
        return 1
    if instance_link.send(paths.root, {"command": "import", "path": str(source)}):
        print(_("Travel Card Companion is running; confirm the import in its window."))
        return 0
    ctx = open_headless(args, writes=True)
    if ctx is None:
        return 1
    try:
        result = import_archive(ctx.conn, paths, source, ctx.now())
    except ArchiveRejected as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except BackupError as exc:
        if fault_of(exc) in DISK_FAULTS:
            raise  # the user's disk, told by commands/failures
        # Otherwise the archive's database, not the user's, is at fault.
        print(_("The import failed: {detail}").format(detail=exc), file=sys.stderr)
        return 2
    finally:
        ctx.close()
    print(
        _(
            "Restored {cards} and {receipts}. Your previous data was kept as a backup: {path}"
        ).format(
            cards=cards_count(result.cards),
            receipts=receipts_count(result.receipts),
            path=result.undo.path,
        )
    )
    return 0
