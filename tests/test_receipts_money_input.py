"""Amounts typed the way each language writes them read back exactly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.domain.money import MAX_MINOR_UNITS, Money
from companion.i18n.formatting import format_amount
from companion.i18n.money_input import MoneyInputError, parse_money

CURRENCIES = ["RUB", "USD", "JPY", "KWD", "CNY", "EUR"]


@pytest.mark.parametrize("lang", ["en", "ru", "zh_Hans"])
@given(minor=st.integers(0, MAX_MINOR_UNITS), currency=st.sampled_from(CURRENCIES))
def test_format_then_parse_gives_the_same_amount(lang: str, minor: int, currency: str) -> None:
    money = Money(minor, currency)
    assert parse_money(format_amount(money, lang), currency, lang) == money


@pytest.mark.parametrize(
    ("lang", "text", "minor"),
    [("ru", "1 234,50", 123450), ("en", "1,234.50", 123450), ("zh_Hans", "1,234.5", 123450)],
)
def test_typed_examples(lang: str, text: str, minor: int) -> None:
    assert parse_money(text, "RUB", lang) == Money(minor, "RUB")


@pytest.mark.parametrize("text", ["12a", "1.2.3", "1.234", "-5", "99999999999999999", ""])
def test_impossible_input_is_refused(text: str) -> None:
    with pytest.raises(MoneyInputError):
        parse_money(text, "RUB", "en")
