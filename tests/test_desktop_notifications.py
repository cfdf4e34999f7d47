"""Reminders reach the desktop's own notification server (a real one: dunst)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from notification_server import NotificationServer, missing, notification_server
from process_helpers import run_python

from companion.desktop import dbus_wire
from companion.desktop.dbus_wire import Variant, decode, encode, session_bus_path
from companion.desktop.freedesktop_notify import DesktopNotifications, escape_body


# ----- the wire format ---------------------------------------------------------------
@given(
    st.text(max_size=40), st.integers(0, 2**32 - 1), st.lists(st.text(max_size=8), max_size=6),
    st.integers(-(2**31), 2**31 - 1),
)
def test_a_notify_call_reads_back_as_written(
    text: str, unsigned: int, words: list[str], signed: int
) -> None:
    args = ("app", unsigned, "icon", text, text[::-1], words, {"k": Variant("s", text)}, signed)
    message = decode(encode(dbus_wire.METHOD_CALL, 7, {1: "/p", 3: "Notify"}, "susssasa{sv}i", args))
    assert message.serial == 7 and message.member == "Notify"
    assert message.body == ("app", unsigned, "icon", text, text[::-1], words, {"k": text}, signed)


def test_bus_addresses_are_read_like_libdbus_does() -> None:
    assert session_bus_path("unix:path=/run/user/1000/bus") == "/run/user/1000/bus"
    assert session_bus_path("unix:abstract=/tmp/dbus-x,guid=ab") == "\0/tmp/dbus-x"
    assert session_bus_path("tcp:host=x;unix:path=/tmp/a%20b") == "/tmp/a b"
    assert session_bus_path("tcp:host=localhost,port=1") is None


def test_markup_is_escaped_so_user_text_shows_as_typed() -> None:
    assert escape_body("<b>MTS</b> & <img src=http://x/y.png>") == (
        "&lt;b&gt;MTS&lt;/b&gt; &amp; &lt;img src=http://x/y.png&gt;"
    )


def test_no_bus_means_no_service_not_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    assert DesktopNotifications.open(timeout=0.5) is None


# ----- against a real server ------------------------------------------------------------
@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[NotificationServer]:
    if missing():
        pytest.skip("needs " + ", ".join(missing()) + " (apt install dbus dunst xvfb)")
    with notification_server(tmp_path) as running:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", running.env["DBUS_SESSION_BUS_ADDRESS"])
        yield running


def test_a_notification_reaches_the_server_as_plain_text(server: NotificationServer) -> None:
    service = DesktopNotifications.open()
    assert service is not None
    assert "actions" in service.capabilities
    sent = service.notify(
        "MTS <b>SIM</b>", "expires <img src=http://x/y.png> & soon",
        actions=(("open", "Open"), ("snooze", "Snooze 1 hour")),
    )
    service.close()
    assert sent.with_actions
    [arrived] = server.arrived()
    assert arrived["appname"] == "Travel Card Companion"
    assert arrived["summary"] == "MTS <b>SIM</b>"
    # dunst with markup on shows this as the literal text typed.
    assert arrived["body"] == "expires &lt;img src=http://x/y.png&gt; &amp; soon"


def _due_card(data_dir: Path, label: str) -> None:
    """A card whose 1-day reminder is due now, saved as the app saves it."""
    from companion.domain.card import Card
    from companion.domain.expiry import Expiry
    from companion.paths import data_paths
    from companion.services import cards as cards_service
    from companion.services.context import open_context

    moscow_now = dt.datetime.now(dt.UTC) + dt.timedelta(hours=3)
    expiry = (moscow_now + dt.timedelta(hours=20)).replace(tzinfo=None, second=0, microsecond=0)
    ctx = open_context(data_paths(data_dir))
    try:
        cards_service.save_card(ctx, Card(label, expiry=Expiry(expiry, "Europe/Moscow")))
    finally:
        ctx.close()


def _command(data_dir: Path, *extra: str, env: dict[str, str]) -> Any:
    return run_python(
        "-m", "companion", "--data-dir", str(data_dir), "reminders", *extra, env=env
    )


def test_the_headless_command_notifies_once(server: NotificationServer, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _due_card(data_dir, "Beeline <eSIM>")
    env = {**server.env, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    env.pop("LANGUAGE", None)
    first = _command(data_dir, "--notify", env=env)
    assert first.returncode == 0, first.stderr
    [arrived] = server.arrived()
    assert arrived["summary"] == "Renewal reminder"
    assert "Beeline &lt;eSIM&gt; expires in" in arrived["body"]
    again = _command(data_dir, "--notify", env=env)
    assert again.returncode == 0
    assert len(server.arrived()) == 1  # shown once per cycle


def test_the_headless_command_never_imports_qt(tmp_path: Path) -> None:
    code = (
        "import sys, runpy; sys.argv=['companion','--data-dir',sys.argv[1],'reminders','--notify'];"
        "\ntry:\n    runpy.run_module('companion', run_name='__main__')\nexcept SystemExit:\n    pass"
        "\nprint(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent"}
    result = run_python("-c", code, str(tmp_path / "d"), env=env)
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr


def test_without_a_server_reminders_wait_for_the_app(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _due_card(data_dir, "MTS")
    env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus"}
    result = _command(data_dir, "--notify", env=env)
    assert result.returncode == 0
    assert "No desktop notification service" in result.stderr
    peek = _command(data_dir, "--peek", env=env)
    assert "MTS expires in" in peek.stdout  # still due: nothing was marked shown




def test_linux_schedule_end_to_end(server: NotificationServer, tmp_path: Path) -> None:
    """Enable → the unit files exist → run what the service runs → the reminder
    reaches the server → disable → nothing left."""
    import shlex
    import subprocess

    from companion.desktop.scheduler import ReminderSchedule, reminder_command

    data_dir = tmp_path / "my data"
    _due_card(data_dir, "T2 (formerly Tele2)")
    calls: list[list[str]] = []
    schedule = ReminderSchedule(
        "linux", tmp_path / "home", tmp_path / "config", reminder_command(data_dir),
        runner=lambda argv: calls.append(list(argv)) or 0, systemd_user=True,
    )
    assert schedule.enable()
    service = schedule.planned_files()[0].path
    assert service.is_file()
    exec_line = next(
        line.removeprefix("ExecStart=") for line in service.read_text().splitlines()
        if line.startswith("ExecStart=")
    )
    argv = [w.replace("%%", "%").replace("$$", "$") for w in shlex.split(exec_line)]
    env = {**server.env, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    [arrived] = server.arrived()
    assert "T2 (formerly Tele2) expires in" in arrived["body"]
    schedule.disable()
    assert [p for p in (tmp_path / "config").rglob("*") if p.is_file()] == []


def test_while_the_app_holds_the_folder_the_scheduled_run_leaves_it_alone(
    server: NotificationServer, tmp_path: Path
) -> None:
    """The window shows reminders itself; two deliverers would show one twice."""
    from companion.services import folder_lock

    data_dir = tmp_path / "data"
    _due_card(data_dir, "MTS")
    env = {**server.env, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    assert folder_lock.hold(data_dir)  # as the running app does
    try:
        done = _command(data_dir, "--notify", env=env)
    finally:
        folder_lock.let_go(data_dir)
    assert done.returncode == 0, done.stderr
    assert server.arrived() == []
    assert "MTS expires in" in _command(data_dir, "--peek", env=env).stdout


def test_a_scheduled_run_lets_go_of_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A --watch loop must never keep the app from starting between checks."""
    import argparse

    from companion.commands import reminders_cmd
    from companion.services import folder_lock

    data_dir = tmp_path / "data"
    args = argparse.Namespace(
        data_dir=str(data_dir), lang="en", notify=True, watch=0, days=14, peek=False
    )
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    assert reminders_cmd.run(args) == 0
    assert not folder_lock.holds(data_dir)
