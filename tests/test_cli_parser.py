"""The command line: a plain launch skips the subcommand parsers, nothing else changes."""

from __future__ import annotations

import pytest

from companion.cli import _may_name_a_command, build_parser


def test_a_gui_launch_parses_without_subcommands() -> None:
    argv = ["--smoke", "--lang", "ru", "--data-dir", "/tmp/x"]
    assert not _may_name_a_command(argv)
    args = build_parser(argv).parse_args(argv)
    assert (args.command, args.smoke, args.lang, args.data_dir) == (None, True, "ru", "/tmp/x")


def test_a_data_folder_named_like_a_command_is_a_folder() -> None:
    argv = ["--data-dir", "reminders"]
    args = build_parser(argv).parse_args(argv)
    assert (args.command, args.data_dir) == (None, "reminders")


def test_a_subcommand_gets_its_own_arguments() -> None:
    argv = ["--data-dir", "/tmp/x", "reminders", "--peek"]
    args = build_parser(argv).parse_args(argv)
    assert args.command == "reminders" and args.peek is True


def test_a_misspelt_command_is_named_with_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser(["exprot"]).parse_args(["exprot"])
    err = capsys.readouterr().err
    assert "invalid choice: 'exprot'" in err and "export" in err


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser(["--help"]).parse_args(["--help"])
    out = capsys.readouterr().out
    for command in ("reminders", "export", "backup", "restore"):
        assert command in out
