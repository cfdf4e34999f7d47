"""In the running app a due reminder goes to the desktop's notification server,
else the tray, else only the banner; the server is looked for again after a failure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from notification_server import NotificationServer, missing, notification_server

from companion.desktop.dbus_wire import DBusError
from companion.desktop.freedesktop_notify import DesktopNotifications
from companion.domain.card import Card
from companion.domain.expiry import Expiry
from companion.services import cards as cards_service
from companion.services import reminders
from companion.ui.reminders.notice_delivery import NoticeDelivery


def _due_notices(ctx: Any, count: int) -> list[reminders.Notice]:
    for i in range(count):
        card = Card(f"Card <{i}>", expiry=Expiry(dt.datetime(2026, 11, 25, 23, 59), "Europe/Moscow"))
        cards_service.save_card(ctx, card)
    notices = reminders.fire_due(ctx)
    assert len(notices) == count
    return notices


class FakeTray:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def isVisible(self) -> bool:
        return True

    def showMessage(self, title: str, text: str, *rest: object) -> None:
        self.messages.append(text)


class BrokenService:
    """A server that vanished after it was found."""

    capabilities: ClassVar[set[str]] = set()

    def listen_for_actions(self) -> None: ...

    class connection:
        @staticmethod
        def fileno() -> int:
            return 0

    def notify(self, *args: object, **kwargs: object) -> object:
        raise DBusError("gone")

    def close(self) -> None: ...


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[NotificationServer]:
    if missing():
        pytest.skip("needs " + ", ".join(missing()) + " (apt install dbus dunst xvfb)")
    with notification_server(tmp_path) as running:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", running.env["DBUS_SESSION_BUS_ADDRESS"])
        yield running


def test_due_reminders_reach_the_desktop_server(
    qtbot: Any, ctx: Any, server: NotificationServer
) -> None:
    notices = _due_notices(ctx, 5)
    delivery = NoticeDelivery(lambda: None, lambda: None, lambda _e: None)
    assert delivery.deliver(notices) == "desktop"
    delivery.close()
    arrived = server.arrived()
    assert len(arrived) == 4  # three one by one, then "and 2 more"
    assert all(a["summary"] == "Renewal reminder" for a in arrived)
    assert "Card &lt;0&gt; expires in" in arrived[0]["body"]
    assert arrived[3]["body"] == "and 2 more reminders in the app"


def test_no_server_and_no_tray_leaves_the_banner(qtbot: Any, ctx: Any) -> None:
    delivery = NoticeDelivery(lambda: None, lambda: None, lambda _e: None, connect=lambda: None)
    assert delivery.deliver(_due_notices(ctx, 1)) == "banner"


def test_a_failing_server_falls_back_to_the_tray_and_is_looked_for_again(
    qtbot: Any, ctx: Any
) -> None:
    tray = FakeTray()
    looked: list[int] = []

    def connect() -> Any:
        looked.append(1)
        return BrokenService() if len(looked) == 1 else None

    delivery = NoticeDelivery(lambda: tray, lambda: None, lambda _e: None, connect=connect)  # type: ignore[arg-type]
    notices = _due_notices(ctx, 2)
    assert delivery.deliver(notices) == "tray"
    # Escaped where the tray's notification server reads markup (Linux).
    assert "Card &lt;0&gt; expires in" in tray.messages[0]
    assert delivery.deliver(notices) == "tray"
    assert len(looked) == 2  # the chain was checked again after the failure


def test_clicks_on_a_notification(qtbot: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[bool] = []
    snoozed: list[int] = []

    class Recording:
        capabilities: ClassVar[set[str]] = {"actions"}
        sent = 100

        def listen_for_actions(self) -> None: ...

        class connection:
            @staticmethod
            def fileno() -> int:
                return 0

        def notify(self, *args: object, **kwargs: object) -> Any:
            from companion.desktop.freedesktop_notify import Sent

            Recording.sent += 1
            return Sent(Recording.sent, True)

        def close(self) -> None: ...

    delivery = NoticeDelivery(
        lambda: None, lambda: opened.append(True), snoozed.append, connect=lambda: Recording()  # type: ignore[arg-type,return-value]
    )
    [notice] = _due_notices(ctx, 1)
    assert delivery.deliver([notice]) == "desktop"
    delivery.action(101, "snooze")
    assert snoozed == [notice.event_id]
    delivery.action(101, "default")
    assert opened == [True]
    delivery.action(555, "default")  # another program's notification
    assert opened == [True]


def test_the_real_server_offers_the_buttons(qtbot: Any, ctx: Any, server: NotificationServer) -> None:
    service = DesktopNotifications.open()
    assert service is not None and "actions" in service.capabilities
    service.close()


def test_the_running_app_sends_a_due_reminder_to_the_server(
    qtbot: Any, ctx: Any, clock: Any, server: NotificationServer
) -> None:
    from companion.ui.shell.main_window import MainWindow

    cards_service.save_card(
        ctx, Card("MTS <b>x</b>", expiry=Expiry(dt.datetime(2026, 11, 25, 23, 59), "Europe/Moscow"))
    )
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    shown = window.reminders.check()
    assert len(shown) == 1
    window.reminders.stop()
    [arrived] = server.arrived()
    assert arrived["body"].startswith("MTS &lt;b&gt;x&lt;/b&gt; expires in")


def test_sleep_is_noticed_where_the_monotonic_clock_counts_through_it(
    qtbot: Any, ctx: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows the monotonic clock runs on through suspend: only the gap
    between two minute checks shows that the computer slept."""
    from companion.ui.reminders import reminder_banner
    from companion.ui.shell.main_window import MainWindow

    mono = [1000.0]
    monkeypatch.setattr(reminder_banner.time, "monotonic", lambda: mono[0])
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    controller = window.reminders
    controller.check()
    clock.advance(dt.timedelta(minutes=1))
    mono[0] += 60
    assert not controller.woke_from_sleep()
    clock.advance(dt.timedelta(hours=8))
    mono[0] += 8 * 3600  # counted through the suspend, as on Windows
    assert controller.woke_from_sleep()
    controller.stop()
