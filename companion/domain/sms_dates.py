"""The date and time a payment message says it was made.

Why so careful: a wrong date files the receipt in the wrong month and moves
the card's renewal history. The reader takes only what the text writes:

- ``24.11.2026``, ``24.11.26``, ``2026-11-24``, ``24 ноября 2026``,
  ``Nov 24, 2026``; a time next to it (``14:32``, ``в 14:32``, ``at 2:32``);
- ``25.11`` or ``25 ноября`` with no year: the year that puts the date not
  after today (an SMS reports a past payment), so on 1 January a message
  dated ``31.12`` is from the year before;
- ``03/11/26`` is read only when one part is over 12 (day-first or
  month-first is then clear); otherwise the order is unknown and no date is
  read;
- a date after "until", "valid till", "до", "действует" is the end of a
  plan, not the payment: skipped;
- several different payment dates: none is chosen.

A time without any date is reported on its own; the day is the user's to set.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    **dict.fromkeys(("jan", "january", "января", "янв", "январь"), 1),
    **dict.fromkeys(("feb", "february", "февраля", "фев", "февраль"), 2),
    **dict.fromkeys(("mar", "march", "марта", "мар", "март"), 3),
    **dict.fromkeys(("apr", "april", "апреля", "апр", "апрель"), 4),
    **dict.fromkeys(("may", "мая", "май"), 5),
    **dict.fromkeys(("jun", "june", "июня", "июн", "июнь"), 6),
    **dict.fromkeys(("jul", "july", "июля", "июл", "июль"), 7),
    **dict.fromkeys(("aug", "august", "августа", "авг", "август"), 8),
    **dict.fromkeys(("sep", "sept", "september", "сентября", "сен", "сент", "сентябрь"), 9),
    **dict.fromkeys(("oct", "october", "октября", "окт", "октябрь"), 10),
    **dict.fromkeys(("nov", "november", "ноября", "ноя", "нояб", "ноябрь"), 11),
    **dict.fromkeys(("dec", "december", "декабря", "дек", "декабрь"), 12),
}
_MONTH = "(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<y>\d{4})"
_DATES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"(?<![\d.:])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d|[./]\d)",
        r"(?<![\d.:])(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?!\d|[./]\d)",
        r"(?<![\d.:/])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4}|\d{2})(?!\d|\.\d)",
        r"(?<![\d.:/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])",
        r"(?<![\d.:/,])(?P<d>\d{1,2})\.(?P<m>\d{1,2})(?![\d,]|\.\d)",
        rf"(?<![\d\w])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}(?:\s+{_YEAR})?(?!\w)",
        rf"(?<!\w){_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+{_YEAR})?(?!\d)",
    )
)
_TIME = re.compile(
    r"(?<![\d:.])(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?(?:\s?(?P<ampm>am|pm))?(?![\d:])",
    re.IGNORECASE,
)
#: Between a date and its time: nothing, a space, a comma, "в", "at", "T".
_JOIN = re.compile(r"^(?:\s*,?\s*(?:г\.|года)?\s*,?\s*(?:в|at|@)?\s*|T)$", re.IGNORECASE)
#: Words that make a date the end of a plan, not the payment.
_NOT_PAYMENT = re.compile(
    r"(?<!\w)(?:до|until|till|valid|expires?|expiry|действ\w*|истека\w*|следующ\w*|next|renews?)"
    r"(?!\w)[^.!?\d]{0,20}$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class WrittenWhen:
    day: dt.date | None
    time: dt.time | None


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    day: dt.date | None
    #: False for the end of a plan ("valid until 24.12.2026").
    payment: bool


def _year_for(day: int, month: int, today: dt.date) -> dt.date | None:
    """The latest date with this day and month that is not after ``today``."""
    for year in range(today.year, today.year - 9, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    return None


def _date_of(match: re.Match[str], today: dt.date) -> dt.date | None:
    groups = match.groupdict()
    if groups.get("a") is not None:
        a, b = int(groups["a"]), int(groups["b"])
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            day, month = b, a
        else:
            return None  # 03/11/26: March 11 or 3 November? not guessed
    else:
        day = int(groups["d"])
        month = _MONTHS[groups["mon"].lower()] if groups.get("mon") else int(groups["m"])
    if groups.get("y") is None:
        if not 1 <= month <= 12:
            return None
        return _year_for(day, month, today)
    year = int(groups["y"])
    if len(groups["y"]) == 2:
        year += 2000
    elif year < 2000:
        return None  # "01.01.0001" is no payment date: never read as 2001
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _time_of(match: re.Match[str]) -> dt.time | None:
    hour, minute = int(match.group("H")), int(match.group("M"))
    second = int(match.group("S") or 0)
    ampm = (match.group("ampm") or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return dt.time(hour, minute, second)


def _dates(text: str, today: dt.date, covered: bytearray) -> list[_Candidate]:
    """Every written date, marking the characters it covers in ``covered``."""
    found: list[_Candidate] = []
    for pattern in _DATES:
        for match in pattern.finditer(text):
            if covered[match.start()]:
                continue
            before = text[max(0, match.start() - 30) : match.start()]
            payment = _NOT_PAYMENT.search(before) is None
            found.append(_Candidate(match.start(), match.end(), _date_of(match, today), payment))
            covered[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    return found


#: How far a time may stand from its date ("24.11.2026 г. в 14:32").
_NEAR = 12


def _time_near(
    text: str, date: _Candidate, times: list[re.Match[str]], starts: list[int]
) -> int | None:
    """The index in ``times`` (sorted by position) of the time joined to ``date``."""
    after = bisect.bisect_left(starts, date.end)
    for i in range(after, min(after + 2, len(times))):
        gap = text[date.end : times[i].start()]
        if len(gap) <= _NEAR and _JOIN.match(gap):
            return i
    for i in range(after - 1, max(after - 3, -1), -1):
        gap = text[times[i].end() : date.start]
        if times[i].end() <= date.start and len(gap) <= _NEAR and _JOIN.match(gap):
            return i
    return None


def read_when(text: str, today: dt.date) -> WrittenWhen:
    """The payment's date and time as ``text`` writes them; ``today`` is the
    user's date, to give a year to a day and month written alone."""
    covered = bytearray(len(text) + 1)
    dates = _dates(text, today, covered)
    times = [m for m in _TIME.finditer(text) if not covered[m.start()]]
    starts = [t.start() for t in times]
    readings: set[tuple[dt.date, dt.time | None]] = set()
    joined: set[int] = set()
    for date in dates:
        near = _time_near(text, date, times, starts)
        if near is not None:
            joined.add(near)
        if date.payment and date.day is not None:
            readings.add((date.day, _time_of(times[near]) if near is not None else None))
    days = {day for day, _time in readings}
    if len(days) > 1:
        return WrittenWhen(None, None)
    if days:
        (day,) = days
        known = {t for _day, t in readings if t is not None}
        return WrittenWhen(day, known.pop() if len(known) == 1 else None)
    if any(d.payment for d in dates):
        return WrittenWhen(None, None)  # a date was written but cannot be read
    clock = {_time_of(m) for i, m in enumerate(times) if i not in joined} - {None}
    if len(clock) == 1:
        return WrittenWhen(None, clock.pop())
    return WrittenWhen(None, None)
