"""Reminder planning: which reminders an expiry cycle has, and which are due.

Why pure: the same rules drive the GUI banner, the tray message, the headless
``companion reminders`` and the calendar export, and are tested with a fake
clock. Persistence (fired/snoozed/dismissed) lives in the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from companion.domain.card import Card, CardTimer
from companion.domain.expiry import Expiry

REMINDER_KINDS: tuple[str, ...] = ("expiry", "install_by", "low_balance", "timer")
MINUTES_PER_DAY = 1440
#: Minutes before a timer's end: a promised payment one day and two hours
#: ahead; the data block only when it ends ("data should work from 14:05").
TIMER_LEADS: dict[str, tuple[int, ...]] = {"promised_payment": (1440, 120), "data_block": (0,)}
INSTALL_BY_LEADS_DAYS: tuple[int, ...] = (3, 1, 0)


class PlannedReminder(NamedTuple):
    """One reminder a cycle should have.

    Why a NamedTuple: planning builds thousands of these on every card change
    and at start-up; a tuple is built several times faster than a frozen
    dataclass and is just as immutable.
    """

    card_id: int
    kind: str
    cycle_key: str
    lead_minutes: int
    due: dt.datetime  # UTC


@dataclass
class ReminderEvent:
    """A planned reminder with what happened to it (stored in reminder_events)."""

    card_id: int
    kind: str
    cycle_key: str
    lead_minutes: int
    due: dt.datetime
    state: str = "pending"
    snoozed_until: dt.datetime | None = None
    fired_at: dt.datetime | None = None
    id: int | None = None

    def wakes_at(self) -> dt.datetime | None:
        """When this reminder should be shown next, or None if it is done."""
        if self.state == "pending":
            return self.due
        if self.state == "snoozed":
            return self.snoozed_until
        return None


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    """ZoneInfo keeps its own cache, but behind a lock and a weak dict; a plain
    cache in front of it halves the cost of planning a thousand cards."""
    return ZoneInfo(name)


@lru_cache(maxsize=16)
def _leads(lead_days: tuple[int, ...]) -> tuple[tuple[int, dt.timedelta], ...]:
    """Lead days, longest first and without repeats, each with its timedelta."""
    if any(days < 0 for days in lead_days):
        raise ValueError("lead days cannot be negative")
    return tuple((days, dt.timedelta(days=days)) for days in sorted(set(lead_days), reverse=True))


def day_at(day: dt.date, at: dt.time, zone: str) -> dt.datetime:
    return dt.datetime.combine(day, at, tzinfo=_zone(zone)).astimezone(dt.UTC)


def plan_expiry(
    card_id: int, expiry: Expiry, lead_days: Iterable[int], at: dt.time
) -> list[PlannedReminder]:
    """One reminder per lead time, on that day at ``at`` in the expiry's zone.

    A reminder that would fall after the expiry itself (the day-of reminder
    at 09:00 for a plan ending at 03:00) is moved to the expiry instant.
    """
    tz = _zone(expiry.zone)
    utc = dt.UTC
    end = expiry.local.replace(tzinfo=tz).astimezone(utc)
    key = expiry.key()
    # Aware minus timedelta is wall-clock arithmetic in ``tz``; astimezone
    # then finds that day's own offset, so DST changes are honoured.
    last_day_at = dt.datetime.combine(expiry.local.date(), at, tzinfo=tz)
    return [
        PlannedReminder(
            card_id, "expiry", key, days * MINUTES_PER_DAY,
            min((last_day_at - delta).astimezone(utc), end),
        )
        for days, delta in _leads(tuple(lead_days))
    ]


def plan_card(
    card: Card,
    default_lead_days: Iterable[int],
    at: dt.time,
    timers: Iterable[CardTimer] = (),
    fallback_zone: str = "UTC",
) -> list[PlannedReminder]:
    """Every reminder a card has in its current cycles.

    A card's dates are in its expiry's zone; a card without an expiry (an
    eSIM with only an install-by date) uses ``fallback_zone``, the computer's
    zone, so "install by 30 Nov" reminds at 09:00 where the user is.
    """
    if card.id is None or card.archived:
        return []
    plans: list[PlannedReminder] = []
    leads = card.lead_days if card.lead_days is not None else tuple(default_lead_days)
    if card.expiry is not None:
        plans += plan_expiry(card.id, card.expiry, leads, at)
    if card.is_esim and card.esim_install_by is not None:
        zone = card.expiry.zone if card.expiry else fallback_zone
        for days in INSTALL_BY_LEADS_DAYS:
            due = day_at(card.esim_install_by - dt.timedelta(days=days), at, zone)
            plans.append(
                PlannedReminder(
                    card.id, "install_by", card.esim_install_by.isoformat(),
                    days * MINUTES_PER_DAY, due,
                )
            )
    if card.balance_is_low and card.balance is not None and card.updated is not None:
        plans.append(
            PlannedReminder(card.id, "low_balance", str(card.balance.minor), 0, card.updated)
        )
    for timer in timers:
        key = f"{timer.id}|{timer.ends.astimezone(dt.UTC).isoformat(timespec='minutes')}"
        for minutes in TIMER_LEADS[timer.kind]:
            due = max(timer.ends - dt.timedelta(minutes=minutes), timer.started)
            plans.append(
                PlannedReminder(card.id, "timer", key, minutes, due.astimezone(dt.UTC))
            )
    return plans


def due_now(events: Iterable[ReminderEvent], now: dt.datetime) -> tuple[
    list[ReminderEvent], list[ReminderEvent]
]:
    """Split what is due into (to show, superseded).

    Why superseded: after three days asleep the 7-, 3- and 1-day reminders of
    one expiry are all due; the user needs the latest one once, not three.
    """
    due = [e for e in events if (w := e.wakes_at()) is not None and w <= now]
    newest: dict[tuple[int, str, str], ReminderEvent] = {}
    for event in due:
        group = (event.card_id, event.kind, event.cycle_key)
        best = newest.get(group)
        if best is None or event.due > best.due:
            newest[group] = event
    show = sorted(newest.values(), key=lambda e: (e.due, e.card_id))
    shown_ids = {id(e) for e in show}
    return show, [e for e in due if id(e) not in shown_ids]


def snooze_until(option: str, now: dt.datetime, zone: str, morning: dt.time) -> dt.datetime:
    """'hour' → in one hour; 'morning' → tomorrow at the reminder time, local."""
    if option == "hour":
        return now + dt.timedelta(hours=1)
    if option == "morning":
        local = now.astimezone(ZoneInfo(zone))
        return day_at(local.date() + dt.timedelta(days=1), morning, zone)
    raise ValueError(f"unknown snooze option {option!r}")
