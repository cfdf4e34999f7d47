"""One instance per data folder: a second real process hands over and exits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from companion.services import folder_lock, instance_link
from companion.ui.shell.single_instance import InstanceServer, hand_over

ROOT = Path(__file__).resolve().parents[1]


def _launch(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "companion", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


@pytest.mark.slow
def test_second_launch_raises_first_and_exits(qtbot: Any, data_dir: Path) -> None:
    received: list[dict[str, Any]] = []
    assert folder_lock.hold(data_dir)  # as the running app holds it
    server = InstanceServer(data_dir, received.append)
    assert server.listen()
    try:
        second = _launch("--data-dir", str(data_dir), "--minimized")
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=20_000)
        out, err = second.communicate()
        assert second.returncode == 0, err
        assert "already running" in out
        assert received == [{"command": "raise"}]
        assert not (data_dir / "companion.sqlite3").exists()  # the second never opened it
    finally:
        server.close()
        folder_lock.let_go(data_dir)


def test_other_data_folder_is_another_instance(qtbot: Any, tmp_path: Path) -> None:
    server = InstanceServer(tmp_path / "a", lambda _m: None)
    assert server.listen()
    try:
        assert instance_link.server_name(tmp_path / "a") != instance_link.server_name(
            tmp_path / "b"
        )
        assert not hand_over(tmp_path / "b", {"command": "raise"}, timeout_ms=500)
    finally:
        server.close()


@pytest.mark.skipif(sys.platform == "win32", reason="headless client is POSIX only")
def test_headless_restore_hands_file_to_running_app(qtbot: Any, tmp_path: Path) -> None:
    import threading

    received: list[dict[str, Any]] = []
    server = InstanceServer(tmp_path, received.append)
    assert server.listen()
    result: list[bool] = []
    thread = threading.Thread(
        target=lambda: result.append(
            instance_link.send(tmp_path, {"command": "import", "path": "/x/a.zip"})
        )
    )
    thread.start()
    try:
        qtbot.waitUntil(lambda: bool(result), timeout=10_000)
    finally:
        thread.join()
        server.close()
    assert result == [True]
    assert received == [{"command": "import", "path": "/x/a.zip"}]


def test_garbage_on_the_socket_is_ignored(qtbot: Any, tmp_path: Path) -> None:
    import socket
    import threading

    received: list[dict[str, Any]] = []
    server = InstanceServer(tmp_path, received.append)
    assert server.listen()
    replies: list[bytes] = []

    def talk() -> None:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(5)
            sock.connect(instance_link.server_name(tmp_path))
            sock.sendall(b"<script>alert(1)</script>\n")
            replies.append(sock.makefile("rb").readline())

    if sys.platform == "win32":
        pytest.skip("POSIX socket")
    thread = threading.Thread(target=talk)
    thread.start()
    try:
        qtbot.waitUntil(lambda: bool(replies), timeout=10_000)
    finally:
        thread.join()
        server.close()
    assert b'"ok": false' in replies[0]
    assert received == []


def test_stale_socket_from_a_crash_is_replaced(qtbot: Any, tmp_path: Path) -> None:
    if sys.platform == "win32":
        pytest.skip("POSIX socket file")
    import socket

    name = instance_link.server_name(tmp_path)
    stale = socket.socket(socket.AF_UNIX)
    stale.bind(name)
    stale.close()  # the file remains, nobody listens: like a crashed app
    server = InstanceServer(tmp_path, lambda _m: None)
    try:
        assert server.listen()
    finally:
        server.close()
