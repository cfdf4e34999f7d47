"""The bundled guide: same topics everywhere, links resolve, codes only via placeholders."""

from __future__ import annotations

import re

import pytest

from companion.guide.catalogue import USSD_SHEET_ID, Catalogue, load_catalogue
from companion.guide.packs import broken_links
from companion.guide.render import (
    PLACEHOLDER_RE,
    parse_action,
    plain_text,
    render_page,
    strip_html,
    ussd_sheet_markdown,
)
from companion.i18n import LANGUAGES
from companion.paths import guide_dir


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue(guide_dir())


def _raw_pages() -> list[tuple[str, str, str]]:
    return [
        (lang, path.stem, path.read_text(encoding="utf-8"))
        for lang in LANGUAGES
        for path in sorted((guide_dir() / lang).glob("*.md"))
    ]


def test_every_topic_in_every_language_with_the_same_ids(cat: Catalogue) -> None:
    topics = set(cat.topic_ids())
    assert len(topics) >= 15
    for lang in LANGUAGES:
        files = {p.stem for p in (guide_dir() / lang).glob("*.md")}
        assert files == topics, lang
        assert set(cat.pages[lang]) == topics


def test_every_internal_link_resolves(cat: Catalogue) -> None:
    assert broken_links(cat) == []
    targets = {
        m for lang in LANGUAGES for p in cat.pages[lang].values()
        for m in re.findall(r"\(topic:([^)]*)\)", render_page(cat, p))
    }
    assert USSD_SHEET_ID in targets and "topping-up" in targets


_CODE_RE = re.compile(r"\*\d[\d*]*#|\b8[ -]?800[ -]?\d{3}[ -]?\d{2}[ -]?\d{2}|\+7[ \d()-]{9,}")


@pytest.mark.parametrize(("lang", "topic", "text"), _raw_pages())
def test_codes_and_numbers_come_only_from_placeholders(lang: str, topic: str, text: str) -> None:
    outside = PLACEHOLDER_RE.sub(" ", text)
    assert _CODE_RE.findall(outside) == [], f"{lang}/{topic}"
    short_numbers = {
        f.value for op in load_catalogue(guide_dir()).operators.values()
        for f in op.facts.values() if f.kind == "phone" and len(f.value) <= 4
    }
    for number in short_numbers:
        # "30,000" or "30 000" is an amount, not the short number 000.
        found = re.search(rf"(?<![\d.,-])(?<!\d[\s\u00a0\u202f]){number}(?![\d.-])", outside)
        assert not found, f"{lang}/{topic}: {number}"


def test_the_code_scan_would_catch_a_typed_code() -> None:
    assert _CODE_RE.findall("Dial *100# or call 8 800 250-08-90") == ["*100#", "8 800 250-08-90"]


@pytest.mark.parametrize(("lang", "topic", "text"), _raw_pages())
def test_no_external_links_except_operator_sites(lang: str, topic: str, text: str) -> None:
    """Messengers may be named (the guide explains what works), never linked."""
    outside = PLACEHOLDER_RE.sub(" ", text)
    assert not re.search(r"https?://|www\.|\]\((?!topic:)", outside), f"{lang}/{topic}"
    lowered = text.lower()
    # Written as parts so that no messenger address stands in the repository itself.
    banned_links = tuple(
        "".join(parts) for parts in (
            ("t", ".me"), ("tele", "gram", ".me"), ("wa", ".me"), ("whatsapp", ".com"),
            ("vk", ".com"), ("vk", ".cc"), ("max", ".ru"), ("insta", "gram"), ("ref", "="),
            ("utm", "_"), ("@",),
        )
    )
    for banned in banned_links:
        assert banned not in lowered, f"{lang}/{topic}: {banned}"


def test_rendered_external_links_go_only_to_operator_sites(cat: Catalogue) -> None:
    facts = [f for op in cat.operators.values() for f in op.facts.values()]
    sites = {f.value for f in facts if f.kind == "site"}
    for lang in LANGUAGES:
        for page in cat.pages[lang].values():
            for host in re.findall(r"\]\(https://([^)/]+)", render_page(cat, page)):
                assert host in sites


