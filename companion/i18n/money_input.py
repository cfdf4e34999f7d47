"""Reading an amount back from what the user typed, or from a file cell.

Why strict: ``350,50`` means 350.50 in Russian but nothing in English, where
the comma only separates thousands. Guessing would silently store an amount
100 times too large on a receipt, so the reader accepts exactly the writings
the language itself produces and refuses everything else with a sentence
that shows the expected form:

- the decimal separator of the language, at most once, with digits on both
  sides and no more decimals than the currency has (JPY 0, RUB 2, KWD 3);
- group separators only where the language puts them (babel's pattern: in
  every app language, between groups of three digits), all or none;
- full-width digits and separators (what a Chinese input method types) are
  the same characters in another width, so they are read as their ASCII
  twins; any other script's digits are refused.

Files (CSV import) use the locale-free form the export writes, ``1234.50``;
:func:`parse_plain_money` reads it with the same refusal of anything
ambiguous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from babel import Locale
from babel import numbers as bnumbers

from companion.domain.money import MAX_MINOR_UNITS, Money
from companion.i18n import _, ngettext
from companion.i18n.formatting import (
    babel_locale,
    currency_digits,
    currency_symbol,
    format_amount,
    format_number,
)
from companion.i18n.full_width import fold_full_width

#: Characters a space-grouping language may show between thousands.
_SPACE_LIKE = " \u00a0\u202f\u2009"
_ALLOWED = re.compile(r"[0-9.,' \u00a0\u202f\u2009]+")
_DIGITS = re.compile(r"[0-9]+")


class MoneyInputError(ValueError):
    """The text is not an amount; ``str(error)`` is a translated sentence."""


@dataclass(frozen=True)
class _Convention:
    decimal: str
    #: One space stands for every space-like character when the language groups with spaces.
    group: str
    primary: int
    secondary: int


def _convention(loc: Locale) -> _Convention:
    group = str(bnumbers.get_group_symbol(loc))
    if group in _SPACE_LIKE:
        group = " "
    pattern = bnumbers.parse_pattern(loc.decimal_formats[None])
    primary, secondary = pattern.grouping
    return _Convention(str(bnumbers.get_decimal_symbol(loc)), group, primary, secondary)


def _others(conv: _Convention) -> list[_Convention]:
    """The conventions a user of another language would type by habit."""
    if conv.decimal == ",":
        return [_Convention(".", ",", 3, 3)]
    return [_Convention(",", " ", 3, 3), _Convention(",", ".", 3, 3)]


def _grouped_ok(whole: str, conv: _Convention) -> bool:
    if _DIGITS.fullmatch(whole):
        return whole == "0" or not whole.startswith("0")
    groups = whole.split(conv.group)
    if len(groups) < 2 or not all(_DIGITS.fullmatch(g) for g in groups):
        return False
    *head, last = groups
    if len(last) != conv.primary:
        return False
    *inner, lead = list(reversed(head))
    if any(len(g) != conv.secondary for g in inner):
        return False
    return 1 <= len(lead) <= conv.secondary and not lead.startswith("0")


def _read(text: str, conv: _Convention) -> Decimal | None:
    """The value of ``text`` written exactly in ``conv``, else None."""
    if conv.group == " ":
        text = re.sub(f"[{_SPACE_LIKE}]", " ", text)
    parts = text.split(conv.decimal)
    if len(parts) > 2:
        return None
    whole = parts[0]
    fraction = parts[1] if len(parts) == 2 else None
    if fraction is not None and not _DIGITS.fullmatch(fraction):
        return None
    if not _grouped_ok(whole, conv):
        return None
    number = whole.replace(conv.group, "")
    return Decimal(number + ("." + fraction if fraction is not None else ""))


def _separator_name(symbol: str) -> str:
    if symbol == ".":
        return _("a dot (.)")
    if symbol == ",":
        return _("a comma (,)")
    if symbol == " ":
        return _("a space")
    return f"“{symbol}”"


def _decimals(value: Decimal) -> int:
    """Decimals as written: ``350.500`` has three even if the last is zero."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


def _fits(value: Decimal, currency: str) -> Money | None:
    """The amount if it has no more decimals than the currency and is in range."""
    digits = currency_digits(currency)
    scaled = value.scaleb(digits)
    if _decimals(value) > digits or scaled > MAX_MINOR_UNITS:
        return None
    return Money(int(scaled), currency)


