"""Headless subcommands. Each lives in its own module, imported only when run.

SPECS maps a subcommand name to (``"module:function"``, help text,
a function that adds the subcommand's arguments to its parser).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

Configure = Callable[[argparse.ArgumentParser], None]



def _configure_export(parser: argparse.ArgumentParser) -> None:
    from companion.commands.export import configure

    configure(parser)


SPECS: dict[str, tuple[str, str, Configure]] = {
    "export": (
        "companion.commands.export:run",
        "export the receipt log: companion export csv PATH",
        _configure_export,
    ),
}