def test_low_confidence_facts_carry_the_mark(cat: Catalogue) -> None:
    page = cat.pages["en"]["operator-yota"]
    rendered = render_page(cat, page)
    balance = cat.operators["yota"].facts["balance"]
    assert balance.unconfirmed
    line = next(x for x in rendered.splitlines() if "ussd:%2A100%23" in x)
    assert "unconfirmed — check with the operator" in line
    mts = render_page(cat, cat.pages["en"]["operator-mts"])
    mts_line = next(x for x in mts.splitlines() if "ussd:%2A100%23" in x)
    assert "unconfirmed" not in mts_line


def test_unconfirmed_placeholder_and_checked_month_are_translated(cat: Catalogue) -> None:
    rendered = render_page(cat, cat.pages["en"]["transport-podorozhnik"])
    assert "Facts checked: December 2026" in rendered
    assert "{{" not in rendered and "unconfirmed — check at a ticket office" in rendered
    zh = render_page(cat, cat.pages["zh_Hans"]["operator-mts"])
    assert "2026年12月" in zh


def test_codes_become_copy_links_with_the_exact_code(cat: Catalogue) -> None:
    rendered = render_page(cat, cat.pages["ru"]["operator-beeline"])
    links = re.findall(r"\]\(((?:ussd|phone):[^)]*)\)", rendered)
    actions = {parse_action(x) for x in links}
    assert ("ussd", "*102#") in actions and ("phone", "0611") in actions


def test_phrasebook_shows_russian_transliteration_and_meaning(cat: Catalogue) -> None:
    text = plain_text(render_page(cat, cat.pages["en"]["phrasebook"]))
    assert 25 <= len(cat.phrases) <= 35
    assert "Пополните, пожалуйста, мой номер на 500 рублей." in text
    assert "Popolnite, pozhaluysta" in text
    assert "Please top up my number by 500 roubles." in text
    zh = render_page(cat, cat.pages["zh_Hans"]["phrasebook"])
    assert "### Пополните" in zh


def test_ussd_sheet_lists_every_operator_side_by_side(cat: Catalogue) -> None:
    sheet = ussd_sheet_markdown(cat, "en")
    header = next(x for x in sheet.splitlines() if x.startswith("| |"))
    for name in ("MTS", "MegaFon", "Beeline", "T2 (formerly Tele2)", "Yota"):
        assert name in header
    balance_row = next(x for x in sheet.splitlines() if "Balance" in x)
    assert balance_row.count("ussd:") == 5


def test_raw_html_is_stripped() -> None:
    assert strip_html('a <script>alert(1)</script> b <img src="x"> <!-- c --> 3 < 5') == (
        "a alert(1) b   3 < 5"
    )


def test_the_unconfirmed_mark_names_who_can_confirm(cat: Catalogue) -> None:
    """Transport cards have no operator, travel eSIMs have a provider."""
    for topic in ("transport-troika", "transport-podorozhnik"):
        for lang in LANGUAGES:
            rendered = render_page(cat, cat.pages[lang][topic])
            assert "⚠" in rendered
            assert "unconfirmed — check with the operator" not in rendered
            assert "уточните у оператора" not in rendered and "向运营商" not in rendered
    for topic in ("esim", "foreigner-sim-rules"):
        line = next(
            x for x in render_page(cat, cat.pages["en"][topic]).splitlines() if "Russia plan" in x
        )
        assert "unconfirmed — check with the eSIM provider" in line, topic


def test_the_unconfirmed_mark_sits_outside_quotes_and_brackets(cat: Catalogue) -> None:
    # MegaFon's credit name is a weak fact that pages quote: «…» and （…）.
    assert cat.operators["megafon"].facts["credit_name"].unconfirmed
    inside = re.compile(r"⚠[^)]*\)\*\s*[»”\"')）]")
    for lang in LANGUAGES:
        for page in cat.pages[lang].values():
            rendered = render_page(cat, page)
            assert not inside.search(rendered), f"{lang}/{page.id}"
    ru = render_page(cat, cat.pages["ru"]["operator-megafon"])
    assert "«Обещанный платёж» *(⚠" in ru
