"""Locale-aware formatting through babel, for the language currently chosen.

Why babel and not Qt: the headless subcommands and the services format text
too, and they must not import Qt.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from calendar import monthrange
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel import dates as bdates
from babel import numbers as bnumbers

from companion.domain.money import Money
from companion.i18n import _, current_language, ngettext


@lru_cache(maxsize=8)
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def babel_locale(lang: str | None = None) -> Locale:
    return _locale(lang or current_language())


@lru_cache(maxsize=512)
def currency_digits(code: str) -> int:
    """Decimals the currency uses (RUB 2, JPY 0, KWD 3)."""
    return int(bnumbers.get_currency_precision(code))


@lru_cache(maxsize=1)
def known_currencies() -> frozenset[str]:
    return frozenset(bnumbers.list_currencies())


def currency_name(code: str, lang: str | None = None) -> str:
    return str(bnumbers.get_currency_name(code, locale=babel_locale(lang)))


#: Symbols the app writes instead of CLDR's in every app language: the ruble
#: sign is unambiguous and what every price tag in Russia shows (CLDR's
#: English and Chinese data say "RUB"); a bare "¥" would read as yuan to a
#: Chinese or Russian reader, so the yen is always "JP¥".
_SYMBOLS: dict[str, str] = {"RUB": "₽", "JPY": "JP¥"}
#: Bare signs several currencies share, and the one currency each app
#: language means by it; any other currency CLDR writes so gets its ISO code.
_BARE_SIGNS: dict[str, dict[str, str]] = {
    "¥": {"zh": "CNY"},
    "$": {"en": "USD", "ru": "USD"},
}


def currency_symbol(code: str, lang: str | None = None) -> str:
    """What the app writes for ``code`` in ``lang``: a sign where the reader
    cannot mistake it (₽, €, "¥" only for yuan in Chinese), else CLDR's
    prefixed sign (US$, CN¥) or the ISO code."""
    if code in _SYMBOLS:
        return _SYMBOLS[code]
    loc = babel_locale(lang)
    symbol = str(bnumbers.get_currency_symbol(code, locale=loc))
    meant = _BARE_SIGNS.get(symbol)
    if symbol == "\u00a4" or (meant is not None and meant.get(loc.language) != code):
        return code
    return symbol


def money_decimal(money: Money) -> Decimal:
    return money.to_decimal(currency_digits(money.currency))


def _is_sign_or_space(char: str) -> bool:
    return unicodedata.category(char)[0] in "SZ"


def format_money(money: Money, lang: str | None = None) -> str:
    """The one way the app writes an amount with its currency, on every
    screen, report, reminder and in the terminal: "₽1,234.50",
    "1 234,50 ₽", "US$1,234.50", "KZT 1,234.50".

    Why not babel's ``format_currency`` alone: babel glues a letter code to
    the digits ("RUB1,234.00") because it ignores CLDR's currency spacing,
    and CLDR's English data write rubles as "RUB" and yen as a bare "¥".
    The symbol comes from :func:`currency_symbol`; a no-break space goes
    between a symbol that ends (or starts) with a letter and the digits, as
    CLDR's ``currencySpacing`` says. :func:`companion.i18n.money_input.parse_money`
    reads every output back.
    """
    loc = babel_locale(lang)
    text = str(bnumbers.format_currency(money_decimal(money), money.currency, locale=loc))
    cldr = str(bnumbers.get_currency_symbol(money.currency, locale=loc))
    symbol = currency_symbol(money.currency, lang)
    at = text.find(cldr)
    if at < 0:
        return text
    before, after = text[:at], text[at + len(cldr):]
    if before[-1:].isdigit() and not _is_sign_or_space(symbol[0]):
        before += "\u00a0"
    if after[:1].isdigit() and not _is_sign_or_space(symbol[-1]):
        after = "\u00a0" + after
    return before + symbol + after


def format_amount(money: Money, lang: str | None = None) -> str:
    """The number alone, grouped for the locale, as the user would type it."""
    digits = currency_digits(money.currency)
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return str(
        bnumbers.format_decimal(money_decimal(money), format=pattern, locale=babel_locale(lang))
    )


def plain_amount(money: Money) -> str:
    """Locale-free decimal (``1234.50``) for files other programs read."""
    digits = currency_digits(money.currency)
    return f"{money_decimal(money):.{digits}f}"


def format_number(value: int | Decimal, lang: str | None = None) -> str:
    return str(bnumbers.format_decimal(value, locale=babel_locale(lang)))


def format_date(value: dt.date, length: str = "medium", lang: str | None = None) -> str:
    return str(bdates.format_date(value, format=length, locale=babel_locale(lang)))


def format_time(value: dt.datetime | dt.time, length: str = "short", lang: str | None = None) -> str:
    return str(bdates.format_time(value, format=length, locale=babel_locale(lang)))


def format_datetime(value: dt.datetime, length: str = "medium", lang: str | None = None) -> str:
    """Date and time as the wall clock of ``value``'s own zone shows it."""
    return str(
        bdates.format_datetime(
            value, format=length, tzinfo=value.tzinfo, locale=babel_locale(lang)
        )
    )


