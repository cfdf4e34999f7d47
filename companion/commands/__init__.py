"""Headless subcommands. Each lives in its own module, imported only when run.

SPECS maps a subcommand name to (``"module:function"``, help text,
a function that adds the subcommand's arguments to its parser).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

Configure = Callable[[argparse.ArgumentParser], None]

def _configure(module: str, name: str = "configure") -> Configure:
    """Import a command's module only when its parser is built."""

    def configure(parser: argparse.ArgumentParser) -> None:
        import importlib

        getattr(importlib.import_module(module), name)(parser)

    return configure


SPECS: dict[str, tuple[str, str, Configure]] = {
    "reminders": (
        "companion.commands.reminders_cmd:run",
        "print due and upcoming reminders",
        _configure("companion.commands.reminders_cmd"),
    ),
    "export": (
        "companion.commands.export:run",
        "export to a file: csv or zip (receipts), ics (expiries as a calendar)",
        _configure("companion.commands.export"),
    ),
    "backup": (
        "companion.commands.backup_restore:run_backup",
        "write everything (data, attachments) to one archive file",
        _configure("companion.commands.backup_restore", "configure_backup"),
    ),
    "restore": (
        "companion.commands.backup_restore:run_restore",
        "replace the data with an archive; the current data is kept as a backup",
        _configure("companion.commands.backup_restore", "configure_restore"),
    ),
}
