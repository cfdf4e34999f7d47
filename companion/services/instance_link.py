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
import stat
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any


def server_name(root: Path) -> str:
    """The socket for the data folder ``root``.

    The rule (POSIX): ``tcc-<64-bit hash of user and folder>`` inside the
    user's runtime folder, ``$XDG_RUNTIME_DIR``, when it is set to a folder
    this user owns and no one else may write to; otherwise inside
    ``<temp>/tcc-<uid>``, a folder created private (0700) and used only on
    the same two conditions (a short name: macOS allows 104 bytes for a
    socket path, and its temp folder is long). Never loose in the shared
    temp folder, where another user could take the name first. On Windows the name is a Qt local
    server name (a named pipe), which needs no folder.
    """
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
    return os.path.join(runtime_dir(), name)


def runtime_dir() -> str:
    """The private folder the socket lives in (see ``server_name``)."""
    uid = os.getuid()
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if os.path.isabs(runtime) and _private(runtime, uid):
        return runtime
    folder = os.path.join(tempfile.gettempdir(), f"tcc-{uid}")
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return folder  # connecting then fails, as with no app running
    if not _private(folder, uid):
        # Made by someone else, or opened to others: not ours to trust.
        raise PermissionError(f"{folder} is not a private folder of this user")
    return folder


def _private(folder: str, uid: int) -> bool:
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == uid
        and info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) == 0
    )


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
    try:
        name = server_name(root)
    except OSError:
        return False  # no private folder for the socket: no app can listen there
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
