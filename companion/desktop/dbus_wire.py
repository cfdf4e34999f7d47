"""Just enough of the D-Bus wire protocol to call a method on the session bus.

Why not QtDBus: PySide6 turns every Python int into a signed D-Bus int, and
``org.freedesktop.Notifications.Notify`` takes an unsigned ``replaces_id``;
the notification server refuses the call ("does not match expected type
(susssasa{sv}i)"). PySide6 offers no way to build an unsigned argument. This
module speaks the protocol itself over the bus's Unix socket: EXTERNAL
authentication, method calls with typed arguments, replies, errors and
signals, for the basic types the notification interface uses. It needs no
Qt, so the headless reminder command starts in milliseconds.

Spec: the D-Bus Specification, "Message Protocol" (marshalling, header
fields) and "Authentication Protocol".
"""

from __future__ import annotations

import contextlib
import os
import socket
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

METHOD_CALL, METHOD_RETURN, ERROR, SIGNAL = 1, 2, 3, 4
_NO_REPLY_EXPECTED = 0x1
# Header field codes and their fixed types.
_FIELDS = {1: "o", 2: "s", 3: "s", 4: "s", 5: "u", 6: "s", 7: "s", 8: "g"}
_PATH, _INTERFACE, _MEMBER, _ERROR_NAME, _REPLY_SERIAL, _DESTINATION, _SENDER, _SIGNATURE = (
    range(1, 9)
)
_ALIGN = {"y": 1, "b": 4, "n": 2, "q": 2, "i": 4, "u": 4, "x": 8, "t": 8, "d": 8, "s": 4,
          "o": 4, "g": 1, "a": 4, "(": 8, "{": 8, "v": 1, "h": 4}
_FIXED = {"y": "B", "b": "I", "n": "h", "q": "H", "i": "i", "u": "I", "x": "q", "t": "Q",
          "d": "d", "h": "I"}
#: Largest message we accept from the bus (the spec's own limit is 128 MiB).
_MAX_MESSAGE = 1 << 24


class DBusError(Exception):
    """The bus or the remote side said no, or the socket failed."""


class Variant:
    """A value and its D-Bus signature, for ``v`` arguments (hints, for example)."""

    def __init__(self, signature: str, value: Any) -> None:
        self.signature = signature
        self.value = value


def _split(signature: str) -> Iterator[str]:
    """Single complete types of a signature: "sa{sv}i" -> "s", "a{sv}", "i"."""
    i = 0
    while i < len(signature):
        j = _end_of_type(signature, i)
        yield signature[i:j]
        i = j


def _end_of_type(sig: str, i: int) -> int:
    code = sig[i]
    if code == "a":
        return _end_of_type(sig, i + 1)
    if code in "({":
        close = ")" if code == "(" else "}"
        j = i + 1
        while sig[j] != close:
            j = _end_of_type(sig, j)
        return j + 1
    return i + 1


class _Writer:
    def __init__(self) -> None:
        self.buf = bytearray()

    def pad(self, n: int) -> None:
        self.buf += b"\0" * (-len(self.buf) % n)

    def put(self, sig: str, value: Any) -> None:
        code = sig[0]
        self.pad(_ALIGN[code])
        if code in _FIXED:
            self.buf += struct.pack("<" + _FIXED[code], int(value) if code != "d" else value)
        elif code in "so":
            data = str(value).encode("utf-8")
            self.buf += struct.pack("<I", len(data)) + data + b"\0"
        elif code == "g":
            data = str(value).encode("ascii")
            self.buf += struct.pack("<B", len(data)) + data + b"\0"
        elif code == "v":
            inner = value if isinstance(value, Variant) else _guess(value)
            self.put("g", inner.signature)
            self.put(inner.signature, inner.value)
        elif code == "a":
            self._array(sig[1:], value)
        elif code in "({":
            for part, item in zip(_split(sig[1:-1]), value, strict=True):
                self.put(part, item)
        else:
            raise DBusError(f"cannot write D-Bus type {sig!r}")

    def _array(self, element: str, value: Any) -> None:
        at = len(self.buf)
        self.buf += b"\0\0\0\0"
        self.pad(_ALIGN[element[0]])
        start = len(self.buf)
        items = list(value.items()) if element[0] == "{" else list(value)
        for item in items:
            self.put(element, item)
        struct.pack_into("<I", self.buf, at, len(self.buf) - start)


