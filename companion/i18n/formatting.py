"""Locale-aware formatting through babel, for the language currently chosen.

Why babel and not Qt: the headless subcommands and the services format text
too, and they must not import Qt.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from babel import Locale
from babel import dates as bdates
from babel import numbers as bnumbers

from companion.domain.money import Money
from companion.i18n import current_language


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


def currency_symbol(code: str, lang: str | None = None) -> str:
    return str(bnumbers.get_currency_symbol(code, locale=babel_locale(lang)))


def money_decimal(money: Money) -> Decimal:
    return money.to_decimal(currency_digits(money.currency))


def format_money(money: Money, lang: str | None = None) -> str:
    return str(
        bnumbers.format_currency(
            money_decimal(money), money.currency, locale=babel_locale(lang)
        )
    )


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


def format_relative(target: dt.datetime, now: dt.datetime, lang: str | None = None) -> str:
    """'in 3 days' / '2 hours ago' / '3天后' for the gap between two instants."""
    delta = target - now
    granularity: Literal["minute", "hour"] = (
        "minute" if abs(delta) < dt.timedelta(hours=1) else "hour"
    )
    return str(
        bdates.format_timedelta(
            delta,
            granularity=granularity,
            threshold=1.0 if abs(delta) >= dt.timedelta(days=2) else 0.85,
            add_direction=True,
            locale=babel_locale(lang),
        )
    )


def zone_name(tz: dt.tzinfo, when: dt.datetime, lang: str | None = None) -> str:
    """A readable zone label such as 'Moscow Time' or 'GMT+03:00'."""
    try:
        return str(
            bdates.get_timezone_name(when.astimezone(tz), width="long", locale=babel_locale(lang))
        )
    except (LookupError, ValueError):
        return str(tz)
