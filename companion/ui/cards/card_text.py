"""The words the dashboard and the timeline show for a card (no widgets here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel import dates as bdates

from companion.domain.card import Card, CardTimer, format_number
from companion.domain.expiry import expiry_state
from companion.guide.operators import bundled_operators
from companion.i18n import _, current_language
from companion.i18n.formatting import (
    babel_locale,
    format_countdown,
    format_date,
    format_money,
    name_zone_if_elsewhere,
    zone_label,
)
from companion.ui.cards.card_labels import KIND_NAMES, STATE_NAMES, TIMER_NAMES, computer_zone


def when_text(value: dt.datetime) -> str:
    """Date and time to the minute in the value's own zone, in the UI language."""
    loc = babel_locale()
    date = bdates.format_skeleton("yMMMEd", value, tzinfo=value.tzinfo, locale=loc)
    time = bdates.format_time(value, "short", tzinfo=value.tzinfo, locale=loc)
    glue = str(bdates.get_datetime_format("medium", locale=loc))
    return glue.replace("{1}", str(date)).replace("{0}", str(time))


def card_time_text(value: dt.datetime) -> str:
    """``when_text`` of a card's own wall clock, naming its zone where the computer's differs."""
    return name_zone_if_elsewhere(value, when_text(value))


def countdown(card: Card, now: dt.datetime) -> str:
    if card.expiry is None:
        return _("no expiry")
    if card.expiry.instant <= now:
        return _("expired {ago}").format(ago=format_countdown(card.expiry.instant, now))
    return _("expires {when}").format(when=format_countdown(card.expiry.instant, now))


def expiry_line(card: Card, here_zone: str | None = None) -> str:
    """The expiry as entered, and in the computer's zone when that differs."""
    if card.expiry is None:
        return ""
    here = here_zone or computer_zone()
    text = _("{date} ({zone})").format(
        date=when_text(card.expiry.aware), zone=zone_label(card.expiry.aware)
    )
    if here != card.expiry.zone:
        mine = card.expiry.shown_in(here)
        if mine.replace(tzinfo=None) != card.expiry.local:
            text += " · " + _("{date} on this computer").format(
                date=when_text(mine)
            )
    return text


def summary(card: Card, now: dt.datetime) -> tuple[str, str]:
    """(state key, two-line list text): state written out, never colour alone."""
    state = expiry_state(card.expiry, now)
    if card.expiry is None:
        # The state says it all: "No expiry: no expiry" said it twice.
        first = _("{card} — {state}").format(card=card.label, state=_(STATE_NAMES[state]))
    else:
        first = _("{card} — {state}: {countdown}").format(
            card=card.label, state=_(STATE_NAMES[state]), countdown=countdown(card, now)
        )
    second = expiry_line(card) or _(KIND_NAMES[card.kind])
    return state, f"{first}\n{second}"


def spoken(text: str) -> str:
    """A list's two-line text as one sentence for a screen reader, with the
    language's own full stop ("…. …" joined in English, "…。…" in Chinese)."""
    first, _newline, second = text.partition("\n")
    return _("{first}. {second}").format(first=first, second=second) if second else first


def timer_line(timer: CardTimer, now: dt.datetime) -> str:
    ends = when_text(timer.ends.astimezone())
    if timer.kind == "data_block":
        return _("Data and SMS should work from {time} ({when}).").format(
            time=ends, when=format_countdown(timer.ends, now)
        )
    return _("Repay the promised payment by {time} ({when}).").format(
        time=ends, when=format_countdown(timer.ends, now)
    )


def details(card: Card, timers: list[CardTimer], now: dt.datetime) -> str:
    lines = [card.label, _(KIND_NAMES[card.kind])]
    if card.number:
        lines.append(_("Number: {number}").format(number=format_number(card.number)))
    if card.operator_name or card.operator_id:
        op = bundled_operators().get(card.operator_id or "")
        name = op.display_name(current_language()) if op else card.operator_name
        fact = op.fact("balance") if op else None
        lines.append(
            _("Operator: {name}, balance code {code}").format(name=name, code=fact.value)
            if fact else _("Operator: {name}").format(name=name)
        )
    if card.plan_name and card.plan_price:
        lines.append(
            _("Plan: {name} {price}").format(
                name=card.plan_name, price=format_money(card.plan_price)
            )
        )
    elif card.plan_price:
        lines.append(_("Plan: {price}").format(price=format_money(card.plan_price)))
    elif card.plan_name:
        lines.append(_("Plan: {name}").format(name=card.plan_name))
    if card.expiry:
        lines.append(_("Expires: {line}").format(line=expiry_line(card)))
        lines.append(countdown(card, now))
    if card.auto_renew:
        lines.append(_("Renews automatically from the balance."))
    if card.balance:
        lines.append(_("Balance: {amount}").format(amount=format_money(card.balance)))
        if card.balance_is_low:
            lines.append(_("The balance is low."))
    if card.is_esim and card.esim_install_by:
        lines.append(_("Install by {date}").format(date=format_date(card.esim_install_by)))
    for timer in timers:
        lines.append(f"{_(TIMER_NAMES[timer.kind])}: {timer_line(timer, now)}")
    if card.notes:
        lines += ["", card.notes]
    return "\n".join(lines)


@dataclass(frozen=True)
class TimelineEntry:
    when: dt.datetime
    card_id: int
    text: str


def timeline(
    cards: list[Card], timers: list[CardTimer], now: dt.datetime, days: int = 90
) -> list[TimelineEntry]:
    """Upcoming expiries, install-by dates and timer ends, soonest first."""
    horizon = now + dt.timedelta(days=days)
    labels = {c.id: c.label for c in cards}
    entries = []
    for card in cards:
        assert card.id is not None
        if card.expiry and now - dt.timedelta(days=1) <= card.expiry.instant <= horizon:
            entries.append(TimelineEntry(card.expiry.instant, card.id, _("{card} expires").format(
                card=card.label)))
        if card.is_esim and card.esim_install_by:
            when = dt.datetime.combine(card.esim_install_by, dt.time(23, 59)).astimezone(dt.UTC)
            if now <= when <= horizon:
                entries.append(TimelineEntry(when, card.id, _("Install the eSIM “{card}”").format(
                    card=card.label)))
    for timer in timers:
        if timer.card_id in labels and timer.ends <= horizon:
            what = f"{labels[timer.card_id]}: {_(TIMER_NAMES[timer.kind])}"
            entries.append(TimelineEntry(timer.ends, timer.card_id, what))
    return sorted(entries, key=lambda e: e.when)