def _guess(value: Any) -> Variant:
    if isinstance(value, bool):
        return Variant("b", value)
    if isinstance(value, int):
        return Variant("i", value)
    if isinstance(value, str):
        return Variant("s", value)
    if isinstance(value, bytes):
        return Variant("ay", list(value))
    raise DBusError(f"no D-Bus type for {type(value).__name__}")


class _Reader:
    def __init__(self, data: bytes, pos: int = 0) -> None:
        self.data = data
        self.pos = pos

    def align(self, n: int) -> None:
        self.pos += -self.pos % n

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise DBusError("truncated D-Bus message")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def get(self, sig: str) -> Any:
        code = sig[0]
        self.align(_ALIGN[code])
        if code in _FIXED:
            fmt = "<" + _FIXED[code]
            (value,) = struct.unpack(fmt, self.take(struct.calcsize(fmt)))
            return bool(value) if code == "b" else value
        if code in "so":
            (length,) = struct.unpack("<I", self.take(4))
            text = self.take(length + 1)[:-1]
            return text.decode("utf-8", "replace")
        if code == "g":
            (length,) = struct.unpack("<B", self.take(1))
            return self.take(length + 1)[:-1].decode("ascii", "replace")
        if code == "v":
            inner = self.get("g")
            return self.get(inner)
        if code == "a":
            (length,) = struct.unpack("<I", self.take(4))
            self.align(_ALIGN[sig[1]])
            end = self.pos + length
            if end > len(self.data):
                raise DBusError("truncated D-Bus array")
            items = []
            while self.pos < end:
                items.append(self.get(sig[1:]))
            return dict(items) if sig[1] == "{" else items
        if code in "({":
            return tuple(self.get(part) for part in _split(sig[1:-1]))
        raise DBusError(f"cannot read D-Bus type {sig!r}")


@dataclass
class Message:
    kind: int
    serial: int
    fields: dict[int, Any] = field(default_factory=dict)
    body: tuple[Any, ...] = ()

    @property
    def member(self) -> str:
        return str(self.fields.get(_MEMBER, ""))

    @property
    def interface(self) -> str:
        return str(self.fields.get(_INTERFACE, ""))

    @property
    def reply_serial(self) -> int | None:
        value = self.fields.get(_REPLY_SERIAL)
        return int(value) if value is not None else None


def encode(
    kind: int, serial: int, fields: dict[int, Any], signature: str, args: tuple[Any, ...],
    flags: int = 0,
) -> bytes:
    body = _Writer()
    for part, arg in zip(_split(signature), args, strict=True):
        body.put(part, arg)
    if signature:
        fields = {**fields, _SIGNATURE: signature}
    head = _Writer()
    head.buf += struct.pack("<cBBBII", b"l", kind, flags, 1, len(body.buf), serial)
    head.put("a(yv)", [(code, Variant(_FIELDS[code], v)) for code, v in sorted(fields.items())])
    head.pad(8)
    return bytes(head.buf + body.buf)


def decode(data: bytes) -> Message:
    """One whole message (little- or big-endian; we only ever get little here)."""
    if data[:1] != b"l":
        raise DBusError("big-endian D-Bus messages are not supported")
    kind, _flags, _version, _length, serial = struct.unpack_from("<BBBII", data, 1)
    reader = _Reader(data, 12)
    raw_fields = reader.get("a(yv)")
    fields = {int(code): value for code, value in raw_fields}
    reader.align(8)
    signature = str(fields.get(_SIGNATURE, ""))
    body = tuple(reader.get(part) for part in _split(signature))
    return Message(kind, serial, fields, body)


def _message_size(head: bytes) -> int:
    """Total size of a message from its first 16 bytes."""
    body_length, _serial, fields_length = struct.unpack_from("<III", head, 4)
    size = 16 + int(fields_length)
    size += -size % 8
    return size + int(body_length)


def session_bus_path(address: str | None = None) -> str | None:
    """The socket of the session bus from ``DBUS_SESSION_BUS_ADDRESS``.

    Returns a filesystem path, or the abstract name prefixed with a NUL.
    """
    address = address if address is not None else os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    if not address and os.environ.get("XDG_RUNTIME_DIR"):
        default = os.path.join(os.environ["XDG_RUNTIME_DIR"], "bus")
        return default if os.path.exists(default) else None
    for entry in address.split(";"):
        transport, _, params = entry.partition(":")
        if transport != "unix":
            continue
        values = dict(p.split("=", 1) for p in params.split(",") if "=" in p)
        if "path" in values:
            return unquote(values["path"])
        if "abstract" in values:
            return "\0" + unquote(values["abstract"])
    return None


