"""The app opens no network socket while starting and walking every section."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path
from typing import Any

import pytest

from companion.ui.shell.main_window import SECTIONS, MainWindow

_INET = (socket.AF_INET, socket.AF_INET6)


def _inet_socket_inodes() -> set[str]:
    """Inodes of this process's TCP/UDP sockets, read from /proc."""
    inodes: set[str] = set()
    for table in ("tcp", "tcp6", "udp", "udp6", "raw", "raw6"):
        path = Path("/proc/self/net") / table
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            parts = line.split()
            if len(parts) > 9:
                inodes.add(parts[9])
    own: set[str] = set()
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            own.add(target[8:-1])
    return own & inodes


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_start_and_walk_opens_no_network_socket(qtbot: Any, ctx: Any) -> None:
    opened: list[tuple[Any, ...]] = []

    def audit(event: str, args: tuple[Any, ...]) -> None:
        network_call = event in ("socket.connect", "socket.bind", "socket.getaddrinfo")
        inet_socket = event == "socket.__new__" and len(args) > 1 and args[1] in _INET
        if network_call or inet_socket or event == "urllib.Request":
            opened.append((event, args))

    sys.addaudithook(audit)
    before = _inet_socket_inodes()
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    for section in SECTIONS:
        window.show_section(section.key)
        qtbot.waitExposed(window)
        window.page(section.key).repaint()
    window.change_language("ru")
    qtbot.waitUntil(lambda: window.section_names()[0] == "Справочник")
    window.close()
    assert not opened, opened
    assert _inet_socket_inodes() - before == set()
