"""Reading a countdown back the way a user reads it, in each language.

Shared by the countdown property tests and the ``companion reminders`` child
process test: the duration a text implies must never exceed the time left.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

#: Word → unit, with the plural form each word is for (Russian: one/few/many).
_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "minute": ("minute", "one"), "minutes": ("minute", "other"),
        "hour": ("hour", "one"), "hours": ("hour", "other"),
        "day": ("day", "one"), "days": ("day", "other"),
        "month": ("month", "one"), "months": ("month", "other"),
        "year": ("year", "one"), "years": ("year", "other"),
    },
    "ru": {
        "минуту": ("minute", "one"), "минуты": ("minute", "few"), "минут": ("minute", "many"),
        "час": ("hour", "one"), "часа": ("hour", "few"), "часов": ("hour", "many"),
        "день": ("day", "one"), "дня": ("day", "few"), "дней": ("day", "many"),
        "месяц": ("month", "one"), "месяца": ("month", "few"), "месяцев": ("month", "many"),
        "год": ("year", "one"), "года": ("year", "few"), "лет": ("year", "many"),
    },
    "zh_Hans": {
        "分钟": ("minute", "other"), "小时": ("hour", "other"), "天": ("day", "other"),
        "个月": ("month", "other"), "年": ("year", "other"),
    },
}
_PATTERNS = {
    lang: re.compile(
        r"(\d+)\s*(" + "|".join(sorted(words, key=len, reverse=True)) + r")(?![a-zа-я])"
    )
    for lang, words in _WORDS.items()
}


def plural_form(lang: str, n: int) -> str:
    if lang == "en":
        return "one" if n == 1 else "other"
    if lang == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "many"
    return "other"


def units_in(text: str, lang: str) -> list[tuple[int, str]]:
    """[(number, unit)] as written, checking each word's plural against its number."""
    found = []
    for number, word in _PATTERNS[lang].findall(text):
        n = int(number)
        unit, form = _WORDS[lang][word]
        assert form == plural_form(lang, n), f"{text!r}: {n} {word}"
        found.append((n, unit))
    return found


def add_units(start: dt.datetime, units: list[tuple[int, str]]) -> dt.datetime:
    """``start`` moved on by what the text says: calendar months and years first."""
    months = sum(n * (12 if unit == "year" else 1) for n, unit in units
                 if unit in ("month", "year"))
    first = start.astimezone(dt.UTC)
    years, month0 = divmod(first.month - 1 + months, 12)
    year, month = first.year + years, month0 + 1
    moved = first.replace(
        year=year, month=month, day=min(first.day, calendar.monthrange(year, month)[1])
    )
    size = {"minute": dt.timedelta(minutes=1), "hour": dt.timedelta(hours=1),
            "day": dt.timedelta(days=1)}
    return moved + sum((n * size[unit] for n, unit in units if unit in size), dt.timedelta())
