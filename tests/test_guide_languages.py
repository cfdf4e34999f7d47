"""The three languages of the guide say the same thing, each in its own words.

Why these tests: a review found facts that differed by language (a fee in one,
a 7-day pass in another) and English badges inside Russian and Chinese pages.
Codes, phone numbers, prices and dates are the facts a traveller acts on, so
for every topic they must be the same set in en, ru and zh_Hans; and a page in
Russian or Chinese must not show an English sentence from the UI catalog,
whatever language the window around it is in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from babel.messages.pofile import read_po

from companion.guide.catalogue import Catalogue, load_catalogue
from companion.guide.render import plain_text, render_page, ussd_sheet_markdown
from companion.i18n import LANGUAGES, current_language, set_language
from companion.paths import guide_dir, source_catalog_dir

#: The facts sheet (shared/facts/russia-mobile.md) was revised on 1 December
#: 2026; every page and operator table was re-checked against that revision.
FACTS_SHEET_REVISION = "2026-12"

_EN_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
_RU_MONTHS = ("янв", "фев", "мар", "апр", "ма[йяе]", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
_DASH = r"\s*[–-]\s*"
_PRICE_RANGE = r"\s*(?:[–-]|до|至)\s*"
_GROUPED = r"\d{1,3}(?:[,\u00a0\u202f]\d{3})+|\d+"


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue(guide_dir())


@pytest.fixture
def english_ui() -> Iterator[None]:
    before = current_language()
    set_language("en")
    yield
    set_language(before)


def _month_number(lang: str, word: str) -> int:
    word = word.lower()
    if lang == "en":
        return _EN_MONTHS.index(word) + 1
    return next(i for i, stem in enumerate(_RU_MONTHS, 1) if re.match(stem, word))


def facts_in(markdown: str, lang: str) -> set[str]:
    """Codes, numbers, prices and dates in a rendered page, written one way."""
    found = {f"{scheme}:{value}" for scheme, value in re.findall(r"\]\((ussd|phone):([^)]*)\)", markdown)}
    text = plain_text(markdown)
    for low, high in re.findall(rf"({_GROUPED})(?:{_PRICE_RANGE}({_GROUPED}))?\s*₽", text):
        for amount in (low, high):
            if amount:
                found.add("price:" + re.sub(r"\D", "", amount))
    found |= {f"year:{y}" for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", text)}
    if lang == "zh_Hans":
        for year, month, day, until in re.findall(
            r"(?:(20\d\d)\s*年\s*)?(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日(?:\s*至\s*(\d{1,2})\s*日)?)?", text
        ):
            if year:
                found.add(f"month:{year}-{int(month):02}")
            found |= {f"day:{int(month):02}-{int(d):02}" for d in (day, until) if d}
        return found
    ru_names = "|".join(stem + r"\w*" for stem in _RU_MONTHS)
    names = "|".join(_EN_MONTHS) if lang == "en" else ru_names
    for first, last, name, year in re.findall(
        rf"(?<!\d)(\d{{1,2}})(?:{_DASH}(\d{{1,2}}))?\s+({names})\b(?:\s+(20\d\d))?", text, re.IGNORECASE
    ):
        month = _month_number(lang, name)
        found |= {f"day:{month:02}-{int(d):02}" for d in (first, last) if d}
        if year:
            found.add(f"month:{year}-{month:02}")
    for name, year in re.findall(rf"\b({names})\s+(20\d\d)", text, re.IGNORECASE):
        found.add(f"month:{year}-{_month_number(lang, name):02}")
    return found


def test_the_fact_scanner_reads_each_language_the_same_way() -> None:
    en = facts_in("On 5–13 March 2026 a pass cost 3,460 ₽; since May 2025. [`*100#`](ussd:%2A100%23)", "en")
    ru = facts_in("5–13 марта 2026 года проездной стоил 3460 ₽; с мая 2025 года. [`*100#`](ussd:%2A100%23)", "ru")
    zh = facts_in("2026 年 3 月 5 日至 13 日通票 3460 ₽；从 2025 年 5 月起。[`*100#`](ussd:%2A100%23)", "zh_Hans")
    assert en == ru == zh
    assert {"day:03-05", "day:03-13", "month:2026-03", "month:2025-05", "price:3460"} <= en
    assert facts_in("30,000–50,000 ₽", "en") == facts_in("от 30\u00a0000 до 50\u00a0000 ₽", "ru")
    assert facts_in("30 000 ₽", "ru") == {"price:000"}, "a plain space is not a thousands separator"


@pytest.mark.parametrize("topic", load_catalogue(guide_dir()).topic_ids())
def test_every_topic_states_the_same_facts_in_every_language(
    cat: Catalogue, topic: str, english_ui: None
) -> None:
    sets = {lang: facts_in(render_page(cat, cat.pages[lang][topic]), lang) for lang in LANGUAGES}
    assert sets["en"], topic
    for lang in ("ru", "zh_Hans"):
        assert sets[lang] == sets["en"], (
            f"{topic}: only in en {sorted(sets['en'] - sets[lang])}, "
            f"only in {lang} {sorted(sets[lang] - sets['en'])}"
        )


def _ui_sentences() -> list[str]:
    """English phrases of the UI catalog, cut at placeholders, long enough to be sentences."""
    with (source_catalog_dir() / "ru" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh)
    pieces: set[str] = set()
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for msgid in ids:
            for piece in re.split(r"\{[^}]*\}", str(msgid)):
                piece = piece.strip(" .:,()…")
                # A sentence has a lower-case word; "WeChat Pay" is a name.
                if len(piece) >= 10 and re.search(r"\b[a-z]{3,}\b", piece):
                    pieces.add(piece)
    return sorted(pieces)


@pytest.mark.parametrize("ui_lang", LANGUAGES)
def test_no_english_ui_sentence_inside_a_russian_or_chinese_page(cat: Catalogue, ui_lang: str) -> None:
    sentences = _ui_sentences()
    assert "unconfirmed — check with the operator" in sentences
    assert "All codes on one sheet" in sentences
    before = current_language()
    set_language(ui_lang)
    try:
        for lang in ("ru", "zh_Hans"):
            rendered = [render_page(cat, p) for p in cat.pages[lang].values()]
            rendered.append(ussd_sheet_markdown(cat, lang))
            for markdown in rendered:
                text = plain_text(markdown)
                leaked = [s for s in sentences if s in text]
                assert leaked == [], f"{lang} page, UI in {ui_lang}: {leaked}"
    finally:
        set_language(before)


def test_badges_follow_the_page_not_the_window(cat: Catalogue, english_ui: None) -> None:
    ru = render_page(cat, cat.pages["ru"]["operator-yota"])
    assert "Сведения проверены: декабрь 2026" in ru
    assert "не подтверждено — уточните у оператора" in ru
    zh = render_page(cat, cat.pages["zh_Hans"]["renewal-checklist"])
    assert "全部代码汇总" in zh and "All codes" not in zh


def test_every_page_was_checked_against_the_current_facts_sheet(cat: Catalogue) -> None:
    for lang in LANGUAGES:
        for page in cat.pages[lang].values():
            assert page.checked >= FACTS_SHEET_REVISION, f"{lang}/{page.id}: {page.checked}"
    for op in cat.operators.values():
        assert op.checked >= FACTS_SHEET_REVISION, op.id
