"""Is a message one of the catalog's sentences, in the language asked for?

Why match against the catalog and not just look for Cyrillic: "Содержимое
пакета некорректно: ru/x.md: no title" has Cyrillic and is still half
English. A message passes when it is one of the language's translations
with each placeholder filled by a value, and no value is English prose
(two Latin words with a space between), a Python exception's name or a
traceback: values are file names, fields and what the file held, which stay
as they were written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
_PLACEHOLDER = re.compile(r"\{(\w*)\}")
#: Each language's own script: a translated sentence has some of it outside
#: its placeholders.
OWN_SCRIPT = {"ru": re.compile("[А-Яа-яЁё]"), "zh_Hans": re.compile("[\u4e00-\u9fff]")}
#: Two Latin words with a space between: prose, not a file name or a value.
_PROSE = re.compile(r"[A-Za-z]+ +[A-Za-z]+")
#: What Python says when it fails, never what a user should read.
_DEVELOPER = re.compile(r"Traceback|\b[A-Za-z]*(Error|Exception)\b|Errno")


@dataclass(frozen=True)
class Sentence:
    msgid: str
    pattern: re.Pattern[str]
    names: tuple[str, ...]


def _pattern(text: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    parts = _PLACEHOLDER.split(text)
    regex = "".join(re.escape(p) if i % 2 == 0 else "(.*?)" for i, p in enumerate(parts))
    return re.compile(regex, re.DOTALL), tuple(parts[1::2])


@cache
def sentences(lang: str) -> tuple[Sentence, ...]:
    """Every translation in ``lang``'s catalog that is written in its script,
    the most specific (longest fixed text) first."""
    with (ROOT / "i18n" / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    found: list[tuple[int, Sentence]] = []
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        texts = [message.string] if isinstance(message.string, str) else list(message.string)
        for text in texts:
            fixed = _PLACEHOLDER.sub("", text)
            if text and OWN_SCRIPT[lang].search(fixed):
                pattern, names = _pattern(text)
                found.append((len(fixed), Sentence(msgid, pattern, names)))
    return tuple(s for _n, s in sorted(found, key=lambda item: -item[0]))


def _value_problem(value: str) -> str | None:
    if _PROSE.search(value):
        return f"English words in a value: {value!r}"
    if _DEVELOPER.search(value):
        return f"developer text in a value: {value!r}"
    return None


def match(message: str, lang: str) -> tuple[str, dict[str, str]] | None:
    """The English message id and the values of the catalog sentence
    ``message`` is, or None when it is none of them."""
    for sentence in sentences(lang):
        found = sentence.pattern.fullmatch(message)
        if found and not any(_value_problem(v) for v in found.groups()):
            return sentence.msgid, dict(zip(sentence.names, found.groups(), strict=True))
    return None


def problem(message: str, lang: str) -> str | None:
    """Why ``message`` is not one translated sentence of ``lang``; None when it is."""
    if not message.strip() or "\n" in message or "\r" in message:
        return f"not one line: {message!r}"
    if _DEVELOPER.search(message):
        return f"developer text: {message!r}"
    if match(message, lang) is None:
        return f"not a {lang} sentence of the catalog: {message!r}"
    return None
