"""Headless subcommands. Each lives in its own module, imported only when run.

SPECS maps a subcommand name to (``"module:function"``, help text,
a function that adds the subcommand's arguments to its parser).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

Configure = Callable[[argparse.ArgumentParser], None]

SPECS: dict[str, tuple[str, str, Configure]] = {}


def _configure_export(parser: argparse.ArgumentParser) -> None:
    from companion.commands.export import configure

    configure(parser)


def _register() -> None:
    from companion.commands.data_cmds import configure_backup, configure_restore

    SPECS["export"] = (
        "companion.commands.export:run",
        "export the receipt log: companion export csv PATH",
        _configure_export,
    )
    SPECS["backup"] = (
        "companion.commands.data_cmds:run_backup",
        "write everything (data, attachments) to one archive file",
        configure_backup,
    )
    SPECS["restore"] = (
        "companion.commands.data_cmds:run_restore",
        "replace the data with an archive; the current data is kept as a backup",
        configure_restore,
    )


_register()
