"""Reading an amount back from what the user typed in their locale.

Why strict: ``350,50`` means 350.50 in Russian but 35050 in English. Guessing
would silently store the wrong amount on a receipt, so anything ambiguous or
impossible is refused with a message that says what is wrong.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from babel import numbers as bnumbers

from companion.domain.money import MAX_MINOR_UNITS, Money
from companion.i18n import _
from companion.i18n.formatting import babel_locale, currency_digits, currency_symbol

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")


class MoneyInputError(ValueError):
    """The text is not an amount; ``str(error)`` is a translated sentence."""


def parse_money(text: str, currency: str, lang: str | None = None) -> Money:
    """Parse ``text`` typed in ``lang``'s conventions into an exact amount."""
    loc = babel_locale(lang)
    raw = text.strip()
    if not raw:
        raise MoneyInputError(_("Enter an amount."))
    for token in {currency_symbol(currency, lang), currency, "₽", "руб.", "руб", "р."}:
        if token and raw.endswith(token):
            raw = raw[: -len(token)].strip()
        if token and raw.startswith(token):
            raw = raw[len(token) :].strip()
    if raw.startswith(("-", "−")):
        raise MoneyInputError(_("The amount cannot be negative."))
    if not re.fullmatch(r"[0-9.,\s\u00a0\u202f\u2009']+", raw):
        raise MoneyInputError(_("Use only digits and one decimal separator."))
    decimal_sym = bnumbers.get_decimal_symbol(loc)
    group_sym = bnumbers.get_group_symbol(loc)
    compact = _SPACES.sub("", raw)
    if _SPACES.match(group_sym):
        group_sym = ""
    if group_sym:
        compact = compact.replace(group_sym, "")
    if compact.count(decimal_sym) > 1 or any(c in compact for c in ".," if c != decimal_sym):
        raise MoneyInputError(
            _("Use “{sep}” as the decimal separator, once.").format(sep=decimal_sym)
        )
    compact = compact.replace(decimal_sym, ".")
    if compact in ("", "."):
        raise MoneyInputError(_("Enter an amount."))
    try:
        value = Decimal(compact)
    except InvalidOperation:
        raise MoneyInputError(_("Use only digits and one decimal separator.")) from None
    digits = currency_digits(currency)
    if -value.as_tuple().exponent > digits:  # type: ignore[operator]
        if digits == 0:
            raise MoneyInputError(_("This currency has no decimal places."))
        raise MoneyInputError(
            _("At most {n} digits after the decimal separator.").format(n=digits)
        )
    minor = int(value.scaleb(digits))
    if minor > MAX_MINOR_UNITS:
        raise MoneyInputError(_("The amount is too large."))
    return Money(minor, currency)
