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
