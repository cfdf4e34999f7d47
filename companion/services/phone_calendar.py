"""A card's next renewal reminder as text a phone camera adds to its calendar.

Why one ``VEVENT`` placed at the reminder, not the expiry: phone cameras
recognise a QR code whose text is a bare ``BEGIN:VEVENT … END:VEVENT`` and
offer "Add to calendar", but they drop alarms. So the event itself sits at
the next reminder time (the next lead before the expiry), and its title and
description state the expiry with its zone named, the operator, the number
and the code to check the balance: what someone needs at that moment, on
the device that holds the SIM. Times are written in UTC, so the phone shows
them correctly in whatever zone it is.
"""

from __future__ import annotations

import datetime as dt

from companion.domain.card import Card
from companion.domain.reminders import plan_card
from companion.guide.operators import bundled_operators
from companion.i18n import _
from companion.i18n.formatting import format_datetime, zone_label
from companion.services.context import AppContext
from companion.services.ics import escape_text, fold_line, utc_stamp
from companion.services.reminders import reminder_time
from companion.services.zones import system_zone

#: Bytes a QR code holds at error-correction level M (version 40): the limit
#: for the whole-calendar code.
QR_CAPACITY = 2331


def next_reminder(ctx: AppContext, card: Card) -> dt.datetime | None:
    """When the card's next expiry reminder falls; None if nothing lies ahead."""
    if card.expiry is None or card.id is None:
        return None
    now = ctx.now()
    settings = ctx.settings.load()
    plans = [
        p.due for p in plan_card(card, settings.reminder_lead_days, reminder_time(ctx),
                                 fallback_zone=system_zone())
        if p.kind == "expiry" and p.due > now
    ]
    if plans:
        return min(plans)
    return card.expiry.instant if card.expiry.instant > now else None


def _expiry_text(card: Card) -> str:
    assert card.expiry is not None
    aware = card.expiry.aware
    return _("{time} {zone}").format(time=format_datetime(aware, "short"), zone=zone_label(aware))


def card_event(ctx: AppContext, card: Card) -> str | None:
    """The ``VEVENT`` for one card, or None when it has no reminder ahead."""
    start = next_reminder(ctx, card)
    if start is None or card.expiry is None:
        return None
    summary = _("Renew {card}: expires {when}").format(card=card.label, when=_expiry_text(card))
    lines = [_("Expires {when}.").format(when=_expiry_text(card))]
    if card.operator_name:
        lines.append(_("Operator: {name}").format(name=card.operator_name))
    if card.number:
        lines.append(_("Number: {number}").format(number=card.number))
    operator = bundled_operators().get(card.operator_id or "")
    balance = operator.fact("balance") if operator else None
    if balance is not None:
        lines.append(_("Check the balance with {code}").format(code=balance.value))
    body = [
        "BEGIN:VEVENT",
        f"DTSTART:{utc_stamp(start)}",
        f"DTEND:{utc_stamp(start + dt.timedelta(minutes=15))}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(chr(10).join(lines))}",
        "END:VEVENT",
    ]
    return "\r\n".join(fold_line(line) for line in body)


def card_events(ctx: AppContext, cards: list[Card]) -> list[str]:
    """The events of the cards in use that have a reminder ahead."""
    return [e for e in (card_event(ctx, c) for c in cards if not c.archived) if e]


def all_cards_calendar(ctx: AppContext, cards: list[Card]) -> str | None:
    """Every card's event in one calendar; None when there is none or it would
    not fit one code (``card_events`` tells the two apart)."""
    events = card_events(ctx, cards)
    if not events:
        return None
    text = "\r\n".join(
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Travel Card Companion//EN", *events,
         "END:VCALENDAR"]
    )
    return text if len(text.encode("utf-8")) <= QR_CAPACITY else None
