"""Catalog completeness and locale-aware formatting/parsing."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from companion.domain.money import Money
from companion.i18n import LANGUAGES, _, normalize_language, set_language
from companion.i18n.formatting import format_amount, format_countdown, format_money
from companion.i18n.money_input import MoneyInputError, parse_money

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def _catalog(lang: str):  # type: ignore[no-untyped-def]
    with (ROOT / "i18n" / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def _code_messages() -> set[str]:
    found: set[str] = set()
    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(ROOT / "companion"), method_map=[("**.py", "python")], keywords=keywords
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_string_in_the_code_is_in_the_catalogs() -> None:
    in_code = _code_messages()
    for lang in LANGUAGES:
        ids = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog(lang) if m.id}
        missing = sorted(in_code - ids)
        assert not missing, f"{lang}: run i18n/update.sh; not in catalog: {missing[:10]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_is_complete_and_placeholders_match(lang: str) -> None:
    problems = []
    for message in _catalog(lang):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if not all(strings) or "fuzzy" in message.flags:
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        expected = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for text in strings:
            if set(PLACEHOLDER.findall(text)) - expected or (
                len(ids) == 1 and set(PLACEHOLDER.findall(text)) != expected
            ):
                problems.append(f"placeholders differ: {ids[0]!r} -> {text!r}")
    assert not problems, "\n".join(problems[:20])


def test_language_switch_changes_lookups() -> None:
    set_language("ru")
    assert _("Receipts") == "Чеки"
    set_language("zh_Hans")
    assert _("Receipts") == "收据"
    set_language("en")
    assert _("Receipts") == "Receipts"


@pytest.mark.parametrize(
    ("tag", "lang"),
    [("ru_RU.UTF-8", "ru"), ("zh_CN.UTF-8", "zh_Hans"), ("zh-TW", "zh_Hans"), ("en_GB", "en"),
     ("de_DE", None), ("", None), ("C", None)],
)
def test_normalize_language(tag: str, lang: str | None) -> None:
    assert normalize_language(tag) == lang


@pytest.mark.parametrize(
    ("lang", "text", "minor"),
    [("ru", "1 234,50", 123450), ("ru", "1\u00a0234,5", 123450), ("ru", "350,50 ₽", 35050),
     ("en", "1,234.50", 123450), ("en", "350.50", 35050), ("zh_Hans", "1,234.50", 123450),
     ("en", "500", 50000)],
)
def test_parse_money_accepts_locale_input(lang: str, text: str, minor: int) -> None:
    assert parse_money(text, "RUB", lang) == Money(minor, "RUB")


@pytest.mark.parametrize(
    "text", ["", "abc", "12a", "1,2,3", "-5", "1,234", "1.2.3", "12,345", "99999999999999999"]
)
def test_parse_money_refuses_impossible_input_in_russian(text: str) -> None:
    with pytest.raises(MoneyInputError) as info:
        parse_money(text, "RUB", "ru")
    assert str(info.value)


def test_parse_money_respects_currency_decimals() -> None:
    assert parse_money("350", "JPY", "en") == Money(350, "JPY")
    with pytest.raises(MoneyInputError):
        parse_money("350.5", "JPY", "en")
    assert parse_money("1.234", "KWD", "en") == Money(1234, "KWD")


@given(
    minor=st.integers(min_value=0, max_value=10**11),
    lang=st.sampled_from(LANGUAGES),
    currency=st.sampled_from(["RUB", "USD", "EUR", "CNY", "JPY", "KWD"]),
)
def test_format_then_parse_gives_the_same_amount(minor: int, lang: str, currency: str) -> None:
    money = Money(minor, currency)
    assert parse_money(format_amount(money, lang), currency, lang) == money


def test_money_and_relative_time_follow_the_locale() -> None:
    money = Money(123450, "RUB")
    assert format_money(money, "ru") == "1\u00a0234,50\u00a0₽"
    assert "1,234.50" in format_money(money, "en")
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    later = now + dt.timedelta(days=3)
    assert format_countdown(later, now) == "in 3 days"
    assert format_countdown(now - dt.timedelta(hours=2), now) == "2 hours ago"
    set_language("ru")
    assert format_countdown(later, now) == "через 3 дня"
    set_language("zh_Hans")
    assert format_countdown(later, now) == "3天后"


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_the_app_reads_each_catalog_entry_as_the_po_file_says(lang: str) -> None:
    """The compiled catalog the app loads (companion/built/, made by the
    build step from the .po) gives every translated entry, with the plural
    the language's rule picks, and leaves fuzzy entries untranslated."""
    import gettext

    from companion import i18n

    ours = i18n._read(lang)
    catalog = _catalog(lang)
    plural = gettext.c2py(catalog.plural_expr)
    checked = 0
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, str):
            wanted = message.id if message.fuzzy or not message.string else message.string
            assert ours.gettext(message.id) == wanted
        else:
            for n in (0, 1, 2, 5, 11, 21, 102):
                form = message.string[plural(n)]
                wanted = (
                    form if form and not message.fuzzy else message.id[0 if n == 1 else 1]
                )
                assert ours.ngettext(message.id[0], message.id[1], n) == wanted
        checked += 1
    assert checked > 100