class Connection:
    """One authenticated connection to the session bus."""

    def __init__(self, timeout: float = 2.0, address: str | None = None) -> None:
        path = session_bus_path(address)
        if path is None:
            raise DBusError("no session bus")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self._timeout = timeout
        self._serial = 0
        self._pending: list[Message] = []
        self._inbox = b""
        try:
            self.sock.connect(path)
            self._authenticate()
            self.unique_name = str(self.call(
                "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "Hello"
            )[0])
        except OSError as exc:
            self.close()
            raise DBusError(f"cannot reach the session bus: {exc}") from exc

    def _authenticate(self) -> None:
        uid = str(os.getuid()).encode().hex()
        self.sock.sendall(b"\0AUTH EXTERNAL " + uid.encode() + b"\r\n")
        line = self._auth_line()
        if not line.startswith(b"OK "):
            raise DBusError("the session bus refused EXTERNAL authentication")
        self.sock.sendall(b"BEGIN\r\n")

    def _auth_line(self) -> bytes:
        data = b""
        while not data.endswith(b"\r\n"):
            chunk = self.sock.recv(1)
            if not chunk:
                raise DBusError("the session bus closed the connection")
            data += chunk
            if len(data) > 4096:
                raise DBusError("the session bus sent a garbled greeting")
        return data

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _next_serial(self) -> int:
        self._serial += 1
        return self._serial

    def send(
        self, destination: str, path: str, interface: str, member: str,
        signature: str = "", args: tuple[Any, ...] = (), expect_reply: bool = True,
    ) -> int:
        serial = self._next_serial()
        fields = {_PATH: path, _INTERFACE: interface, _MEMBER: member, _DESTINATION: destination}
        flags = 0 if expect_reply else _NO_REPLY_EXPECTED
        self.sock.sendall(encode(METHOD_CALL, serial, fields, signature, args, flags))
        return serial

    def call(
        self, destination: str, path: str, interface: str, member: str,
        signature: str = "", args: tuple[Any, ...] = (),
    ) -> tuple[Any, ...]:
        """Call and wait for the reply; an error reply raises ``DBusError``."""
        serial = self.send(destination, path, interface, member, signature, args)
        while True:
            message = self._read()
            if message.reply_serial == serial:
                if message.kind == ERROR:
                    name = message.fields.get(_ERROR_NAME, "error")
                    detail = message.body[0] if message.body else ""
                    raise DBusError(f"{name}: {detail}")
                return message.body
            self._pending.append(message)

    def receive(self) -> Message:
        """The next message from the bus (signals that arrived during a call first)."""
        if self._pending:
            return self._pending.pop(0)
        return self._read()

    def _read(self) -> Message:
        while True:
            if len(self._inbox) >= 16:
                size = _message_size(self._inbox)
                if size > _MAX_MESSAGE:
                    raise DBusError("the session bus sent an oversized message")
                if len(self._inbox) >= size:
                    data, self._inbox = self._inbox[:size], self._inbox[size:]
                    return decode(data)
            try:
                chunk = self.sock.recv(65536)
            except OSError as exc:
                raise DBusError(f"the session bus did not answer: {exc}") from exc
            if not chunk:
                raise DBusError("the session bus closed the connection")
            self._inbox += chunk

    def fileno(self) -> int:
        return self.sock.fileno()

    def read_ready(self) -> list[Message]:
        """Whatever whole messages have arrived, without waiting (for an event
        loop that watches ``fileno()``); raises DBusError if the bus went away."""
        messages, self._pending = self._pending, []
        self.sock.setblocking(False)
        try:
            while True:
                try:
                    chunk = self.sock.recv(65536)
                except BlockingIOError:
                    break
                except OSError as exc:
                    raise DBusError(f"the session bus failed: {exc}") from exc
                if not chunk:
                    raise DBusError("the session bus closed the connection")
                self._inbox += chunk
        finally:
            self.sock.settimeout(self._timeout)
        while len(self._inbox) >= 16 and len(self._inbox) >= _message_size(self._inbox):
            size = _message_size(self._inbox)
            data, self._inbox = self._inbox[:size], self._inbox[size:]
            messages.append(decode(data))
        return messages

    def add_match(self, rule: str) -> None:
        self.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                  "AddMatch", "s", (rule,))
