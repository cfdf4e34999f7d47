"""Reminder use cases: plan, fire once, snooze, dismiss — all driven by ``ctx.now()``.

Why here and not in the UI: the GUI's minute timer, its wake-from-sleep check
and the headless ``companion reminders`` all call the same functions, so a
reminder fires once whichever of them sees it first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from companion.domain.card import Card, CardTimer
from companion.domain.reminders import (
    ReminderEvent,
    due_now,
    plan_card,
    snooze_until,
)
from companion.i18n import _
from companion.i18n.formatting import (
    format_countdown,
    format_date,
    format_datetime,
    format_money,
    format_wall_time,
)
from companion.services.context import AppContext
from companion.store.cards_repo import CardsRepo
from companion.store.database import transaction
from companion.store.reminders_repo import RemindersRepo

#: A due reminder shown this much later than planned counts as "missed".
MISSED_AFTER = dt.timedelta(minutes=5)
#: Ended timers keep their events this long, so a sleeping laptop still sees them.
TIMER_GRACE = dt.timedelta(days=7)


@dataclass(frozen=True)
class Notice:
    event_id: int
    card_id: int
    card_label: str
    kind: str
    text: str
    due: dt.datetime
    missed: bool


def _reminder_time(ctx: AppContext) -> dt.time:
    text = ctx.settings.load().reminder_time
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        return dt.time(9, 0)


def replan_card(ctx: AppContext, card: Card) -> None:
    """Bring the card's stored reminders in line with the card (caller's transaction)."""
    assert card.id is not None
    settings = ctx.settings.load()
    timers = CardsRepo(ctx.conn).timers(card.id, ending_after=ctx.now() - TIMER_GRACE)
    plans = plan_card(card, settings.reminder_lead_days, _reminder_time(ctx), timers)
    RemindersRepo(ctx.conn).sync_card(card.id, plans)


def sync_all(ctx: AppContext) -> None:
    with transaction(ctx.conn):
        for card in CardsRepo(ctx.conn).cards():
            replan_card(ctx, card)


def _timer_for(ctx: AppContext, event: ReminderEvent) -> CardTimer | None:
    timer_id = event.cycle_key.split("|", 1)[0]
    for timer in CardsRepo(ctx.conn).timers(event.card_id):
        if str(timer.id) == timer_id:
            return timer
    return None


def describe(ctx: AppContext, card: Card, event: ReminderEvent, now: dt.datetime) -> str:
    """The sentence a user reads in the banner, the tray and the terminal."""
    label = card.label
    if event.kind == "expiry" and card.expiry is not None:
        when = card.expiry.aware
        if card.expiry.instant <= now:
            return _("{card} expired {ago} ({date}).").format(
                card=label, ago=format_countdown(card.expiry.instant, now),
                date=format_wall_time(when),
            )
        return _("{card} expires {when} ({date}).").format(
            card=label, when=format_countdown(card.expiry.instant, now),
            date=format_wall_time(when),
        )
    if event.kind == "install_by" and card.esim_install_by is not None:
        return _("Install the eSIM “{card}” by {date}.").format(
            card=label, date=format_date(card.esim_install_by)
        )
    if event.kind == "low_balance" and card.balance and card.low_balance:
        return _("{card}: the balance {amount} is below {limit}. Top up.").format(
            card=label, amount=format_money(card.balance), limit=format_money(card.low_balance)
        )
    if event.kind == "timer":
        timer = _timer_for(ctx, event)
        if timer is not None and timer.kind == "data_block":
            local = timer.ends.astimezone()  # the computer's clock: where the user is now
            return _("{card}: mobile data and SMS should work from {time}.").format(
                card=label, time=format_datetime(local, "short")
            )
        if timer is not None:
            local = timer.ends.astimezone()
            return _("{card}: repay the promised payment by {time}.").format(
                card=label, time=format_datetime(local, "short")
            )
    return _("Reminder for {card}.").format(card=label)


def fire_due(ctx: AppContext) -> list[Notice]:
    """Everything due now, each once; older leads of the same cycle are folded in."""
    sync_all(ctx)
    now = ctx.now()
    repo = RemindersRepo(ctx.conn)
    show, superseded = due_now(repo.open_events(), now)
    cards = CardsRepo(ctx.conn)
    notices = []
    with transaction(ctx.conn):
        for event in superseded:
            assert event.id is not None
            repo.mark_fired(event.id, now)
        for event in show:
            assert event.id is not None
            card = cards.get(event.card_id)
            repo.mark_fired(event.id, now)
            if card is None:
                continue
            wake = event.wakes_at() or event.due
            notices.append(
                Notice(
                    event_id=event.id,
                    card_id=event.card_id,
                    card_label=card.label,
                    kind=event.kind,
                    text=describe(ctx, card, event, now),
                    due=wake,
                    missed=now - wake > MISSED_AFTER,
                )
            )
    return notices


def reword(ctx: AppContext, notices: list[Notice]) -> list[Notice]:
    """The same notices, worded again in the current language and as of now.

    A notice whose card or reminder has gone meanwhile keeps its words.
    """
    now = ctx.now()
    cards = CardsRepo(ctx.conn)
    events = RemindersRepo(ctx.conn)
    result = []
    for notice in notices:
        card = cards.get(notice.card_id)
        event = events.get(notice.event_id)
        if card is None or event is None:
            result.append(notice)
            continue
        text = describe(ctx, card, event, now)
        result.append(replace(notice, card_label=card.label, text=text))
    return result


def upcoming(ctx: AppContext, within: dt.timedelta) -> list[Notice]:
    """Open reminders due in the next ``within`` (not fired, not dismissed)."""
    sync_all(ctx)
    now = ctx.now()
    cards = CardsRepo(ctx.conn)
    result = []
    for event in RemindersRepo(ctx.conn).open_events():
        wake = event.wakes_at()
        if wake is None or not now < wake <= now + within:
            continue
        card = cards.get(event.card_id)
        if card is None or event.id is None:
            continue
        result.append(
            # Worded as it will read when it fires ("expires in 3 days").
            Notice(event.id, card.id or 0, card.label, event.kind,
                   describe(ctx, card, event, wake), wake, False)
        )
    return sorted(result, key=lambda n: n.due)


def next_wake(ctx: AppContext) -> dt.datetime | None:
    times = [w for e in RemindersRepo(ctx.conn).open_events() if (w := e.wakes_at())]
    return min(times, default=None)


def snooze(ctx: AppContext, event_id: int, option: str, zone: str) -> dt.datetime:
    until = snooze_until(option, ctx.now(), zone, _reminder_time(ctx))
    with transaction(ctx.conn):
        RemindersRepo(ctx.conn).snooze(event_id, until)
    return until


def dismiss(ctx: AppContext, event_id: int) -> None:
    with transaction(ctx.conn):
        RemindersRepo(ctx.conn).dismiss(event_id)


def peek_due(ctx: AppContext) -> list[Notice]:
    """What ``fire_due`` would show, without marking anything as shown."""
    sync_all(ctx)
    now = ctx.now()
    show, _superseded = due_now(RemindersRepo(ctx.conn).open_events(), now)
    cards = CardsRepo(ctx.conn)
    result = []
    for event in show:
        card = cards.get(event.card_id)
        if card is not None and event.id is not None:
            wake = event.wakes_at() or event.due
            result.append(
                Notice(event.id, event.card_id, card.label, event.kind,
                       describe(ctx, card, event, now), wake, now - wake > MISSED_AFTER)
            )
    return result
