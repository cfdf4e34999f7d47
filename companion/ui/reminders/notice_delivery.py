"""Where a due reminder is shown: the desktop's notification server, else the
tray, else only the banner in the window.

Why this order: the notification server is what the desktop itself uses
(it works on GNOME, which has no tray without an extension, and it keeps
notifications in its history); the tray balloon is the next best; the banner
is always there. The connection is made on the first reminder, not at start
(start-up stays fast), and dropped and looked for again when a notification
fails, so a server started later is found.

Clicking "Open" raises the window; "Snooze 1 hour" snoozes that reminder as
the banner's button does. Text goes out as plain text (escaped where the
server reads markup).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtWidgets import QSystemTrayIcon

from companion.desktop.dbus_wire import DBusError
from companion.desktop.freedesktop_notify import DesktopNotifications
from companion.i18n import _, ngettext
from companion.i18n.formatting import format_number
from companion.ui.widgets import literal_text

if TYPE_CHECKING:
    from companion.services.reminders import Notice

#: Notifications sent one by one; the rest are summed up in one more.
SHOWN_SEPARATELY = 3


class NoticeDelivery(QObject):
    def __init__(
        self,
        tray: Callable[[], QSystemTrayIcon | None],
        on_open: Callable[[], None],
        on_snooze: Callable[[int], None],
        connect: Callable[[], DesktopNotifications | None] = DesktopNotifications.open,
    ) -> None:
        super().__init__()
        self._tray = tray
        self._on_open = on_open
        self._on_snooze = on_snooze
        self._connect = connect
        self._service: DesktopNotifications | None = None
        self._looked = False
        self._watch: QSocketNotifier | None = None
        #: notification id -> reminder event id, for the Snooze action.
        self._sent: dict[int, int] = {}

    def deliver(self, notices: list[Notice]) -> str:
        """Show ``notices``; returns the channel used: "desktop", "tray" or "banner"."""
        if not notices:
            return "banner"
        service = self._desktop()
        if service is not None:
            try:
                self._send(service, notices)
                return "desktop"
            except DBusError:
                self._drop()
        tray = self._tray()
        if tray is not None and tray.isVisible():
            tray.showMessage(
                _("Travel Card Companion"),
                literal_text.notification("\n".join(n.text for n in notices[:SHOWN_SEPARATELY])),
                QSystemTrayIcon.MessageIcon.Information,
                15_000,
            )
            return "tray"
        return "banner"

    def _send(self, service: DesktopNotifications, notices: list[Notice]) -> None:
        # "default" is what a click on the notification itself invokes.
        actions = (("default", _("Open")), ("snooze", _("Snooze 1 hour")))
        for notice in notices[:SHOWN_SEPARATELY]:
            sent = service.notify(_("Renewal reminder"), notice.text, actions=actions)
            self._sent[sent.notification_id] = notice.event_id
        rest = len(notices) - SHOWN_SEPARATELY
        if rest > 0:
            text = ngettext(
                "and {n} more reminder in the app", "and {n} more reminders in the app", rest
            ).format(n=format_number(rest))
            sent = service.notify(_("Renewal reminder"), text, actions=actions[:1])
            self._sent[sent.notification_id] = -1

    def _desktop(self) -> DesktopNotifications | None:
        if not self._looked:
            self._looked = True
            self._service = self._connect()
            if self._service is not None:
                try:
                    self._service.listen_for_actions()
                except DBusError:
                    self._drop()
                    return None
                self._watch = QSocketNotifier(
                    self._service.connection.fileno(), QSocketNotifier.Type.Read, self
                )
                self._watch.activated.connect(self._readable)
        return self._service

    def _readable(self) -> None:
        service = self._service
        if service is None:
            return
        try:
            clicked = service.actions_invoked()
        except DBusError:
            self._drop()
            return
        for notification_id, key in clicked:
            self.action(notification_id, key)

    def action(self, notification_id: int, key: str) -> None:
        """What a click on a notification's button does."""
        event_id = self._sent.get(notification_id)
        if event_id is None:
            return  # not ours: another program's notification
        if key == "default":
            self._on_open()
        elif key == "snooze" and event_id >= 0:
            self._on_snooze(event_id)

    def _drop(self) -> None:
        if self._watch is not None:
            self._watch.setEnabled(False)
            self._watch.deleteLater()
            self._watch = None
        if self._service is not None:
            self._service.close()
        self._service = None
        self._looked = False

    def close(self) -> None:
        self._drop()
