"""Mechanical slips in the catalogs a reader notices at once.

"in 1 receipts" came from a count in a sentence that was not a plural
message; "Plan:  RUB400.00" from a double space. Every count a sentence
shows (a ``{n}`` or ``{count}``) goes through ``ngettext``, and no message
in any language has a doubled space or a space at an end its source lacks.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from companion.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
#: A placeholder that holds a number the sentence counts, or any placeholder
#: followed by an English plural noun ("{cards} cards"): "1 cards".
COUNT = re.compile(r"\{(n|count)\}|\{[a-z_]+\} (?!is\b|has\b|was\b)[a-z]+s\b")
#: Placeholders before a word that is not a count of it; ``{days}`` is a list
#: ("7, 3, 1 days") with no one number to agree with.
NOT_COUNTS = re.compile(
    r"\{(decimal|group|year|high|line|card|path|date|zone|amount)\} [a-z]+s\b|\{days\} days"
)


def _catalog(lang: str) -> Catalog:
    with (ROOT / "i18n" / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def _pot() -> Catalog:
    with (ROOT / "i18n" / "messages.pot").open("rb") as fh:
        return read_po(fh)


def test_every_count_in_a_sentence_is_a_plural_message() -> None:
    singular_only = sorted(
        message.id
        for message in _pot()
        if isinstance(message.id, str) and message.id
        and any(not NOT_COUNTS.fullmatch(m.group(0)) for m in COUNT.finditer(message.id))
    )
    assert singular_only == [], "use ngettext for: " + "; ".join(singular_only)


def _spacing_problems(source: str, text: str) -> list[str]:
    problems = []
    if "  " in text:
        problems.append("double space")
    if text != text.strip(" ") and source == source.strip(" "):
        problems.append("space at an end")
    return problems


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_message_has_a_double_space(lang: str) -> None:
    found = []
    for message in _catalog(lang):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        for text in [*ids, *strings]:
            for problem in _spacing_problems(ids[0], text or ""):
                found.append(f"{problem}: {text!r}")
    assert found == []


def test_the_checks_can_fail() -> None:
    assert _spacing_problems("Plan: {name} {price}", "Plan:  {price}") == ["double space"]
    assert _spacing_problems("Saved", "Сохранено ") == ["space at an end"]
    assert COUNT.search("in {n} receipts") and COUNT.search("Saved {cards} cards to {path}")
    assert NOT_COUNTS.fullmatch("{group} separates")
