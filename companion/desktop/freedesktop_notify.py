"""Desktop notifications through ``org.freedesktop.Notifications``.

Why text is escaped: servers that announce "body-markup" read the body as a
small HTML subset, so a card named ``<b>MTS</b>`` would lose its brackets
and an ``<img>`` could be fetched. User text is always shown as typed.
The summary is plain text by the specification and is sent as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from companion import APP_ID
from companion.desktop.dbus_wire import SIGNAL, Connection, DBusError, Variant

SERVICE = "org.freedesktop.Notifications"
OBJECT = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
APP_NAME = "Travel Card Companion"


def escape_body(text: str) -> str:
    """Make text show literally where the server parses body markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class Sent:
    notification_id: int
    with_actions: bool


class DesktopNotifications:
    """A connection to the desktop's notification server, or nothing.

    ``open()`` returns None where there is no session bus or no server on
    it (a bare window manager, an SSH session): callers fall back to the
    tray or the in-app banner.
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.capabilities = set(
            connection.call(SERVICE, OBJECT, INTERFACE, "GetCapabilities")[0]
        )

    @classmethod
    def open(cls, timeout: float = 2.0) -> DesktopNotifications | None:
        try:
            connection = Connection(timeout=timeout)
        except DBusError:
            return None
        try:
            return cls(connection)
        except DBusError:
            connection.close()
            return None

    def close(self) -> None:
        self.connection.close()

    def listen_for_actions(self) -> None:
        """Ask the bus for this server's ActionInvoked and NotificationClosed signals."""
        self.connection.add_match(
            f"type='signal',sender='{SERVICE}',interface='{INTERFACE}',path='{OBJECT}'"
        )

    def actions_invoked(self) -> list[tuple[int, str]]:
        """(notification id, action key) pairs clicked since the last call."""
        found = []
        for message in self.connection.read_ready():
            if message.kind == SIGNAL and message.member == "ActionInvoked" and len(message.body) == 2:
                found.append((int(message.body[0]), str(message.body[1])))
        return found

    def notify(
        self,
        summary: str,
        body: str,
        actions: tuple[tuple[str, str], ...] = (),
        timeout_ms: int = -1,
        urgency: int = 1,
    ) -> Sent:
        """Show one notification; ``actions`` are (key, label) pairs, sent only
        where the server shows actions."""
        if "body-markup" in self.capabilities:
            body = escape_body(body)
        flat: list[str] = []
        with_actions = bool(actions) and "actions" in self.capabilities
        if with_actions:
            for key, label in actions:
                flat += [key, label]
        hints = {
            "urgency": Variant("y", urgency),
            "desktop-entry": Variant("s", APP_ID),
            "category": Variant("s", "x-travelcard.reminder"),
        }
        reply = self.connection.call(
            SERVICE, OBJECT, INTERFACE, "Notify", "susssasa{sv}i",
            (APP_NAME, 0, APP_ID, summary, body, flat, hints, timeout_ms),
        )
        return Sent(int(reply[0]), with_actions)