def _duration(start: dt.datetime, end: dt.datetime) -> str:
    """The time from ``start`` to ``end`` (end later), rounded DOWN to what is said.

    Under three days it says days and hours, so a deadline 1 day 15 hours
    away never reads as "2 days"; further out whole days, then whole
    calendar months, then whole years. Each unit is counted only when it
    has fully passed.
    """
    gap = end - start
    if gap < dt.timedelta(minutes=1):
        return ""
    if gap < dt.timedelta(hours=1):
        return _unit("minute", gap // dt.timedelta(minutes=1))
    if gap < dt.timedelta(days=1):
        hours = gap // dt.timedelta(hours=1)
        minutes = (gap - dt.timedelta(hours=hours)) // dt.timedelta(minutes=1)
        if hours < 3 and minutes:
            return _pair(_unit("hour", hours), _unit("minute", minutes))
        return _unit("hour", hours)
    days = gap // dt.timedelta(days=1)
    if days < 3:
        hours = (gap - dt.timedelta(days=days)) // dt.timedelta(hours=1)
        return _pair(_unit("day", days), _unit("hour", hours)) if hours else _unit("day", days)
    if days < 60:
        return _unit("day", days)
    months = whole_months(start, end)
    if months < 24:
        return _unit("month", months)
    return _unit("year", months // 12)


def whole_months(start: dt.datetime, end: dt.datetime) -> int:
    """Calendar months that have fully passed from ``start`` to ``end`` (both aware)."""
    first, last = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    months = (last.year - first.year) * 12 + last.month - first.month
    while months > 0 and _add_months(first, months) > last:
        months -= 1
    return max(months, 0)


def _add_months(value: dt.datetime, months: int) -> dt.datetime:
    years, month0 = divmod(value.month - 1 + months, 12)
    year, month = value.year + years, month0 + 1
    return value.replace(year=year, month=month, day=min(value.day, monthrange(year, month)[1]))


def _unit(unit: str, n: int) -> str:
    if unit == "minute":
        return ngettext("{n} minute", "{n} minutes", n).format(n=format_number(n))
    if unit == "hour":
        return ngettext("{n} hour", "{n} hours", n).format(n=format_number(n))
    if unit == "day":
        return ngettext("{n} day", "{n} days", n).format(n=format_number(n))
    if unit == "month":
        return ngettext("{n} month", "{n} months", n).format(n=format_number(n))
    return ngettext("{n} year", "{n} years", n).format(n=format_number(n))


def _pair(larger: str, smaller: str) -> str:
    return _("{larger} {smaller}").format(larger=larger, smaller=smaller)


def format_countdown(target: dt.datetime, now: dt.datetime) -> str:
    """'in 1 day 15 hours' / '3 days ago' / '1天15小时后', never more than the gap.

    Why not babel's ``format_timedelta``: it rounds to the nearest unit, so
    1 day 15 hours read "in 2 days" and 19½ days "in 3 weeks" — more time
    than is left before a deadline. An instant equal to ``now`` is past.
    Uses the current language (the catalogs carry the plural rules).
    """
    if target > now:
        duration = _duration(now, target)
        return _("in {duration}").format(duration=duration) if duration else _("in under a minute")
    duration = _duration(target, now)
    return _("{duration} ago").format(duration=duration) if duration else _("just now")


def zone_label(value: dt.datetime, lang: str | None = None) -> str:
    """The zone of an aware time in words: 'Moscow Time', 'Москва', '莫斯科时间'."""
    tz = value.tzinfo
    if tz is None:
        return ""
    loc = babel_locale(lang)
    for width, variant in (("long", "generic"), ("long", None)):
        try:
            name = bdates.get_timezone_name(
                value, width=width, zone_variant=variant, locale=loc  # type: ignore[arg-type]
            )
        except (LookupError, ValueError, AttributeError):
            continue
        if name and not str(name).startswith("GMT"):
            return str(name)
    key = getattr(tz, "key", None)
    return str(key) if key else str(tz)


def format_wall_time(
    value: dt.datetime, length: str = "short", lang: str | None = None,
    here: dt.tzinfo | None = None,
) -> str:
    """``value``'s own wall clock; names its zone when the computer's clock differs.

    Why: a Moscow card expiring at 23:59 read "11:59 PM" on a computer in New
    York, eight hours more than there were. When the computer (or ``here``)
    would show another time at that instant, the zone is named: "12/2/26,
    11:59 PM Moscow Time". The one place every screen and the terminal
    format a card's or a receipt's time.
    """
    return name_zone_if_elsewhere(value, format_datetime(value, length, lang), lang, here)


def name_zone_if_elsewhere(
    value: dt.datetime, text: str, lang: str | None = None, here: dt.tzinfo | None = None
) -> str:
    """``text`` (``value`` written in its own zone) with the zone named if the
    computer's clock (or ``here``'s) reads differently at that instant."""
    mine = value.astimezone(here) if here is not None else value.astimezone()
    if value.utcoffset() == mine.utcoffset():
        return text
    return _("{time} {zone}").format(time=text, zone=zone_label(value, lang))
