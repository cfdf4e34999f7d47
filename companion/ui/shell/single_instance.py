"""One running app per user and data folder, over a local socket.

Why: two windows on one database would be two writers, each showing stale
data to the other. A second launch hands its command to the first (bring the
window to front, or import a file) and exits.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from companion.services.app_log import log
from companion.services.instance_link import decode, encode, send, server_name

Handler = Callable[[dict[str, Any]], None]
MAX_LINE = 64 * 1024


def hand_over(root: Path, message: dict[str, Any], timeout_ms: int = 3000) -> bool:
    """Send ``message`` to a running instance; False if there is none.

    On POSIX the standard library reaches the socket, so a first launch does
    not pay for importing QtNetwork before its window is up.
    """
    if sys.platform != "win32":
        return send(root, message, timeout_ms / 1000)
    from PySide6.QtNetwork import QLocalSocket

    sock = QLocalSocket()
    try:
        sock.connectToServer(server_name(root))
    except OSError:
        return False
    if not sock.waitForConnected(timeout_ms):
        return False
    sock.write(encode(message))
    sock.flush()
    ok = False
    while sock.waitForReadyRead(timeout_ms):
        if sock.canReadLine():
            ok = b'"ok": true' in bytes(sock.readLine().data())
            break
    sock.disconnectFromServer()
    return ok


class InstanceServer(QObject):
    """Listens for later launches and passes their commands to ``handler``."""

    def __init__(self, root: Path, handler: Handler, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._handler = handler
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        try:
            self.name: str | None = server_name(root)
        except OSError as exc:
            log.warning("no private folder for the instance socket: %s", exc)
            self.name = None

    def listen(self) -> bool:
        """Listen; call only while holding the data folder's lock
        (services/folder_lock), which makes any socket already there stale."""
        if self.name is None:
            return False
        if self._server.listen(self.name):
            return True
        # A socket left by a crashed run. Only the lock holder gets here, so
        # no live instance can own it (the lock, not a failed connect, says so).
        QLocalServer.removeServer(self.name)
        return self._server.listen(self.name)

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            sock.readyRead.connect(lambda s=sock: self._read(s))
            sock.disconnected.connect(sock.deleteLater)

    def _read(self, sock: QLocalSocket) -> None:
        if not sock.canReadLine():
            if sock.bytesAvailable() > MAX_LINE:
                sock.abort()
            return
        message = decode(bytes(sock.readLine(MAX_LINE).data()))
        sock.write(encode({"ok": message is not None}))
        sock.flush()
        sock.disconnectFromServer()
        if message is None:
            return
        log.info("command from another launch: %s", message.get("command"))
        self._handler(message)
