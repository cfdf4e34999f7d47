"""A real notification server for tests: a private D-Bus session bus, Xvfb
and dunst, started together and stopped together.

Why real: the point of the feature is that a notification reaches the
desktop's own server, with the types, escaping and capabilities a real
server has. dunst's history (``dunstctl history``) says what arrived.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

NEEDED = ("dbus-daemon", "Xvfb", "dunst", "dunstctl")


def missing() -> list[str]:
    return [tool for tool in NEEDED if shutil.which(tool) is None]


class NotificationServer:
    def __init__(self, env: dict[str, str]) -> None:
        self.env = env

    def arrived(self) -> list[dict[str, str]]:
        """Every notification the server received, oldest first."""
        subprocess.run(["dunstctl", "close-all"], env=self.env, check=True, timeout=10)
        time.sleep(0.2)
        out = subprocess.run(
            ["dunstctl", "history"], env=self.env, check=True, timeout=10,
            capture_output=True, text=True,
        ).stdout
        items = json.loads(out)["data"][0]
        found = [
            {key: str(item[key]["data"]) for key in ("summary", "body", "appname", "id")}
            for item in items
        ]
        return sorted(found, key=lambda n: int(n["id"]))


def _line(proc: subprocess.Popen[str], what: str) -> str:
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    if not line:
        raise RuntimeError(f"{what} did not start")
    return line


@contextlib.contextmanager
def notification_server(folder: Path, markup: bool = True) -> Iterator[NotificationServer]:
    procs: list[subprocess.Popen[str]] = []
    try:
        bus = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        procs.append(bus)
        address = _line(bus, "dbus-daemon")
        xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", "1", "-screen", "0", "640x480x24", "-nolisten", "tcp"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        procs.append(xvfb)
        display = ":" + _line(xvfb, "Xvfb")
        config = folder / "dunstrc"
        config.write_text(
            "[global]\n    markup = " + ("full" if markup else "no") + "\n", encoding="utf-8"
        )
        env = {
            **os.environ, "DBUS_SESSION_BUS_ADDRESS": address, "DISPLAY": display,
        }
        procs.append(subprocess.Popen(
            ["dunst", "-conf", str(config)], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
        ))
        _wait_for_name(env)
        yield NotificationServer(env)
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)
            if proc.stdout is not None:
                proc.stdout.close()


def _wait_for_name(env: dict[str, str]) -> None:
    from companion.desktop.dbus_wire import Connection, DBusError

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with Connection(address=env["DBUS_SESSION_BUS_ADDRESS"]) as conn:
                owned = conn.call(
                    "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                    "NameHasOwner", "s", ("org.freedesktop.Notifications",),
                )[0]
            if owned:
                return
        except DBusError:
            pass
        time.sleep(0.1)
    raise RuntimeError("dunst did not take the notification service name")
