"""Calendar export: the expiries as an iCalendar file with one alarm per lead time.

Why a calendar: it is the one reminder channel that works while this app is
not running at all. Why stable UIDs and SEQUENCE: re-importing the file after
a renewal must move the existing event, not add a second one. Times are
written in UTC (``…Z``), which every client reads the same way; the zone the
operator used is kept in the description for the reader.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from companion import __version__
from companion.domain.card import Card
from companion.domain.reminders import PlannedReminder, day_at, plan_card
from companion.i18n import _
from companion.i18n.formatting import format_date, format_datetime
from companion.services.cards import list_cards, renewals
from companion.services.context import AppContext
from companion.services.reminders import _reminder_time

_NAMESPACE_KEY = "ics.uid_namespace"


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        .replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _fold(line: str) -> str:
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


def _utc(value: dt.datetime) -> str:
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


def _event(
    uid: str,
    stamp: dt.datetime,
    start: dt.datetime,
    summary: str,
    description: str,
    sequence: int,
    alarms: list[PlannedReminder],
) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{_utc(stamp)}",
        f"DTSTART:{_utc(start)}",
        "DURATION:PT15M",
        f"SEQUENCE:{sequence}",
        f"SUMMARY:{_escape(summary)}",
        f"DESCRIPTION:{_escape(description)}",
        "TRANSP:TRANSPARENT",
    ]
    for alarm in alarms:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"TRIGGER;RELATED=START:{_duration_before(start - alarm.due)}",
            f"DESCRIPTION:{_escape(summary)}",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


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


def build_calendar(ctx: AppContext, include_activation_codes: bool = False) -> str:
    """The whole calendar as text with CRLF line ends."""
    namespace = uid_namespace(ctx)
    settings = ctx.settings.load()
    at = _reminder_time(ctx)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//Travel Card Companion//{__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(_('Travel Card Companion'))}",
    ]
    for card in sorted(list_cards(ctx), key=lambda c: c.id or 0):
        assert card.id is not None
        plans = plan_card(card, settings.reminder_lead_days, at)
        stamp = card.updated or ctx.now()
        description = _description(card, include_activation_codes)
        if card.expiry is not None:
            lines += _event(
                f"card-{card.id}-expiry-{namespace}@travel-card-companion",
                stamp,
                card.expiry.instant,
                _("{card} expires").format(card=card.label),
                description,
                len(renewals(ctx, card.id)),
                [p for p in plans if p.kind == "expiry"],
            )
        if card.is_esim and card.esim_install_by is not None:
            zone = card.expiry.zone if card.expiry else "UTC"
            start = day_at(card.esim_install_by, at, zone)
            install_plans = [p for p in plans if p.kind == "install_by"]
            lines += _event(
                f"card-{card.id}-install-{namespace}@travel-card-companion",
                stamp,
                start,
                _("Install the eSIM “{card}”").format(card=card.label),
                _("Install by {date} ({zone}).").format(
                    date=format_date(card.esim_install_by), zone=zone
                ),
                0,
                [p for p in install_plans if p.lead_minutes > 0],
            )
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def export_calendar(ctx: AppContext, path: Path, include_activation_codes: bool = False) -> int:
    """Write the calendar atomically; returns the number of events."""
    text = build_calendar(ctx, include_activation_codes)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(text.encode("utf-8"))
    tmp.replace(path)
    return text.count("BEGIN:VEVENT")
