"""``companion reminders --notify --peek``: --peek only looks, with --notify too.

Found attacking issue 19: --peek was ignored beside --notify, so trying the
notifications out marked every due reminder as shown and the window never
showed them. Now the notifications are sent and nothing is marked.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from notification_server import NotificationServer, missing, notification_server
from test_desktop_notifications import _command, _due_card


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[NotificationServer]:
    if missing():
        pytest.skip("needs " + ", ".join(missing()) + " (apt install dbus dunst xvfb)")
    with notification_server(tmp_path) as running:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", running.env["DBUS_SESSION_BUS_ADDRESS"])
        yield running


def test_notify_with_peek_sends_but_marks_nothing(server: NotificationServer, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _due_card(data_dir, "MTS SIM")
    env = {**server.env, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    env.pop("LANGUAGE", None)
    done = _command(data_dir, "--notify", "--peek", env=env)
    assert done.returncode == 0, done.stderr
    [arrived] = server.arrived()
    assert arrived["body"].startswith("MTS SIM expires in")
    listed = _command(data_dir, "--peek", env=env)
    assert "  ! MTS SIM expires in" in listed.stdout, listed.stdout  # still due
    # Without --peek it is sent and marked shown: no longer due.
    assert _command(data_dir, "--notify", env=env).returncode == 0
    listed = _command(data_dir, "--peek", env=env)
    assert "  ! MTS SIM" not in listed.stdout, listed.stdout


def test_notify_while_the_window_holds_the_folder_exits_quietly(
    server: NotificationServer, tmp_path: Path
) -> None:
    """The scheduled run every 30 minutes while the app is open: the window shows
    the reminders; the run must not fail (a failed unit in systemd each time)."""
    from companion.services.folder_lock import FolderLock

    data_dir = tmp_path / "data"
    _due_card(data_dir, "MTS SIM")
    window = FolderLock(data_dir.resolve())
    assert window.acquire()
    try:
        env = {**server.env, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        env.pop("LANGUAGE", None)
        done = _command(data_dir, "--notify", env=env)
        assert done.returncode == 0, done.stderr
        assert "its window shows the reminders" in done.stderr, done.stderr
        assert server.arrived() == []
    finally:
        window.release()
    listed = _command(data_dir, "--peek", env=env)
    assert "  ! MTS SIM expires in" in listed.stdout, listed.stdout  # left for the window


def test_the_watching_run_lets_go_of_the_folder_between_checks(
    server: NotificationServer, tmp_path: Path
) -> None:
    """``--notify --watch 30`` runs all session (the autostart fallback). It held
    the data folder's lock from its first check on, so the app would not start
    ("Another Travel Card Companion … does not answer") and every writing
    command refused, for as long as the user stayed logged in."""
    import subprocess
    import sys
    import time

    from companion.services.folder_lock import FolderLock

    data_dir = tmp_path / "data"
    _due_card(data_dir, "MTS SIM")
    env = {**server.env, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    env.pop("LANGUAGE", None)
    watcher = subprocess.Popen(
        [sys.executable, "-m", "companion", "--data-dir", str(data_dir),
         "reminders", "--notify", "--watch", "30"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not server.arrived() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert server.arrived(), "the first check sent nothing"
        time.sleep(0.5)  # past its first check, into its 30-minute sleep
        assert watcher.poll() is None  # still watching
        window = FolderLock(data_dir.resolve())
        assert window.acquire(), "the watcher still holds the data folder"
        window.release()
    finally:
        watcher.terminate()
        watcher.wait(timeout=10)
