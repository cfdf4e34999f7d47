"""Command line: GUI launch flags and the headless subcommands.

Why the lazy imports: ``companion reminders`` or ``companion export`` must
start fast and work on a machine without a display, so nothing here imports
Qt; only the GUI path does, and only after the arguments are parsed.
"""

from __future__ import annotations

import time

_STARTED = time.perf_counter()

import argparse  # noqa: E402
import gc  # noqa: E402
import importlib  # noqa: E402
import sys  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from typing import NoReturn  # noqa: E402

from companion import __version__  # noqa: E402
from companion.commands import Configure  # noqa: E402

#: subcommand -> "module:function" taking the parsed args and returning an exit code.
SUBCOMMANDS: dict[str, str] = {}


def started_at() -> float:
    """perf_counter() reading taken when the CLI module was first imported."""
    return _STARTED


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser; subcommands are added only when the arguments may name one.

    A plain GUI launch names none, and each subcommand's parser costs start-up
    time (argparse looks up its own translations for every one, about 2 ms
    in all). Configuring a subcommand's arguments imports its module, so that
    is done only for the one named.
    """
    from companion.i18n import LANGUAGES

    parser = argparse.ArgumentParser(
        prog="companion",
        description="Travel Card Companion: offline guide, renewal reminders and receipt log.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir", metavar="PATH", help="keep every file the app writes in PATH"
    )
    parser.add_argument(
        "--lang", choices=LANGUAGES, help="language for this run (overrides the saved choice)"
    )
    parser.add_argument(
        "--minimized", action="store_true", help="start in the system tray, where there is one"
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="start, paint the main window, print one JSON line and exit",
    )
    parser.set_defaults(command=None)
    if not _may_name_a_command(argv):
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    specs = _subcommand_specs()
    wanted = set(argv) & (set(specs) | {"-h", "--help"})
    for name, (target, helptext, configure) in specs.items():
        sp = sub.add_parser(name, help=helptext)
        if wanted:
            configure(sp)
        SUBCOMMANDS[name] = target
    return parser


#: Options whose value is the next argument; that value is not a command.
_VALUE_OPTIONS = frozenset({"--data-dir", "--lang"})


def _may_name_a_command(argv: Sequence[str]) -> bool:
    """True for help, and for any word that is not an option or its value:
    it may be a command, or a misspelt one argparse should name as such."""
    takes_value = False
    for token in argv:
        if takes_value:
            takes_value = False
        elif token in ("-h", "--help") or not token.startswith("-"):
            return True
        else:
            takes_value = token in _VALUE_OPTIONS
    return False


def _subcommand_specs() -> dict[str, tuple[str, str, Configure]]:
    # Filled in by the features; see companion/commands/.
    from companion.commands import SPECS

    return SPECS


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(arguments)
    args = parser.parse_args(arguments)
    if args.command:
        module_name, func_name = SUBCOMMANDS[args.command].split(":")
        func = getattr(importlib.import_module(module_name), func_name)
        from companion.commands.failures import run_guarded

        return run_guarded(func, args)
    # The window: the automatic garbage collector is off from here. The
    # window's own collector runs it on the GUI thread once the event loop
    # turns (ui/qt_runtime/gc_guard); before that its passes over the objects
    # every import makes cost 15 ms of the start (measured for issue 22) and
    # find next to nothing, since modules and classes live as long as the
    # program. It is put back as it was when the window is gone.
    collecting = gc.isenabled()
    gc.disable()
    try:
        from companion.checkout_build import refresh

        refresh()
        from companion.ui.shell.app import run_gui

        return run_gui(args, started_at())
    finally:
        if collecting:
            gc.enable()


def run() -> NoReturn:
    """The program's entry point: the installed commands, ``python -m
    companion`` and the bundle. Every path leaves through ``SystemExit``.

    Why a normal exit after the GUI too: the interpreter's teardown runs the
    atexit handlers (``logging.shutdown`` flushes and closes the log) and
    lets Python and Qt delete their objects in their own order. The GUI used
    to leave with ``os._exit`` to skip that teardown (30 ms on a quiet
    machine) and the exit crashes PySide apps are known for. Measured for
    issue 22 with PySide6 6.12 on Python 3.11 under Xvfb: 20 ``--smoke`` runs
    and 20 real sessions (welcome dialog, every section visited, window
    closed) all exited with 0 and no fault, so nothing justifies skipping it.
    The database, the log and the crash file are still closed and the scratch
    folders removed by ``run_gui`` before this returns, and it freezes the
    collector's objects so that the teardown's collections skip them: that
    kept the exit at 67 ms after the last frame against 45 ms with
    ``os._exit`` (255 ms without the freeze), and the start-up benchmark's
    ratio at 1.59 against 1.60 on the same busy machine.
    """
    raise SystemExit(main())


if __name__ == "__main__":
    run()