def _explain(text: str, conv: _Convention, currency: str, lang: str | None) -> str:
    """A sentence showing how the language writes this amount, or one like it."""
    decimal, group = _separator_name(conv.decimal), _separator_name(conv.group)
    for other in _others(conv):
        value = _read(text, other)
        money = _fits(value, currency) if value is not None else None
        if money is not None:
            return _(
                "Write {example}: the decimal separator is {decimal} "
                "and {group} separates thousands."
            ).format(example=format_amount(money, lang), decimal=decimal, group=group)
    digits = currency_digits(currency)
    sample = Money(1234 * 10**digits + (5 * 10 ** (digits - 1) if digits else 0), currency)
    return _(
        "Write amounts like {example}: the decimal separator is {decimal} "
        "and {group} separates thousands."
    ).format(example=format_amount(sample, lang), decimal=decimal, group=group)


def _prepare(text: str) -> str:
    raw = fold_full_width(text).strip()
    if not raw:
        raise MoneyInputError(_("Enter an amount."))
    if raw.startswith(("-", "−")):
        raise MoneyInputError(_("The amount cannot be negative."))
    return raw


def _checked(value: Decimal, currency: str) -> Money:
    digits = currency_digits(currency)
    scaled = value.scaleb(digits)
    if _decimals(value) > digits:
        if digits == 0:
            raise MoneyInputError(_("This currency has no decimal places."))
        raise MoneyInputError(
            ngettext(
                "At most {n} digit after the decimal separator.",
                "At most {n} digits after the decimal separator.",
                digits,
            ).format(n=format_number(digits))
        )
    if scaled > MAX_MINOR_UNITS:
        raise MoneyInputError(_("The amount is too large."))
    return Money(int(scaled), currency)


def parse_money(text: str, currency: str, lang: str | None = None) -> Money:
    """Parse ``text`` typed in ``lang``'s conventions into an exact amount."""
    raw = _prepare(text)
    # A ruble sign or word is read only when rubles are chosen: "500 ₽" with
    # JPY in the currency box is a contradiction to refuse, not 500 yen.
    rubles = ("₽", "руб.", "руб", "р.") if currency == "RUB" else ()
    # The app's own sign ("JP¥") and CLDR's ("¥" in English), both meant
    # for the currency chosen in this language. Longest first: stripping
    # "¥" from "5 JP¥" would leave "5 JP" (and a set's order changes with
    # the process's hash seed, so that failed in some runs only).
    cldr = str(bnumbers.get_currency_symbol(currency, locale=babel_locale(lang)))
    # Longest first, in a fixed order: "JP¥" must go before its tail "¥",
    # whatever order a set would give (it changes with the hash seed).
    tokens = sorted({currency_symbol(currency, lang), cldr, currency, *rubles} - {""},
                    key=lambda token: (-len(token), token))
    for token in tokens:
        if token and raw.endswith(token):
            raw = raw[: -len(token)].strip()
        if token and raw.startswith(token):
            raw = raw[len(token) :].strip()
    raw = _prepare(raw)
    if not _ALLOWED.fullmatch(raw):
        raise MoneyInputError(_("Use only digits and one decimal separator."))
    conv = _convention(babel_locale(lang))
    value = _read(raw, conv)
    if value is None:
        raise MoneyInputError(_explain(raw, conv, currency, lang))
    return _checked(value, currency)


_PLAIN = re.compile(r"(?P<whole>[0-9]{1,3}(?: [0-9]{3})+|[0-9]+)(?:(?P<sep>[.,])(?P<frac>[0-9]+))?")


def parse_plain_money(text: str, currency: str) -> Money:
    """Read a file's amount: ``1234.50`` (a lone decimal comma is read too,
    what a spreadsheet with a comma locale writes), never a guess.

    Thousands may be separated by spaces only; a comma before exactly three
    digits could be a thousands separator, so it is refused, not guessed.
    """
    raw = _prepare(text)
    raw = re.sub(f"[{_SPACE_LIKE}]", " ", raw)
    match = _PLAIN.fullmatch(raw)
    if match is None:
        raise MoneyInputError(
            _("“{value}” is not a plain number such as 1234.50.").format(value=text)
        )
    whole = match.group("whole").replace(" ", "")
    frac = match.group("frac")
    if match.group("sep") == "," and len(frac) == 3 and " " not in match.group("whole"):
        raise MoneyInputError(
            _("“{value}” could mean {thousands} or {decimal}: write decimals with a dot.").format(
                value=text, thousands=whole + frac, decimal=f"{whole}.{frac}"
            )
        )
    if len(whole) > 1 and whole.startswith("0"):
        raise MoneyInputError(
            _("“{value}” is not a plain number such as 1234.50.").format(value=text)
        )
    value = Decimal(whole + ("." + frac if frac else ""))
    digits = currency_digits(currency)
    if _decimals(value) > digits:
        raise MoneyInputError(
            ngettext(
                "{currency} has {n} decimal place; “{value}” has more.",
                "{currency} has {n} decimal places; “{value}” has more.",
                digits,
            ).format(currency=currency, n=format_number(digits), value=text)
        )
    return _checked(value, currency)
