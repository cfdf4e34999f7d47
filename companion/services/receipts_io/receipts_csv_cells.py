"""Reading one CSV cell into a receipt's value, or a translated reason why not.

Why strict and ASCII-only: a file is imported without a person watching each
value, so nothing is guessed. ``１２３`` (full-width), ``1e3`` or ``−5`` is
refused rather than read as some number; a time without an offset that the
clocks skipped or repeated is refused rather than given an offset. Dates
follow the receipt form's rule (``receipt_rules``), checked before any zone
conversion so that year 1 or 9999 is a message, not ``OverflowError``.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from companion.domain.expiry import wall_time_exists, wall_time_repeats
from companion.domain.money import Money
from companion.i18n import _
from companion.i18n.formatting import format_number
from companion.i18n.money_input import MoneyInputError, parse_plain_money
from companion.services.payment_date_check import paid_at_message

#: Longest part of a cell quoted back in a message.
_SHOWN = 60
_PLAIN_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")
_WHOLE_NUMBER = re.compile(r"[0-9]+")


def shown(value: str) -> str:
    """A cell as quoted in a message: never a page of text."""
    return value if len(value) <= _SHOWN else value[: _SHOWN - 1] + "…"


# ----- one cell at a time ----------------------------------------------------------
def parse_amount(text: str, currency: str) -> Money:
    """A file's amount, by the one rule for amounts in files (``parse_plain_money``);
    only ASCII digits, and a negative amount gets its own sentence."""
    raw = text.strip()
    if raw.startswith("-") and _PLAIN_NUMBER.fullmatch(raw[1:].replace(",", ".")):
        raise ValueError(_("The amount cannot be negative."))
    if not raw.isascii():
        raise ValueError(
            _("“{value}” is not a plain number such as 1234.50.").format(value=shown(text))
        )
    try:
        return parse_plain_money(raw, currency)
    except MoneyInputError as exc:
        raise ValueError(str(exc)) from None


def parse_paid(text: str, zone_name: str, zone: ZoneInfo, now: dt.datetime) -> dt.datetime:
    raw = text.strip()
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise ValueError(
            _("“{value}” is not a date such as 2026-11-24 or 2026-11-24T14:30+03:00.").format(
                value=shown(text)
            )
        ) from None
    if value.microsecond:
        # The log keeps whole seconds; cutting the fraction off would change the value.
        raise ValueError(
            _("“{value}” has fractions of a second; write whole seconds at most.").format(
                value=shown(text)
            )
        )
    naive = value.tzinfo is None
    if naive:
        value = value.replace(tzinfo=zone)
    message = paid_at_message(value, now)
    if message:
        raise ValueError(message)
    if naive:
        check_wall_clock(value, zone_name)
    return value.astimezone(zone)


def check_wall_clock(value: dt.datetime, zone_name: str) -> None:
    """A time without an offset must name one instant: not one skipped or
    repeated when the clocks changed (the domain's rules, as in the forms)."""
    naive = value.replace(tzinfo=None)
    if not wall_time_exists(naive, zone_name):
        raise ValueError(
            _(
                "{time} did not exist in {zone}: the clocks were changed then. "
                "Add the UTC offset, such as +03:00."
            ).format(time=naive.isoformat(sep=" ", timespec="minutes"), zone=zone_name)
        )
    if wall_time_repeats(naive, zone_name):
        raise ValueError(
            _(
                "{time} happened twice in {zone}: the clocks were turned back. "
                "Add the UTC offset, such as +03:00."
            ).format(time=naive.isoformat(sep=" ", timespec="minutes"), zone=zone_name)
        )


def parse_count(text: str, most: int) -> int | None:
    raw = text.strip()
    if not raw:
        return None
    if not _WHOLE_NUMBER.fullmatch(raw) or int(raw) > most:
        raise ValueError(
            _("“{value}” is not a whole number from 0 to {most}.").format(
                value=shown(text), most=format_number(most)
            )
        )
    return int(raw)
