"""Phone and card numbers: every way a Russian number is written reads the same."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.domain.card import NumberError, format_number, normalize_number

SUBSCRIBER = st.text("0123456789", min_size=9, max_size=9).map(lambda s: "9" + s)


@given(SUBSCRIBER, st.sampled_from(["+7 {a} {b}-{c}-{d}", "8 ({a}) {b} {c} {d}",
                                    "8{a}{b}{c}{d}", "{a}{b}{c}{d}", "+7({a}){b}-{c}{d}"]))
def test_russian_mobile_numbers_normalize_to_e164(digits: str, pattern: str) -> None:
    text = pattern.format(a=digits[:3], b=digits[3:6], c=digits[6:8], d=digits[8:])
    number = normalize_number(text, "sim")
    assert number == "+7" + digits
    shown = format_number(number)
    assert shown == f"+7 {digits[:3]} {digits[3:6]}-{digits[6:8]}-{digits[8:]}"
    assert normalize_number(shown, "sim") == number  # formatting round-trips


@given(st.text(min_size=1, max_size=30))
def test_anything_else_is_refused_or_normalized(text: str) -> None:
    try:
        number = normalize_number(text, "sim")
    except NumberError:
        return
    assert number == "" or (number.startswith("+") and number[1:].isdigit())


@pytest.mark.parametrize("text", ["12ab", "+7 912", "12345", "++79123456789x"])
def test_bad_numbers(text: str) -> None:
    with pytest.raises(NumberError):
        normalize_number(text, "sim")


def test_transport_card_numbers_group_by_four() -> None:
    number = normalize_number("0012 3456 7890", "transport")
    assert number == "001234567890"
    assert format_number(number) == "0012 3456 7890"


@given(st.text("0123456789", min_size=1, max_size=14).filter(lambda d: len(d) != 10),
       st.sampled_from(["+7 ", "+7", "8 ", "8"]), st.sampled_from(["sim", "esim", "travel_esim"]))
def test_a_russian_number_of_any_other_length_is_refused(
    rest: str, prefix: str, kind: str
) -> None:
    with pytest.raises(NumberError) as caught:
        normalize_number(prefix + rest, kind)
    assert caught.value.reason == "russian_length"
    assert caught.value.digits == len(rest) + 1


@pytest.mark.parametrize("text", ["+44 20 7946 0958", "+1 (212) 555-0123", "+86 138 0013 8000"])
def test_foreign_numbers_are_kept(text: str) -> None:
    assert normalize_number(text, "sim") == "+" + "".join(c for c in text if c.isdigit())
