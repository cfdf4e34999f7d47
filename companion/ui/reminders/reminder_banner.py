"""Reminder delivery while the app runs: in-app banner, tray message, minute check.

Why both a periodic check and a wall-clock jump test: a laptop that slept
through a reminder wakes with a timer that knows nothing of the lost hours.
Two signs tell "resumed from sleep" apart from "a minute passed": the wall
clock ran ahead of the monotonic clock (Linux, macOS), or far more wall time
passed between two minute checks than a minute (Windows, whose monotonic
clock keeps counting through suspend); the banner says what was missed.
The banner is always shown; a desktop notification (or, without a
notification server, a tray message) is extra: see notice_delivery.py.

The banner holds no reminders of its own: it is read again from the stored
reminders at every check (each minute, and on wake) and after every change of
a card, so a row never outlives its card, its cycle or its countdown. At most
``MAX_ROWS`` rows are shown, then "and N more", so a long list never pushes
the page out of a small window.

The reminder service (and with it babel and the card domain) is imported on
the first check, which runs after the window is on screen.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.i18n import N_, _, ngettext
from companion.services.context import AppContext
from companion.ui.qt_runtime.qt_keys import plain_text
from companion.ui.widgets.screen_reader import without_mnemonic

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSystemTrayIcon

    from companion.services import reminders
    from companion.ui.reminders.notice_delivery import NoticeDelivery

CHECK_INTERVAL_MS = 60_000
#: The wall clock running ahead of the monotonic clock by more than this
#: means the computer slept (or its clock was set forward).
JUMP = dt.timedelta(minutes=3)

#: The banner's heading when reminders come late, by why they do.
HEADINGS = {
    "closed": N_("Missed while the app was closed"),
    "asleep": N_("Missed while the computer was asleep"),
    "missed": N_("Missed reminders"),
}

#: Rows shown at most; the rest are counted in one line below them.
MAX_ROWS = 3


class ReminderBanner(QFrame):
    """The reminders currently on show, each with snooze and dismiss."""

    def __init__(self, ctx: AppContext, on_change: Callable[[], None]) -> None:
        super().__init__()
        self.ctx = ctx
        self._on_change = on_change
        self.notices: list[reminders.Notice] = []
        #: Why the reminders are shown late, if they are: a HEADINGS key.
        self.heading = ""
        self.setObjectName("reminderBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#reminderBanner { background: #fff4d6; }")
        self.setAccessibleName(_("Reminders"))
        self._layout = QVBoxLayout(self)
        self.hide()

    @property
    def heading_text(self) -> str:
        return _(HEADINGS.get(self.heading, N_("Reminders")))

    def refresh(self, heading: str = "") -> None:
        """Read the reminders on show again from the database, as of now."""
        from companion.services import reminders

        self.notices = reminders.on_show(self.ctx)
        if heading:
            self.heading = heading
        elif self.notices and not any(n.missed for n in self.notices):
            # Kept while the banner is empty for a moment (a delete that Undo
            # takes back must bring back the same banner); gone once no row
            # on show was missed.
            self.heading = ""
        elif not self.heading:
            self.heading = "missed"
        self.rebuild()

    def retranslate(self) -> None:
        """Say the reminders on show again in the language just chosen."""
        self.setAccessibleName(_("Reminders"))
        if self.notices or not self.isHidden():
            self.refresh()

    def rebuild(self) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.setParent(None)  # gone from findChildren() and the accessibility tree now
                widget.deleteLater()
        if not self.notices:
            self.hide()
            return
        heading = QLabel(self.heading_text)
        plain_text(heading)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self._layout.addWidget(heading)
        for notice in self.notices[:MAX_ROWS]:
            self._layout.addWidget(self._row(notice))
        hidden = len(self.notices) - MAX_ROWS
        if hidden > 0:
            # Here, not at the top: the first frame loads no babel.
            from companion.i18n.formatting import format_number

            more = QLabel(
                ngettext("And {n} more reminder.", "And {n} more reminders.", hidden)
                .format(n=format_number(hidden))
            )
            plain_text(more)
            more.setObjectName("reminderMore")
            self._layout.addWidget(more)
        self.show()

    def _row(self, notice: reminders.Notice) -> QWidget:
        # Imported here: QStyle's enums take 6 ms to load, and the banner
        # is empty at start-up.
        from PySide6.QtWidgets import QStyle

        row = QWidget()
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        icon = QLabel()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(20, 20)
        )
        lay.addWidget(icon)
        text = QLabel(notice.text)
        plain_text(text)
        text.setWordWrap(True)
        text.setObjectName("reminderText")
        lay.addWidget(text, 1)
        for label, action in (
            (_("Snooze 1 &hour"), lambda: self.snooze(notice.ids, "hour")),
            (_("Tomorrow &morning"), lambda: self.snooze(notice.ids, "morning")),
            (_("D&ismiss"), lambda: self.dismiss(notice.ids)),
        ):
            button = QPushButton(label)
            button.setAccessibleName(
                f"{without_mnemonic(label)} — {notice.card_label}"
            )
            button.clicked.connect(action)
            lay.addWidget(button)
        return row

    def texts(self) -> list[str]:
        """The rows on screen (at most ``MAX_ROWS``)."""
        return [n.text for n in self.notices[:MAX_ROWS]]

    def snooze(self, event_ids: int | tuple[int, ...], option: str) -> None:
        from companion.services import reminders
        from companion.ui.cards.card_labels import computer_zone

        reminders.snooze(self.ctx, event_ids, option, computer_zone())
        self._done()

    def dismiss(self, event_ids: int | tuple[int, ...]) -> None:
        from companion.services import reminders

        reminders.dismiss(self.ctx, event_ids)
        self._done()

    def _done(self) -> None:
        self.refresh()
        self._on_change()


class ReminderController(QObject):
    """Checks every minute (and on wake) and delivers what is due, once."""

    def __init__(
        self,
        ctx: AppContext,
        banner: ReminderBanner,
        tray: Callable[[], QSystemTrayIcon | None],
        refresh: Callable[[], None],
        show_window: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.banner = banner
        self._tray = tray
        self._refresh = refresh
        self._show_window = show_window
        self._delivery: NoticeDelivery | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        # A timer of its own rather than QTimer.singleShot, so that stop()
        # also cancels a start still pending when the window goes away.
        self._starter = QTimer(self)
        self._starter.setSingleShot(True)
        self._starter.timeout.connect(self._begin)
        #: One extra check at the exact instant something changes within the
        #: minute (a reminder due, an expiry on show), not at the next tick.
        self.exact_timer = QTimer(self)
        self.exact_timer.setSingleShot(True)
        self.exact_timer.timeout.connect(self.check)
        self._last_wall = ctx.now()
        self._last_mono = time.monotonic()
        self._first = True

    def start(self, delay_ms: int = 0) -> None:
        """Check now, or after ``delay_ms``, and every minute from then on."""
        self._starter.start(delay_ms)

    def _begin(self) -> None:
        self.timer.start()
        self.check()

    def stop(self) -> None:
        """No more checks: the window is closing and the database with it."""
        self._starter.stop()
        self.timer.stop()
        self.exact_timer.stop()
        if self._delivery is not None:
            self._delivery.close()

    def _aim(self, when: dt.datetime | None) -> None:
        self.exact_timer.stop()
        if when is None or not self.timer.isActive():
            return  # an addition to the minute checks, only while they run
        ms = (when - self.ctx.now()).total_seconds() * 1000
        if 0 <= ms < CHECK_INTERVAL_MS:
            self.exact_timer.start(int(ms) + 250)  # just after, never just before

    def woke_from_sleep(self) -> bool:
        wall = self.ctx.now()
        mono = time.monotonic()
        wall_gap = wall - self._last_wall
        ahead = wall_gap - dt.timedelta(seconds=mono - self._last_mono) > JUMP
        # Checks come at least once a minute while the app runs; a far longer
        # gap means the process was suspended, whatever the monotonic clock says.
        long_gap = wall_gap > dt.timedelta(milliseconds=CHECK_INTERVAL_MS) + JUMP
        jumped = ahead or long_gap
        self._last_wall, self._last_mono = wall, mono
        return jumped

    def check(self) -> list[reminders.Notice]:
        """Fire what is due; the first check after start or wake says "missed"."""
        from companion.services import reminders

        woke = self.woke_from_sleep()
        notices = reminders.fire_due(self.ctx)
        self._refresh()
        heading = ""
        if any(n.missed for n in notices):
            heading = "closed" if self._first else "asleep" if woke else "missed"
        self._first = False
        # Every check, not only when something new fired: countdowns move on,
        # and a reminder whose card changed meanwhile goes.
        self.banner.refresh(heading)
        self._aim(reminders.next_change(self.ctx))
        if not notices:
            return []
        self.delivery.deliver(notices)
        return notices

    @property
    def delivery(self) -> NoticeDelivery:
        """Made on the first reminder: its D-Bus client (and the socket module)
        is not start-up work."""
        if self._delivery is None:
            from companion.ui.reminders.notice_delivery import NoticeDelivery

            self._delivery = NoticeDelivery(
                self._tray, self._show_window, self._snooze_from_desktop
            )
        return self._delivery

    def _snooze_from_desktop(self, event_id: int) -> None:
        """Snooze 1 hour, clicked on a desktop notification."""
        from companion.services import reminders
        from companion.ui.cards.card_labels import computer_zone

        reminders.snooze(self.ctx, event_id, "hour", computer_zone())
        self.banner.refresh("")
