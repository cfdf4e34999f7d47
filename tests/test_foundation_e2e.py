"""The real program, started as a user (or the packaging test) starts it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from process_helpers import run_python

from companion import __version__
from companion.store.migrations import LATEST_VERSION
from companion.ui.qt_runtime.qt_check import display_problem, package_for_import_error, xcb_problem


def _run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return run_python("-m", "companion", *args, timeout=timeout)


def _newer_database(data: Path) -> Path:
    """A data folder whose database says a newer version wrote it."""
    data.mkdir()
    db = sqlite3.connect(data / "companion.sqlite3")
    db.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    db.commit()
    db.close()
    return data


def _damaged_database(data: Path) -> tuple[Path, bytes]:
    """A real first start, then the second page (a table's b-tree) overwritten."""
    assert _run("--smoke", "--data-dir", str(data)).returncode == 0
    database = data / "companion.sqlite3"
    raw = bytearray(database.read_bytes())
    raw[4096:8192] = b"\xee" * 4096
    database.write_bytes(bytes(raw))
    return database, bytes(raw)


@pytest.mark.slow
def test_smoke_prints_one_json_line(tmp_path: Path) -> None:
    result = _run("--smoke", "--data-dir", str(tmp_path / "d"))
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1
    report = json.loads(lines[0])
    assert report["window"] == "shown"
    assert report["startup_ms"] > 0
    assert report["sections"] == ["Guide", "Cards", "Receipts", "Settings"]
    assert (tmp_path / "d" / "companion.sqlite3").is_file()


@pytest.mark.slow
def test_smoke_in_russian(tmp_path: Path) -> None:
    result = _run("--smoke", "--lang", "ru", "--data-dir", str(tmp_path / "d"))
    assert json.loads(result.stdout)["sections"] == ["Справочник", "Карты", "Чеки", "Настройки"]


def test_version_flag() -> None:
    result = _run("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


@pytest.mark.slow
def test_newer_database_gives_a_clear_message(tmp_path: Path) -> None:
    data = _newer_database(tmp_path / "d")
    result = _run("--smoke", "--data-dir", str(data))
    assert result.returncode == 1
    assert "newer version" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_xcb_cursor_library_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes

    asked: list[str] = []

    def load(name: str) -> object:
        asked.append(name)
        if name == "libxcb-cursor.so.0":
            raise OSError(f"{name}: cannot open shared object file")
        return object()

    monkeypatch.setattr(ctypes, "CDLL", load)
    monkeypatch.setattr(sys, "platform", "linux")
    message = xcb_problem({"DISPLAY": ":0"})
    assert message is not None
    assert "libxcb-cursor0" in message and "libxkbcommon-x11-0" not in message
    assert "libX11-xcb.so.1" in asked
    asked.clear()
    assert xcb_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert xcb_problem({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}) is None
    assert asked == []


def test_import_error_for_a_library_maps_to_its_package() -> None:
    error = ImportError("libEGL.so.1: cannot open shared object file: No such file or directory")
    assert package_for_import_error(error) == "libegl1"
    assert package_for_import_error(ImportError("No module named x")) is None


@pytest.mark.slow
@pytest.mark.parametrize("command", [["reminders"], ["export", "csv", "out.csv"],
                                     ["export", "ics", "out.ics"], ["backup", "out.zip"]])
def test_headless_commands_explain_an_unreadable_database(
    tmp_path: Path, command: list[str]
) -> None:
    data = _newer_database(tmp_path / "d")
    args = [a if not a.startswith("out.") else str(tmp_path / a) for a in command]
    result = _run("--data-dir", str(data), *args)
    assert result.returncode == 1
    assert "written by a newer version of Travel Card Companion" in result.stderr
    assert "Traceback" not in result.stderr
    assert not any(tmp_path.glob("out.*"))


@pytest.mark.slow
def test_a_damaged_database_stops_the_start_and_is_left_alone(tmp_path: Path) -> None:
    """The start-up check runs on a thread; its answer must still stop the
    window from opening on a damaged file, and the file must stay as it was."""
    data = tmp_path / "d"
    database, raw = _damaged_database(data)
    result = _run("--smoke", "--data-dir", str(data))
    assert result.returncode == 1
    assert '"window"' not in result.stdout
    assert "damaged" in result.stderr
    assert database.read_bytes() == raw


@pytest.mark.slow
def test_damage_the_start_up_check_misses_is_reported_not_a_traceback(tmp_path: Path) -> None:
    data = tmp_path / "d"
    database, raw = _damaged_database(data)
    script = (
        "import sys\n"
        "from companion.services.data_safety import startup_check\n"
        "startup_check.DatabaseCheck.result = lambda self: None  # as if quick_check missed it\n"
        "from companion.cli import main\n"
        f"sys.exit(main(['--smoke', '--data-dir', {str(data)!r}]))\n"
    )
    result = run_python("-c", script)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    # The recovery question quick_check's damage gets (in --smoke, on stderr).
    assert "Your data file is damaged" in result.stderr
    assert database.read_bytes() == raw


def test_only_a_damaged_file_is_called_damaged(tmp_path: Path) -> None:
    from companion.ui.shell.startup_errors import startup_error_text

    where = Path("/data/companion.sqlite3")
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database" * 300)
    try:
        sqlite3.connect(garbage).execute("PRAGMA user_version").fetchone()
    except sqlite3.DatabaseError as exc:
        assert "damaged" in startup_error_text(exc, where)
    holder = sqlite3.connect(tmp_path / "x.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        sqlite3.connect(tmp_path / "x.sqlite3", timeout=0).execute("PRAGMA user_version")
    except sqlite3.OperationalError as exc:
        assert "database is locked" in str(exc)
        assert "damaged" not in startup_error_text(exc, where)
    # Words alone (no SQLite code) are not taken for damage either.
    assert "damaged" not in startup_error_text(
        sqlite3.DatabaseError("database disk image is malformed"), where
    )


def test_no_display_is_named_instead_of_qt_aborting(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = run_python("-m", "companion", "--lang", "ru", "--data-dir", str(tmp_path / "d"), env=env)
    assert result.returncode == 2
    assert "DISPLAY" in result.stderr and "companion --help" in result.stderr
    assert "Travel Card Companion" in result.stderr and "рабоч" in result.stderr
    assert "qt.qpa" not in result.stderr  # Qt was never asked


@pytest.mark.parametrize(
    ("environ", "problem"),
    [
        ({}, True),
        ({"DISPLAY": ":0"}, False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, False),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
    ],
)
def test_display_problem(
    monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], problem: bool
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    assert (display_problem(environ) is not None) == problem
    monkeypatch.setattr(sys, "platform", "win32")
    assert display_problem(environ) is None
