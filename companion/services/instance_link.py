"""The name of the running app's local socket, and a Qt-free client for it.

Why derived from the data folder and the user: two users, or two test runs
with different ``--data-dir``, must never see each other's instance, while
two launches on the same data must. On POSIX the name is a full socket path,
so the headless commands can reach the running app with the standard library
(they must not import Qt).

Wire format: the client sends one JSON object on one line
(``{"command": "raise"}`` or ``{"command": "import", "path": …}``); the app
answers ``{"ok": true}`` on one line.
"""

from __future__ import annotations

import getpass
import json
import os
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any


def server_name(root: Path) -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(getattr(os, "getuid", lambda: 0)())
    # Two checksums make a 64-bit name; no secrecy is needed, and hashlib
    # would load OpenSSL (2.5 ms) before the first window.
    key = f"{user}\0{root.resolve()}".encode()
    name = f"tcc-{zlib.crc32(key):08x}{zlib.adler32(key):08x}"
    if sys.platform == "win32":
        return name
    return os.path.join(tempfile.gettempdir(), name)


def encode(message: dict[str, Any]) -> bytes:
    return json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n"


def decode(line: bytes) -> dict[str, Any] | None:
    """A message, or None for anything that is not one (never raises)."""
    try:
        data = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("command"), str):
        return None
    return data


def send(root: Path, message: dict[str, Any], timeout: float = 5.0) -> bool:
    """Hand a command to the running app; False if none is running (or on
    Windows, where only the GUI's own Qt client can reach it)."""
    if sys.platform == "win32":
        return False
    name = server_name(root)
    if not os.path.exists(name):
        # No socket file, no running app: the usual start skips loading the
        # socket module (3 ms before the first window).
        return False
    import socket

    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(name)
        sock.sendall(encode(message))
        reply = sock.makefile("rb").readline()
    except OSError:
        return False
    finally:
        sock.close()
    try:
        answer = json.loads(reply.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return False
    return isinstance(answer, dict) and answer.get("ok") is True
