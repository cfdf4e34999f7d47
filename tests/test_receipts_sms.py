"""The SMS reader on the sample messages: every field read is what the text
says, and a field it cannot be sure of stays empty."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.domain.money import Money
from companion.domain.sms_amounts import read_number
from companion.domain.sms_parser import parse_sms

SAMPLES = Path(__file__).parent / "data" / "receipts_sms_samples.toml"
TODAY = dt.date(2026, 11, 26)
OPERATORS = ("MTS", "MegaFon", "Beeline", "T2", "Yota")
MONEY_FIELDS = ("amount", "balance", "bonus", "debit")


def _money(text: str | None) -> Money | None:
    if text is None:
        return None
    amount, code = text.split()
    return Money.from_decimal(Decimal(amount), code, 2)


def _samples() -> list[dict[str, Any]]:
    with SAMPLES.open("rb") as fh:
        return list(tomllib.load(fh)["sample"])


def _id(sample: dict[str, Any]) -> str:
    return f"{sample['source']}-{sample['lang']}-{sample['text'].split()[1][:12]}"


def test_the_sample_set_covers_operators_banks_and_esim_in_both_languages() -> None:
    samples = _samples()
    assert len(samples) >= 40
    sources = Counter(s["source"] for s in samples)
    for source in (*OPERATORS, "bank", "esim"):
        assert sources[source] >= 3, source
    assert {s["lang"] for s in samples} == {"ru", "en"}
    assert sum(s["lang"] == "en" for s in samples) >= 12
    assert {s["source"] for s in samples} <= {*OPERATORS, "bank", "esim"}


@pytest.mark.parametrize("sample", _samples(), ids=_id)
def test_sample_message(sample: dict[str, Any]) -> None:
    today = dt.date.fromisoformat(sample.get("today", TODAY.isoformat()))
    reading = parse_sms(sample["text"], today)
    for name in MONEY_FIELDS:
        assert getattr(reading, name) == _money(sample.get(name)), name
    paid_at = sample.get("paid_at")
    expected_at = dt.datetime.fromisoformat(paid_at) if paid_at else None
    assert reading.paid_at == expected_at
    paid_on = sample.get("paid_on")
    expected_on = (
        expected_at.date() if expected_at else dt.date.fromisoformat(paid_on) if paid_on else None
    )
    assert reading.paid_on == expected_on
    time_only = sample.get("time_only")
    assert reading.time_only == (dt.time.fromisoformat(time_only) if time_only else None)
    assert reading.not_a_top_up == ("debit" in sample and "amount" not in sample)


@pytest.mark.parametrize(
    ("today", "written", "expected"),
    [
        (dt.date(2027, 1, 1), "31.12 23:55", dt.datetime(2026, 12, 31, 23, 55)),
        (dt.date(2027, 1, 1), "01.01 00:05", dt.datetime(2027, 1, 1, 0, 5)),
        (dt.date(2026, 12, 31), "31.12 23:55", dt.datetime(2026, 12, 31, 23, 55)),
        (dt.date(2026, 12, 31), "01.01 08:00", dt.datetime(2026, 1, 1, 8, 0)),
        (dt.date(2027, 1, 2), "31 декабря в 22:10", dt.datetime(2026, 12, 31, 22, 10)),
        (dt.date(2027, 1, 2), "Dec 31 10:00 pm", dt.datetime(2026, 12, 31, 22, 0)),
        # 29 February without a year: the latest leap year not after today.
        (dt.date(2027, 3, 5), "29.02 12:00", dt.datetime(2024, 2, 29, 12, 0)),
    ],
)
def test_a_day_and_month_get_the_year_that_is_not_in_the_future(
    today: dt.date, written: str, expected: dt.datetime
) -> None:
    reading = parse_sms(f"Платёж 500 руб. зачислен {written}. Баланс 600 руб.", today)
    assert reading.paid_at == expected
    assert reading.paid_at.date() <= today  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("1,000.00", "1000.00"),
        ("1 000,00", "1000.00"),
        ("1\u00a0000,50", "1000.50"),
        ("1.000,00", "1000.00"),
        ("1,023.40", "1023.40"),
        ("12 345 678,9", "12345678.9"),
        ("1,5", "1.5"),
        ("500", "500"),
        ("1,000", "1000"),
    ],
)
def test_numbers_are_read_in_every_written_shape(written: str, value: str) -> None:
    assert read_number(written) == Decimal(value)


@pytest.mark.parametrize("written", ["1,000,00", "1.000.00", "12,3,4", "1 00", "1,0000", "01 000"])
def test_a_number_with_no_single_reading_is_not_read(written: str) -> None:
    assert read_number(written) is None


@pytest.mark.parametrize(
    "text",
    [
        "Платёж 500 руб. зачислен. Платёж 300 руб. зачислен.",  # two payments
        "Баланс 100 руб. Баланс 200 руб.",  # two balances
        "На счёте 1,000,00 руб.",  # a number no one writes
        "500 руб.",  # an amount with no word saying what it is
    ],
)
def test_what_the_reader_is_not_sure_of_stays_empty(text: str) -> None:
    reading = parse_sms(text, TODAY)
    assert reading.amount is None
    assert reading.balance is None or "Баланс 100" not in text


def test_text_without_numbers_reads_as_empty() -> None:
    assert parse_sms("hello", TODAY).empty


@given(st.text(max_size=300))
def test_any_text_reads_without_error(text: str) -> None:
    parse_sms(text, TODAY)


@given(
    st.lists(
        st.sampled_from(
            ["500", "1,000.00", "1 000,50", " руб.", " RUB", "₽", "$", " баланс ", " списано ",
             " бонус ", "Payment ", " 25.11", " 31.12.2026", " 12:05", " до ", ".", ",", "\n",
             "29.02", " Nov 30", " pm", "+7 916 123-45-67", "*1234 "]
        ),
        max_size=25,
    ),
    st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)),
)
def test_message_like_text_reads_without_error(parts: list[str], today: dt.date) -> None:
    reading = parse_sms("".join(parts), today)
    if reading.paid_on is not None and reading.paid_on > today:
        # Only a date written with its year may be after today.
        assert str(reading.paid_on.year) in "".join(parts) or str(reading.paid_on.year)[2:] in "".join(parts)


@given(
    rub=st.integers(1, 99_999),
    kop=st.integers(0, 99),
    template=st.sampled_from(
        [
            ("Баланс пополнен на {a} руб. Доступно: 1,00 руб.", "ru"),
            ("Your account has been topped up with {a} RUB.", "en"),
            ("Платеж {a} ₽ зачислен.", "ru"),
            ("Payment of RUB {a} received. Balance RUB 0.50", "en"),
        ]
    ),
)
def test_amount_in_a_template_is_read_back(
    rub: int, kop: int, template: tuple[str, str]
) -> None:
    text, lang = template
    if lang == "ru":
        whole = f"{rub:,}".replace(",", "\u00a0")
        written = f"{whole},{kop:02d}"
    else:
        written = f"{rub:,}.{kop:02d}"
    assert parse_sms(text.format(a=written), TODAY).amount == Money(rub * 100 + kop, "RUB")


@pytest.mark.parametrize(
    ("text", "amount", "balance", "paid_at", "bonus", "debit"),
    [
        (
            "Payment of RUB 1,000.00 received. Balance RUB 1,023.40",
            "1000.00 RUB", "1023.40 RUB", None, None, None,
        ),
        (
            "Your balance has been replenished by 500 rubles. Current balance: 523.40 rubles.",
            "500.00 RUB", "523.40 RUB", None, None, None,
        ),
        (
            "Пополнение 150,00р. Баланс: 160,27р. 25.11 12:05",
            "150.00 RUB", "160.27 RUB", dt.datetime(2026, 11, 25, 12, 5), None, None,
        ),
        (
            "Пополнение на 5000 руб. Бонус 500 руб. Баланс 5 512,00 руб.",
            "5000.00 RUB", "5512.00 RUB", None, "500.00 RUB", None,
        ),
        ("Списано 500 руб.", None, None, None, None, "500.00 RUB"),
    ],
)
def test_the_messages_from_the_issue(
    text: str,
    amount: str | None,
    balance: str | None,
    paid_at: dt.datetime | None,
    bonus: str | None,
    debit: str | None,
) -> None:
    reading = parse_sms(text, TODAY)
    assert reading.amount == _money(amount)
    assert reading.balance == _money(balance)
    assert reading.paid_at == paid_at
    assert reading.bonus == _money(bonus)
    assert reading.debit == _money(debit)
    assert reading.not_a_top_up == (debit is not None)
