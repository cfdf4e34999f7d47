"""Amounts typed the way each language writes them read back exactly, and
nothing else is read at all.

The bug class: in English ``350,50`` was read as 35,050.00 because a comma
was dropped wherever it stood. Every writing a language does not produce
itself must be refused, never reinterpreted.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.domain.money import MAX_MINOR_UNITS, Money
from companion.i18n import LANGUAGES, set_language
from companion.i18n.formatting import currency_digits, format_amount
from companion.i18n.money_input import MoneyInputError, parse_money, parse_plain_money

#: One currency per precision: JPY 0, RUB 2, KWD 3 (and more of precision 2).
CURRENCIES = ["JPY", "RUB", "KWD", "USD", "CNY", "EUR"]
SEPARATORS = {"en": (".", ","), "ru": (",", "\u00a0"), "zh_Hans": (".", ",")}
SPACES = re.compile("[ \u00a0\u202f\u2009]")


def _writings(money: Money, lang: str) -> set[str]:
    """Every way ``lang`` itself writes ``money``: grouped or not, with the
    currency's decimals or with trailing zeros left off."""
    decimal, group = SEPARATORS[lang]
    full = SPACES.sub("\u00a0", format_amount(money, lang))
    out = set()
    for text in (full, full.replace(group, "")):
        out.add(text)
        if decimal in text:
            whole, frac = text.split(decimal)
            for keep in range(len(frac)):
                if frac[keep:].strip("0") == "":
                    out.add(whole + (decimal + frac[:keep] if keep else ""))
    return out


def _near_misses(text: str, lang: str, digits: int) -> list[str]:
    """Strings one slip away from ``text`` that no language would write for
    any amount: separators moved, doubled, swapped or of the other convention."""
    decimal, group = SEPARATORS[lang]
    misses: list[str] = []
    for i, char in enumerate(text):
        if char == group:
            rest = text[:i] + text[i + 1 :]
            misses.append(text[:i] + group + text[i:])  # doubled
            if i > 1:
                misses.append(rest[: i - 1] + group + rest[i - 1 :])  # moved left
            if i + 1 < len(rest) and rest[i + 1] not in (decimal, group):
                misses.append(rest[: i + 1] + group + rest[i + 1 :])  # moved right
        if char == decimal:
            misses.append(text[:i] + decimal + text[i:])  # doubled
            if i > 0:  # moved left: one decimal more than the currency has
                misses.append(text[: i - 1] + decimal + text[i - 1] + text[i + 1 :])
    # The other convention's decimal separator where this one's stands (not
    # before three decimals: in English "1,000,000" is a million, whatever
    # the currency).
    other_decimal = "," if decimal == "." else "."
    if decimal in text and len(text.split(decimal)[1]) != 3:
        misses.append(text.replace(decimal, other_decimal))
    # Separators swapped, as a user of the other convention types by habit.
    if decimal in text and group in text:
        swap = {decimal: group, group: decimal}
        misses.append("".join(swap.get(c, c) for c in text))
    # A group separator inside the decimals.
    if decimal in text and digits >= 2:
        whole, frac = text.split(decimal)
        misses.append(whole + decimal + frac[0] + group + frac[1:])
    return misses


@pytest.mark.parametrize("lang", LANGUAGES)
@given(minor=st.integers(0, MAX_MINOR_UNITS), currency=st.sampled_from(CURRENCIES))
def test_format_then_parse_gives_the_same_amount(lang: str, minor: int, currency: str) -> None:
    money = Money(minor, currency)
    assert parse_money(format_amount(money, lang), currency, lang) == money


@pytest.mark.parametrize("lang", LANGUAGES)
@given(
    minor=st.one_of(st.integers(0, 10**9), st.integers(0, MAX_MINOR_UNITS)),
    currency=st.sampled_from(["JPY", "RUB", "KWD"]),
)
def test_near_misses_are_refused_never_reinterpreted(lang: str, minor: int, currency: str) -> None:
    money = Money(minor, currency)
    text = SPACES.sub("\u00a0", format_amount(money, lang))
    for miss in _near_misses(text, lang, currency_digits(currency)):
        if miss == text:
            continue
        with pytest.raises(MoneyInputError):
            got = parse_money(miss, currency, lang)
            pytest.fail(f"{lang} {currency}: {miss!r} (near {text!r}) read as {got}")


@pytest.mark.parametrize("lang", LANGUAGES)
@given(
    minor=st.integers(0, 10**9),
    currency=st.sampled_from(["JPY", "RUB", "KWD"]),
    position=st.integers(0, 20),
    char=st.sampled_from([".", ",", " ", "\u00a0", "0", "5", "'"]),
    action=st.sampled_from(["insert", "delete", "replace"]),
)
def test_any_accepted_text_is_how_the_language_writes_that_amount(
    lang: str, minor: int, currency: str, position: int, char: str, action: str
) -> None:
    """Random one-character slips: whatever is accepted is a writing of
    exactly the amount read, so no slip is ever silently turned into another
    separator's meaning."""
    text = format_amount(Money(minor, currency), lang)
    i = min(position, len(text))
    if action == "insert":
        typed = text[:i] + char + text[i:]
    elif action == "delete":
        typed = text[:i] + text[i + 1 :]
    else:
        typed = text[:i] + char + text[i + 1 :]
    try:
        got = parse_money(typed, currency, lang)
    except MoneyInputError:
        return
    assert SPACES.sub("\u00a0", typed.strip()) in _writings(got, lang), (typed, got)


