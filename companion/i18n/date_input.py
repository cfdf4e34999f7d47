"""Reading a date (and a time) back from what the user typed, in the app's language.

Why not QDateEdit: its sections clamp and shift what is typed (``02/31/27``
became 2/3/12 in English, ``31.02.2027`` became 28.02.2027 in Russian), and
it follows the computer's locale rather than the app's. A date on a card is
a deadline; it is kept exactly as typed or refused with a sentence that says
what is wrong. Each language has one order (month first in English, day
first in Russian, year first in Chinese); ISO ``2026-12-31`` is accepted in
every language because it cannot be misread. Nothing is guessed: no
two-digit years, no other language's order, no clamping to the month's end.
Full-width digits and signs (a Chinese input method's "２０２６－１２－０１",
"２３：５９") are the same characters and read as such, in every field that
reads a date or a time, through ``full_width``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from babel import dates as bdates

from companion.i18n import _, current_language, ngettext
from companion.i18n.formatting import babel_locale, format_number
from companion.i18n.full_width import fold_full_width

#: Years a card date may have; outside this it is a typo, not a date.
MIN_YEAR = 1900
MAX_YEAR = 2199

#: How each language writes a date, shown in hints and errors.
PATTERNS: dict[str, str] = {"en": "MM/DD/YYYY", "ru": "ДД.ММ.ГГГГ", "zh_Hans": "YYYY-MM-DD"}

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
#: The language's own order: (regex, names of the groups in order).
_FORMS: dict[str, tuple[re.Pattern[str], tuple[str, str, str]]] = {
    "en": (re.compile(r"(\d{1,2})/(\d{1,2})/(\d+)"), ("m", "d", "y")),
    "ru": (re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d+)"), ("d", "m", "y")),
    "zh_Hans": (re.compile(r"(\d+)[/.](\d{1,2})[/.](\d{1,2})"), ("y", "m", "d")),
}
_ZH_WRITTEN = re.compile(r"(\d+)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?")


class DateInputError(ValueError):
    """The text is not a date; ``str(error)`` is a translated sentence."""


def format_date_input(value: dt.date, lang: str | None = None) -> str:
    """A date written the way ``parse_date`` reads it back in ``lang``."""
    lang = lang or current_language()
    if lang == "ru":
        return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"
    if lang == "zh_Hans":
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    return f"{value.month}/{value.day}/{value.year:04d}"


def date_hint(lang: str | None = None) -> str:
    """'MM/DD/YYYY, for example 12/31/2026' in the language's own form."""
    lang = lang or current_language()
    return _("{pattern}, for example {example}").format(
        pattern=PATTERNS.get(lang, PATTERNS["en"]),
        example=format_date_input(dt.date(2026, 12, 31), lang),
    )


def _split(raw: str, lang: str) -> tuple[str, str, str] | None:
    """(year, month, day) text in the language's order or ISO, else None."""
    iso = _ISO.fullmatch(raw)
    if iso:
        return iso.group(1), iso.group(2), iso.group(3)
    if lang == "zh_Hans":
        written = _ZH_WRITTEN.fullmatch(raw)
        if written:
            return written.group(1), written.group(2), written.group(3)
    pattern, order = _FORMS.get(lang, _FORMS["en"])
    match = pattern.fullmatch(raw)
    if not match:
        return None
    parts = dict(zip(order, match.groups(), strict=True))
    return parts["y"], parts["m"], parts["d"]


def parse_date(text: str, lang: str | None = None) -> dt.date:
    """The date ``text`` names in ``lang``'s order, exactly; else DateInputError."""
    lang = lang or current_language()
    raw = fold_full_width(text).strip()
    if not raw:
        raise DateInputError(_("Enter a date as {hint}.").format(hint=date_hint(lang)))
    parts = _split(raw, lang)
    if parts is None:
        raise DateInputError(_("Write the date as {hint}.").format(hint=date_hint(lang)))
    year_text, month_text, day_text = parts
    if len(year_text) != 4:
        raise DateInputError(
            _("Write the year with all four digits: {hint}.").format(hint=date_hint(lang))
        )
    year, month, day = int(year_text), int(month_text), int(day_text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateInputError(
            _("The year {year} is not between {low} and {high}.").format(
                year=year_text, low=MIN_YEAR, high=MAX_YEAR
            )
        )
    if not 1 <= month <= 12:
        raise DateInputError(_("There is no month {month}.").format(month=month_text))
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        month_name = bdates.format_skeleton(
            "yMMMM", dt.date(year, month, 1), locale=babel_locale(lang)
        )
        raise DateInputError(
            ngettext(
                "There is no day {day} in {month}: it has {count} day.",
                "There is no day {day} in {month}: it has {count} days.",
                days,
            ).format(day=day_text, month=month_name, count=format_number(days))
        )
    return dt.date(year, month, day)


_TIME = re.compile(r"(\d{1,2})[:.](\d{2})")


def format_time_input(value: dt.time) -> str:
    """24-hour ``HH:MM``, the form every language's time field reads."""
    return f"{value.hour:02d}:{value.minute:02d}"


def parse_time(text: str) -> dt.time:
    """A 24-hour time to the minute (``23:59``, ``7:05``, ``7.05``), exactly; else DateInputError.

    Why not QTimeEdit: a half-typed time (``07:5``) was put back to the
    previous value when the field lost focus, so Save stored a time the
    user had not typed.
    """
    raw = fold_full_width(text).strip()
    match = _TIME.fullmatch(raw)
    if not match:
        raise DateInputError(_("Write the time as HH:MM, for example 23:59."))
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23:
        raise DateInputError(_("There is no hour {hour}: use 0 to 23.").format(hour=hour))
    if minute > 59:
        raise DateInputError(
            _("There is no minute {minute}: use 00 to 59.").format(minute=match.group(2))
        )
    return dt.time(hour, minute)
