"""Headless subcommands. Each lives in its own module, imported only when run.

SPECS maps a subcommand name to (``"module:function"``, help text,
a function that adds the subcommand's arguments to its parser).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

Configure = Callable[[argparse.ArgumentParser], None]


def _configure(module: str) -> Configure:
    """Import a command's module only when its parser is built."""

    def configure(parser: argparse.ArgumentParser) -> None:
        import importlib

        importlib.import_module(module).configure(parser)

    return configure


SPECS: dict[str, tuple[str, str, Configure]] = {
    "reminders": (
        "companion.commands.reminders_cmd:run",
        "print due and upcoming reminders",
        _configure("companion.commands.reminders_cmd"),
    ),
    "export": (
        "companion.commands.export_cmd:run",
        "export data to a file (ics: the expiries as a calendar)",
        _configure("companion.commands.export_cmd"),
    ),
}