@pytest.mark.parametrize(
    ("lang", "text", "currency", "minor"),
    [
        ("ru", "1 234,50", "RUB", 123450),
        ("ru", "1\u202f234,5", "RUB", 123450),
        ("en", "1,234.50", "RUB", 123450),
        ("en", "1234.5", "RUB", 123450),
        ("zh_Hans", "1,234.5", "RUB", 123450),
        ("en", "1,234", "JPY", 1234),
        ("en", "1.234", "KWD", 1234),
        ("en", "12,345,678.900", "KWD", 12345678900),
        ("ru", "0,5", "RUB", 50),
    ],
)
def test_typed_examples(lang: str, text: str, currency: str, minor: int) -> None:
    assert parse_money(text, currency, lang) == Money(minor, currency)


@pytest.mark.parametrize(
    ("lang", "text", "currency", "shown"),
    [
        # The cases from the issue: each was saved 100 times too large or more.
        ("en", "12,3,4", "RUB", "1,234.50"),
        ("en", "350,50", "RUB", "Write 350.50"),
        ("en", "1,5", "RUB", "Write 1.50"),
        ("en", "1 234,50", "RUB", "Write 1,234.50"),
        ("en", "1,5", "KWD", "Write 1.500"),
        ("zh_Hans", "350,50", "RUB", "350.50"),
        ("zh_Hans", "1 234,50", "RUB", "1,234.50"),
        ("ru", "350.50", "RUB", "350,50"),
        ("ru", "1,234.50", "RUB", "1\u00a0234,50"),
        ("ru", "1.234", "RUB", "1\u00a0234,50"),
        ("en", "1,23,456", "RUB", "1,234.50"),
        ("en", "0,123", "RUB", "1,234.50"),
        ("en", "1 234.50", "USD", "1,234.50"),
    ],
)
def test_misplaced_separators_are_refused_with_the_expected_form(
    lang: str, text: str, currency: str, shown: str
) -> None:
    set_language(lang)
    with pytest.raises(MoneyInputError) as info:
        parse_money(text, currency)
    assert shown in str(info.value)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_message_is_in_the_users_language(lang: str) -> None:
    set_language(lang)
    wrong = "350.50" if lang == "ru" else "350,50"
    with pytest.raises(MoneyInputError) as info:
        parse_money(wrong, "RUB")
    words = {"en": "decimal separator", "ru": "десятичный разделитель", "zh_Hans": "小数点"}
    assert words[lang] in str(info.value)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("currency", "decimals"), [("JPY", "350{d}5"), ("RUB", "350{d}505"), ("KWD", "1{d}2345")]
)
def test_too_many_decimals_are_refused_never_rounded(
    lang: str, currency: str, decimals: str
) -> None:
    text = decimals.format(d=SEPARATORS[lang][0])
    with pytest.raises(MoneyInputError) as info:
        parse_money(text, currency, lang)
    assert "decimal" in str(info.value)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "Enter an amount"),
        ("   ", "Enter an amount"),
        ("₽", "Enter an amount"),
        ("-5", "negative"),
        ("−5", "negative"),
        ("1e9", "digits"),
        ("12a", "digits"),
        ("٣٥٠", "digits"),  # Arabic-Indic digits are refused, not converted
        ("99999999999999999", "too large"),
    ],
)
def test_impossible_input_is_refused_with_a_message(lang: str, text: str, says: str) -> None:
    with pytest.raises(MoneyInputError) as info:
        parse_money(text, "RUB", lang)
    assert says in str(info.value)


@pytest.mark.parametrize(
    ("lang", "text", "minor"),
    [
        ("zh_Hans", "３５０", 35000),
        ("zh_Hans", "３５０.５０", 35050),
        ("zh_Hans", "１，２３４．５０", 123450),
        ("en", "１,２３４.５", 123450),
        ("ru", "１　２３４，５０", 123450),
    ],
)
def test_full_width_digits_are_the_same_digits(lang: str, text: str, minor: int) -> None:
    """Decision: a Chinese input method types full-width digits; they are the
    same digits in another width, so they are read exactly, under the same
    separator rules as ASCII (``３５０，５０`` in Chinese is still refused)."""
    assert parse_money(text, "RUB", lang) == Money(minor, "RUB")


@pytest.mark.parametrize(("lang", "text"), [("zh_Hans", "３５０，５０"), ("en", "１２，３，４")])
def test_full_width_near_misses_are_refused_too(lang: str, text: str) -> None:
    with pytest.raises(MoneyInputError):
        parse_money(text, "RUB", lang)


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [
        ("1234.50", "RUB", 123450),
        ("350,50", "RUB", 35050),
        ("1 234,50", "RUB", 123450),
        ("1.234", "KWD", 1234),
        ("1234", "JPY", 1234),
        ("０.５", "RUB", 50),
    ],
)
def test_file_amounts_read_exactly(text: str, currency: str, minor: int) -> None:
    assert parse_plain_money(text, currency) == Money(minor, currency)


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("1,234", "KWD"),  # 1234 or 1.234? not guessed
        ("1,234", "RUB"),
        ("1,234.50", "RUB"),
        ("1.234,50", "RUB"),
        ("12 34", "RUB"),
        ("5.001", "RUB"),
        ("5.5", "JPY"),
        ("-1", "RUB"),
        ("1e9", "RUB"),
        ("", "RUB"),
        ("007", "RUB"),
    ],
)
def test_file_amounts_that_are_not_plain_are_refused(text: str, currency: str) -> None:
    with pytest.raises(MoneyInputError) as info:
        parse_plain_money(text, currency)
    assert str(info.value)
