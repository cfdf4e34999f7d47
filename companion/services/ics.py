"""Calendar export: the expiries as an iCalendar file with one alarm per lead time.

Why a calendar: it is the one reminder channel that works while this app is
not running at all. Why stable UIDs and a remembered SEQUENCE: re-importing
the file after any change (a renewal, an expiry corrected by hand, a new
name or lead list) must move the existing event, and strict clients apply an
update only when its SEQUENCE is higher than the one they hold. So each
export compares every event with what the last export said (the
``calendar_events`` table) and counts up on a difference; an event whose card
was archived or deleted is written as ``STATUS:CANCELLED`` under its old UID
so calendars drop it. DTSTAMP is the time of the export.

Times are written in UTC (``…Z``), which every client reads the same way; the
zone the operator used is kept in the description for the reader. A card's
install-by date is in the card's zone: its expiry's, or for a card without
an expiry the computer's (as its reminders are).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from pathlib import Path
from typing import NamedTuple

from companion import __version__, atomic_write
from companion.domain.card import Card
from companion.domain.reminders import PlannedReminder, day_at, plan_card
from companion.i18n import _, ngettext
from companion.i18n.formatting import format_date, format_datetime, format_number
from companion.services.cards import list_cards, renewals
from companion.services.context import AppContext
from companion.services.reminders import reminder_time
from companion.services.zones import system_zone
from companion.store.calendar_repo import CalendarRepo, ExportedEvent
from companion.store.database import transaction

_NAMESPACE_KEY = "ics.uid_namespace"


#: Control characters RFC 5545 forbids in text (HTAB is allowed; line breaks are escaped).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def escape_text(text: str) -> str:
    """TEXT as RFC 5545 writes it. A bare CR counts as a line break too: a
    client that ends lines at CR would otherwise read a card named
    "x\\rBEGIN:VEVENT" as a new event."""
    text = _CONTROL.sub("", text)
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _LINE_BREAK.sub(lambda _m: "\\n", text)


def fold_line(line: str) -> str:
    """Fold at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1)."""
    out: list[str] = []
    current = ""
    for ch in line:
        limit = 75 if not out else 74
        if len((current + ch).encode("utf-8")) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return "\r\n ".join(out)


def utc_stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _duration_before(delta: dt.timedelta) -> str:
    """``-P7DT0H0M`` style trigger for an alarm ``delta`` before the start."""
    total = int(delta.total_seconds() // 60)
    sign = "-" if total >= 0 else ""
    total = abs(total)
    days, rest = divmod(total, 1440)
    hours, minutes = divmod(rest, 60)
    return f"{sign}P{days}DT{hours}H{minutes}M"


def uid_namespace(ctx: AppContext) -> str:
    """A random id per database, so two databases never share UIDs."""
    value = ctx.settings.get_raw(_NAMESPACE_KEY)
    if not isinstance(value, str):
        value = uuid.uuid4().hex
        ctx.settings.set_raw(_NAMESPACE_KEY, value)
    return value


class _Event(NamedTuple):
    """One event as the cards say it should be now."""

    uid: str
    card_id: int
    start: dt.datetime
    summary: str
    #: The event's properties and alarms, without UID, DTSTAMP and SEQUENCE.
    body: tuple[str, ...]
    #: SEQUENCE for an event never exported before; for the expiry this is what
    #: the export wrote before the sequence was remembered (the renewal count),
    #: so an older calendar never sees the number go down.
    first_sequence: int

    def fingerprint(self) -> str:
        return hashlib.sha256("\n".join(self.body).encode("utf-8")).hexdigest()


def _event(
    uid: str,
    card_id: int,
    start: dt.datetime,
    summary: str,
    description: str,
    first_sequence: int,
    alarms: list[PlannedReminder],
) -> _Event:
    body = [
        f"DTSTART:{utc_stamp(start)}",
        "DURATION:PT15M",
        "STATUS:CONFIRMED",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(description)}",
        "TRANSP:TRANSPARENT",
    ]
    for alarm in alarms:
        body += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"TRIGGER;RELATED=START:{_duration_before(start - alarm.due)}",
            f"DESCRIPTION:{escape_text(summary)}",
            "END:VALARM",
        ]
    return _Event(uid, card_id, start, summary, tuple(body), first_sequence)


def _written(uid: str, stamp: dt.datetime, sequence: int, body: list[str] | tuple[str, ...]) -> (
    list[str]
):
    return [
        "BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{utc_stamp(stamp)}", f"SEQUENCE:{sequence}",
        *body, "END:VEVENT",
    ]


def _cancelled(event: ExportedEvent, stamp: dt.datetime) -> list[str]:
    return _written(event.uid, stamp, event.sequence, [
        f"DTSTART:{utc_stamp(event.start)}",
        "DURATION:PT15M",
        "STATUS:CANCELLED",
        f"SUMMARY:{escape_text(event.summary)}",
        "TRANSP:TRANSPARENT",
    ])


def _description(card: Card, include_codes: bool) -> str:
    parts = []
    if card.expiry is not None:
        parts.append(
            _("Expires {date} ({zone}).").format(
                date=format_datetime(card.expiry.aware, "short"), zone=card.expiry.zone
            )
        )
    if card.operator_name:
        parts.append(_("Operator: {name}").format(name=card.operator_name))
    if card.plan_name:
        parts.append(_("Plan: {name}").format(name=card.plan_name))
    if include_codes and card.esim_activation_code:
        parts.append(_("Activation code: {code}").format(code=card.esim_activation_code))
    return "\n".join(parts)


def _current_events(ctx: AppContext, include_activation_codes: bool) -> list[_Event]:
    """The events the active cards call for, as of now."""
    namespace = uid_namespace(ctx)
    settings = ctx.settings.load()
    at = reminder_time(ctx)
    computer = system_zone()
    events = []
    for card in sorted(list_cards(ctx), key=lambda c: c.id or 0):
        assert card.id is not None
        plans = plan_card(card, settings.reminder_lead_days, at, fallback_zone=computer)
        description = _description(card, include_activation_codes)
        if card.expiry is not None:
            events.append(_event(
                f"card-{card.id}-expiry-{namespace}@travel-card-companion",
                card.id,
                card.expiry.instant,
                _("{card} expires").format(card=card.label),
                description,
                len(renewals(ctx, card.id)),
                [p for p in plans if p.kind == "expiry"],
            ))
        if card.is_esim and card.esim_install_by is not None:
            zone = card.expiry.zone if card.expiry else computer
            install_plans = [p for p in plans if p.kind == "install_by"]
            events.append(_event(
                f"card-{card.id}-install-{namespace}@travel-card-companion",
                card.id,
                day_at(card.esim_install_by, at, zone),
                _("Install the eSIM “{card}”").format(card=card.label),
                _("Install by {date} ({zone}).").format(
                    date=format_date(card.esim_install_by), zone=zone
                ),
                0,
                [p for p in install_plans if p.lead_minutes > 0],
            ))
    return events


def build_calendar(ctx: AppContext, include_activation_codes: bool = False) -> str:
    """The whole calendar as text with CRLF line ends.

    Remembers what it wrote (SEQUENCE, and the events to cancel next time),
    in one transaction with reading what was written before.
    """
    return _build(ctx, include_activation_codes)[0]


class CalendarCounts(NamedTuple):
    """What a written calendar holds, for the sentence that reports it."""

    events: int
    cancelled: int


def written_message(counts: CalendarCounts, path: str) -> str:
    """"Wrote 3 events to …", plus the cancellations if there are any."""
    text = ngettext("Wrote {count} event to {path}.", "Wrote {count} events to {path}.",
                    counts.events).format(count=format_number(counts.events), path=path)
    if counts.cancelled:
        text += " " + ngettext(
            "{count} event of an archived or deleted card is marked cancelled, "
            "so calendars drop it.",
            "{count} events of archived or deleted cards are marked cancelled, "
            "so calendars drop them.",
            counts.cancelled,
        ).format(count=format_number(counts.cancelled))
    return text


def _build(ctx: AppContext, include_activation_codes: bool) -> tuple[str, CalendarCounts]:
    """The calendar's text and how many events and cancellations it holds."""
    events = _current_events(ctx, include_activation_codes)
    now = ctx.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//Travel Card Companion//{__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(_('Travel Card Companion'))}",
    ]
    cancelled = 0
    with transaction(ctx.conn):
        repo = CalendarRepo(ctx.conn)
        known = repo.all()
        for event in events:
            fingerprint = event.fingerprint()
            old = known.get(event.uid)
            if old is None:
                sequence = event.first_sequence
            elif old.fingerprint != fingerprint or old.cancelled:
                sequence = old.sequence + 1
            else:
                sequence = old.sequence
            repo.save(ExportedEvent(event.uid, event.card_id, sequence, fingerprint,
                                    event.start, event.summary, False))
            lines += _written(event.uid, now, sequence, event.body)
        current = {e.uid for e in events}
        for uid, old in known.items():
            if uid in current:
                continue
            if not old.cancelled:
                old = old._replace(sequence=old.sequence + 1, cancelled=True)
                repo.save(old)
            lines += _cancelled(old, now)
            cancelled += 1
    lines.append("END:VCALENDAR")
    text = "".join(fold_line(line) + "\r\n" for line in lines)
    return text, CalendarCounts(len(events), cancelled)


def export_calendar(
    ctx: AppContext, path: Path, include_activation_codes: bool = False
) -> CalendarCounts:
    """Write the calendar atomically; returns how many events and cancellations it holds."""
    text, counts = _build(ctx, include_activation_codes)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A full disk or a folder in the way leaves the old file and nothing half-written.
    atomic_write.write_text(path, text)
    return counts
