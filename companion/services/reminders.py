"""Reminder use cases: plan, fire once, snooze, dismiss — all driven by ``ctx.now()``.

Why here and not in the UI: the GUI's minute timer, its wake-from-sleep check
and the headless ``companion reminders`` all call the same functions, so a
reminder fires once whichever of them sees it first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

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
from companion.services.zones import system_zone
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
    #: Every stored reminder this notice stands for (the banner folds older
    #: leads of one card and kind into one row); snooze and dismiss act on all.
    event_ids: tuple[int, ...] = ()

    @property
    def ids(self) -> tuple[int, ...]:
        return self.event_ids or (self.event_id,)


def reminder_time(ctx: AppContext) -> dt.time:
    text = ctx.settings.load().reminder_time
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        return dt.time(9, 0)


def replan_card(ctx: AppContext, card: Card, zone: str | None = None) -> None:
    """Bring the card's stored reminders in line with the card (caller's transaction).

    An archived card keeps its stored reminders untouched (none is shown while
    it is archived): restoring it, or undoing the archive, brings back each
    reminder as it was (snoozed, shown or dismissed), not as new.
    """
    assert card.id is not None
    if card.archived:
        return
    settings = ctx.settings.load()
    timers = CardsRepo(ctx.conn).timers(card.id, ending_after=ctx.now() - TIMER_GRACE)
    plans = plan_card(card, settings.reminder_lead_days, reminder_time(ctx), timers,
                      fallback_zone=zone or system_zone())
    RemindersRepo(ctx.conn).sync_card(card.id, plans)


def sync_all(ctx: AppContext) -> None:
    zone = system_zone()
    with transaction(ctx.conn):
        for card in CardsRepo(ctx.conn).cards():
            replan_card(ctx, card, zone)


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


def on_show(ctx: AppContext) -> list[Notice]:
    """What the banner shows, read again from the stored reminders as of now.

    Why recomputed rather than remembered: a row kept in memory goes stale
    (a countdown after the expiry, a card renewed, deleted or corrected
    meanwhile). Shown are the reminders that have fired and were neither
    snoozed nor dismissed, of cards neither archived nor deleted, in their
    current cycle (re-planning removes the others). One row per card and
    kind (a timer's kind counts, so a promised payment and a data block are
    two rows): the latest lead stands for the older ones still open.
    """
    now = ctx.now()
    cards = CardsRepo(ctx.conn)
    timer_kinds = {str(t.id): t.kind for t in cards.timers()}
    groups: dict[tuple[int, str, str], list[ReminderEvent]] = {}
    for event in RemindersRepo(ctx.conn).shown_events():
        sub = timer_kinds.get(event.cycle_key.split("|", 1)[0], "") if event.kind == "timer" else ""
        groups.setdefault((event.card_id, event.kind, sub), []).append(event)
    result = []
    for (card_id, kind, _sub), events in groups.items():
        card = cards.get(card_id)
        if card is None:
            continue
        latest = max(events, key=lambda e: (e.due, e.id or 0))
        assert latest.id is not None
        fired = latest.fired_at or now
        result.append(Notice(
            event_id=latest.id, card_id=card_id, card_label=card.label, kind=kind,
            text=describe(ctx, card, latest, now), due=latest.due,
            missed=fired - latest.due > MISSED_AFTER,
            event_ids=tuple(e.id for e in events if e.id is not None),
        ))
    return sorted(result, key=lambda n: (n.due, n.card_id, n.kind))


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


def next_change(ctx: AppContext) -> dt.datetime | None:
    """The next instant the banner changes on its own: a reminder comes due
    (or out of a snooze), or a card with a row on show expires, so that
    "expires in …" becomes "expired" at that moment, not up to a minute later."""
    now = ctx.now()
    repo = RemindersRepo(ctx.conn)
    times = [w for e in repo.open_events() if (w := e.wakes_at()) is not None and w > now]
    cards = CardsRepo(ctx.conn)
    for card_id in {e.card_id for e in repo.shown_events()}:
        card = cards.get(card_id)
        if card is not None and card.expiry is not None and card.expiry.instant > now:
            times.append(card.expiry.instant)
    return min(times, default=None)


def next_wake(ctx: AppContext) -> dt.datetime | None:
    times = [w for e in RemindersRepo(ctx.conn).open_events() if (w := e.wakes_at())]
    return min(times, default=None)


def _ids(event_ids: int | Iterable[int]) -> tuple[int, ...]:
    return (event_ids,) if isinstance(event_ids, int) else tuple(event_ids)


def snooze(ctx: AppContext, event_ids: int | Iterable[int], option: str, zone: str) -> (
    dt.datetime
):
    """Snooze one reminder, or every reminder a banner row stands for."""
    until = snooze_until(option, ctx.now(), zone, reminder_time(ctx))
    with transaction(ctx.conn):
        for event_id in _ids(event_ids):
            RemindersRepo(ctx.conn).snooze(event_id, until)
    return until


def dismiss(ctx: AppContext, event_ids: int | Iterable[int]) -> None:
    with transaction(ctx.conn):
        for event_id in _ids(event_ids):
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
