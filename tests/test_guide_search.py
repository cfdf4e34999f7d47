"""Search quality: what a traveller types and the page that must come first."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.guide.catalogue import load_catalogue
from companion.guide.search import SearchIndex, fold, one_edit_apart, terms
from companion.paths import guide_dir


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(load_catalogue(guide_dir()))


# (query, language searched, topic that must be first)
QUALITY: list[tuple[str, str, str]] = [
    ("баланс МТС", "ru", "operator-mts"),
    ("МТС", "ru", "operator-mts"),
    ("mts balance", "en", "operator-mts"),
    ("Tele2", "en", "operator-t2"),
    ("Теле2", "ru", "operator-t2"),
    ("tele2", "zh_Hans", "operator-t2"),
    ("MegaFon", "ru", "operator-megafon"),
    ("мегафон", "en", "operator-megafon"),
    ("Билайн", "en", "operator-beeline"),
    ("Beeline", "ru", "operator-beeline"),
    ("Йота", "en", "operator-yota"),
    ("QIWI", "en", "topping-up"),
    ("qiwi", "ru", "topping-up"),
    ("СБП", "ru", "topping-up"),
    ("充值", "zh_Hans", "topping-up"),
    ("续费", "zh_Hans", "renewal-checklist"),
    ("renewal checklist", "en", "renewal-checklist"),
    ("SNILS", "en", "foreigner-sim-rules"),
    ("Госуслуги", "ru", "foreigner-checklist"),
    ("护照", "zh_Hans", "foreigner-sim-rules"),
    ("cooling", "en", "cooling-off"),
    ("роуминг", "ru", "cooling-off"),
    ("Troika", "en", "transport-troika"),
    ("Тройка", "ru", "transport-troika"),
    ("Подорожник", "ru", "transport-podorozhnik"),
    ("Podorozhnik", "zh_Hans", "transport-podorozhnik"),
    ("eSIM", "en", "esim"),
    ("phrases", "en", "phrasebook"),
    ("短语", "zh_Hans", "phrasebook"),
    ("разговорник", "ru", "phrasebook"),
    ("kinds of cards", "en", "card-kinds"),
    ("卡的种类", "zh_Hans", "card-kinds"),
    ("пополнение счета", "ru", "topping-up"),
    ("доверительный платеж", "ru", "operator-beeline"),
    ("white list", "en", "no-mobile-internet"),
    ("белый список", "ru", "no-mobile-internet"),
    ("白名单", "zh_Hans", "no-mobile-internet"),
    ("WhatsApp", "en", "messengers"),
    ("мессенджеры", "ru", "messengers"),
    ("zero balance", "en", "zero-balance"),
    ("нулевой баланс", "ru", "zero-balance"),
    ("RuID", "en", "foreigner-checklist"),
    ("штраф", "ru", "sim-holder-rules"),
]


@pytest.mark.parametrize(("query", "lang", "expected"), QUALITY)
def test_search_quality(index: SearchIndex, query: str, lang: str, expected: str) -> None:
    hits = index.search(query, (lang,))
    assert hits, query
    assert hits[0].topic_id == expected, [h.topic_id for h in hits[:3]]
    assert hits[0].lang == lang


def test_quality_table_covers_three_languages() -> None:
    assert len(QUALITY) >= 30
    assert {lang for _q, lang, _t in QUALITY} == {"en", "ru", "zh_Hans"}


def test_yo_is_folded_both_ways(index: SearchIndex) -> None:
    with_yo = [h.topic_id for h in index.search("платёж", ("ru",))]
    without = [h.topic_id for h in index.search("платеж", ("ru",))]
    assert with_yo and with_yo == without
    assert index.search("Ёта", ("ru",))[0].topic_id == "operator-yota"


def test_single_chinese_character_finds_pages(index: SearchIndex) -> None:
    hits = index.search("费", ("zh_Hans",))
    assert hits and all(h.lang == "zh_Hans" for h in hits)
    assert "费" in hits[0].snippet


def test_snippet_highlights_the_match(index: SearchIndex) -> None:
    hit = index.search("QIWI", ("en",))[0]
    marked = [hit.snippet[a:b] for a, b in hit.highlights]
    assert marked and all(m.lower() == "qiwi" for m in marked)


def test_case_insensitive_latin_and_cyrillic(index: SearchIndex) -> None:
    for a, b in (("BALANCE", "balance"), ("ТРОЙКА", "тройка")):
        assert [h.topic_id for h in index.search(a)] == [h.topic_id for h in index.search(b)]


def test_all_languages_returns_every_language(index: SearchIndex) -> None:
    langs = {h.lang for h in index.search("Tele2")}
    assert langs == {"en", "ru", "zh_Hans"}
    assert {h.lang for h in index.search("Tele2", ("ru",))} == {"ru"}


def test_nonsense_finds_nothing(index: SearchIndex) -> None:
    assert index.search("zzqxv") == []
    assert index.search("   ") == []


@given(st.text(max_size=40))
def test_fold_keeps_length_and_is_idempotent(text: str) -> None:
    folded = fold(text)
    assert len(folded) == len(text)
    assert fold(folded) == folded
    assert "ё" not in folded and "Ё" not in folded


@given(st.text(alphabet="续费余额充值卡的种类", min_size=1, max_size=6))
def test_chinese_query_terms_are_in_index_terms(text: str) -> None:
    index_terms = set(terms(text))
    assert set(terms(text, query=True)) <= index_terms


@pytest.mark.parametrize("lang", ["en", "ru", "zh_Hans"])
@pytest.mark.parametrize("name", ["МТС", "MTS"])
def test_an_operator_name_finds_only_pages_that_name_the_operator(
    index: SearchIndex, lang: str, name: str
) -> None:
    """"Mobile TeleSystems" is one of MTS's names; "mobile" alone is not MTS."""
    hits = index.search(name, (lang,))
    assert hits and hits[0].topic_id == "operator-mts"
    for hit in hits:
        doc = next(d for d in index.docs if (d.lang, d.topic_id) == (hit.lang, hit.topic_id))
        assert "mts" in doc.folded or "мтс" in doc.folded, hit.topic_id


