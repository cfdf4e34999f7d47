"""The sentences a form shows at a zone or number field that is wrong.

Why one place: the card editor, the receipt form and its SMS reader all take
a zone name, and each must say the same thing in the user's language.
"""

from __future__ import annotations

import datetime as dt

from companion.domain.card import RUSSIAN_DIGITS, NumberError
from companion.domain.zone_names import reversed_offset_hours
from companion.i18n import _, ngettext
from companion.i18n.date_input import format_date_input, format_time_input
from companion.i18n.formatting import format_number

#: Quoting more of a pasted 300-character name would only push the form apart.
_QUOTE = 40


class ZoneInputError(ValueError):
    """The text is not a known time zone; ``str(error)`` is a translated sentence."""


class TimeInputError(ValueError):
    """The text is not a time of day; ``str(error)`` is a translated sentence."""


def quoted(text: str) -> str:
    return text if len(text) <= _QUOTE else text[: _QUOTE - 1] + "…"


def zone_problem(text: str) -> str:
    if not text.strip():
        return _("Pick a time zone from the list, such as Europe/Moscow.")
    return _(
        "“{zone}” is not a time zone. Pick one from the list, such as Europe/Moscow."
    ).format(zone=quoted(text.strip()))


def reversed_zone_problem(name: str) -> str:
    """Why ``Etc/GMT+3`` is refused: it is three hours behind UTC, not ahead."""
    hours = reversed_offset_hours(name)
    if hours < 0:
        lead = ngettext(
            "“{zone}” is {count} hour behind UTC: the sign in these names is reversed.",
            "“{zone}” is {count} hours behind UTC: the sign in these names is reversed.",
            -hours,
        ).format(zone=name, count=format_number(-hours))
    else:
        lead = ngettext(
            "“{zone}” is {count} hour ahead of UTC: the sign in these names is reversed.",
            "“{zone}” is {count} hours ahead of UTC: the sign in these names is reversed.",
            hours,
        ).format(zone=name, count=format_number(hours))
    return lead + " " + _("Pick a city's zone instead, such as Europe/Moscow for Moscow time.")


def skipped_time_problem(local: dt.datetime, zone: str) -> str:
    """The sentence for a time the clocks skip on the night they go forward."""
    return _(
        "{time} on {date} does not exist in {zone}: the clocks jump forward that night."
    ).format(time=format_time_input(local.time()), date=format_date_input(local.date()),
             zone=zone)


def number_problem(error: NumberError) -> str:
    if error.reason == "characters":
        return _(
            "A phone number has only digits, spaces, brackets, dashes and one leading +."
        )
    if error.reason == "russian_length":
        return ngettext(
            "A Russian number has {need} digits with the +7 or 8; this one has {count}.",
            "A Russian number has {need} digits with the +7 or 8; this one has {count}.",
            error.digits,
        ).format(
            need=format_number(RUSSIAN_DIGITS), count=format_number(error.digits)
        )
    if error.reason == "card_length":
        return ngettext(
            "A card number has 6–20 digits; this one has {count}.",
            "A card number has 6–20 digits; this one has {count}.",
            error.digits,
        ).format(count=format_number(error.digits))
    if error.reason == "international_length":
        return ngettext(
            "An international number has 8–15 digits after the +; this one has {count}.",
            "An international number has 8–15 digits after the +; this one has {count}.",
            error.digits,
        ).format(count=format_number(error.digits))
    return _(
        "Enter a phone number such as +7 912 345-67-89, or a card number of 6–20 digits."
    )