@pytest.mark.parametrize(
    ("typo", "right", "lang"),
    [
        ("balanse", "balance", "en"),
        ("Podorozhnk", "Podorozhnik", "en"),
        ("боланс", "баланс", "ru"),
        ("Подорожнек", "Подорожник", "ru"),
        ("Тройак", "Тройка", "ru"),
    ],
)
def test_one_typo_in_a_long_word_is_forgiven(
    index: SearchIndex, typo: str, right: str, lang: str
) -> None:
    found = [h.topic_id for h in index.search(typo, (lang,))]
    expected = [h.topic_id for h in index.search(right, (lang,))]
    assert found and found[0] == expected[0]
    hit = index.search(typo, (lang,))[0]
    assert any(fold(hit.snippet[a:b]).startswith(fold(right)[:4]) for a, b in hit.highlights)


def test_short_words_and_two_typos_are_not_guessed(index: SearchIndex) -> None:
    assert index.search("plam", ("en",)) == []  # "plan" is one letter away but short
    assert index.search("bolanse", ("en",)) == []  # two letters wrong


@given(st.text(alphabet="abcdeабвгд", min_size=1, max_size=8), st.data())
def test_one_edit_apart_recognises_every_single_edit(word: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(word) - 1))
    letter = data.draw(st.sampled_from("xyzжз"))
    edits = {
        word[:i] + letter + word[i + 1 :],  # changed
        word[:i] + letter + word[i:],  # added
        word[:i] + word[i + 1 :],  # dropped
    }
    if i + 1 < len(word):
        edits.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])  # swapped
    for edited in edits - {word}:
        assert one_edit_apart(word, edited) and one_edit_apart(edited, word)
    assert not one_edit_apart(word, word)
    assert not one_edit_apart(word, word + "xy")
