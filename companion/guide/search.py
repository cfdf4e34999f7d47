"""Ranked full-text search over the guide, fast enough to run on every key.

Why a hand-made index: the corpus is small (tens of pages), the rules are
particular (ё = е, Chinese by character n-grams, operator aliases) and the
app must not need a search engine. Everything is built once in memory.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from dataclasses import dataclass

from companion.guide.catalogue import Catalogue
from companion.guide.render import expand, plain_text

_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: Crude Russian endings: enough for "баланса" to find "баланс".
_RU_ENDINGS = tuple(
    sorted(
        (
            "ами", "ями", "ого", "его", "ому", "ему", "ыми", "ими", "ать", "ять", "ить",
            "ться", "тся", "ая", "яя", "ое", "ее", "ые", "ие", "ый", "ий", "ой", "ом", "ем",
            "ах", "ях", "ам", "ям", "ов", "ев", "ей", "ую", "юю", "ть",
            "а", "я", "о", "е", "и", "ы", "у", "ю", "ь",
        ),
        key=len,
        reverse=True,
    )
)
#: A page's first keyword names what the page is mainly about.
_FIELD_WEIGHT = {"title": 10.0, "lead": 4.0, "keywords": 3.0, "body": 1.0}
SNIPPET_CHARS = 90
#: Words this long may carry one typo ("balanse"); shorter ones are too
#: easily another real word ("plan" and "plat").
TYPO_MIN_LETTERS = 5


def fold(text: str) -> str:
    """Case- and ё-insensitive form with the same length as ``text``."""
    out = []
    for ch in text:
        low = ch.lower()
        out.append(low if len(low) == 1 else ch)
    return "".join(out).replace("ё", "е")


def _stem(word: str) -> str:
    if len(word) > 4 and "а" <= word[0] <= "я":
        for ending in _RU_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                return word[: -len(ending)]
    if len(word) > 4 and word.isascii() and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def terms(text: str, query: bool = False) -> list[str]:
    """Index terms: stemmed words, plus Chinese single characters and pairs.

    A query uses the pairs alone when it has them: they are far more precise
    than single characters, which only matter for a one-character query.
    """
    result: list[str] = []
    for word in _WORD_RE.findall(fold(text)):
        if _CJK_RE.search(word):
            run = ""
            for ch in word + " ":
                if _CJK_RE.match(ch):
                    run += ch
                    continue
                if run:
                    if not query or len(run) == 1:
                        result.extend(run)
                    result.extend(run[i : i + 2] for i in range(len(run) - 1))
                    run = ""
            latin = _CJK_RE.sub(" ", word).split()
            result.extend(_stem(w) for w in latin)
        else:
            result.append(_stem(word))
    return result


def one_edit_apart(a: str, b: str) -> bool:
    """True when one letter changed, added, dropped or two neighbours swapped
    turn ``a`` into ``b`` (not when they are equal)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diff) == 1:
            return True
        i = diff[0]
        return len(diff) == 2 and diff[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k, (x, y) in enumerate(zip(short, long, strict=False)) if x != y), len(short))
    return short[i:] == long[i + 1 :]


@dataclass(frozen=True)
class Doc:
    lang: str
    topic_id: str
    title: str
    text: str  # plain text shown in snippets
    folded: str


@dataclass(frozen=True)
class Hit:
    lang: str
    topic_id: str
    title: str
    score: float
    snippet: str
    #: (start, end) of each highlighted match inside ``snippet``
    highlights: tuple[tuple[int, int], ...]


class SearchIndex:
    def __init__(self, cat: Catalogue) -> None:
        self.docs: list[Doc] = []
        self._postings: dict[str, dict[int, float]] = {}
        self._aliases: dict[str, set[str]] = {}
        for op in cat.operators.values():
            # A name of one word is the operator; the words of a longer name
            # ("Mobile TeleSystems") are common words that mean other things,
            # and "МТС" must not find every page that says "mobile".
            group = {t for name in op.names if len(found := terms(name)) == 1 for t in found}
            for term in group:
                self._aliases.setdefault(term, set()).update(group)
        for lang, pages in cat.pages.items():
            for topic_id in cat.topic_ids():
                page = pages[topic_id]
                body = plain_text(expand(cat, page))
                doc_id = len(self.docs)
                text = f"{page.title}\n{body}"
                self.docs.append(Doc(lang, topic_id, page.title, text, fold(text)))
                fields = {
                    "title": page.title,
                    "lead": page.keywords[0] if page.keywords else "",
                    "keywords": " ".join(page.keywords),
                    "body": body,
                }
                page_op = cat.operators.get(topic_id.removeprefix("operator-"))
                if page_op is not None:
                    fields["keywords"] += " " + " ".join(page_op.names)
                self._add(doc_id, fields)
        self._vocab = sorted(self._postings)
        n = len(self.docs)
        self._idf = {t: math.log(1 + n / len(p)) for t, p in self._postings.items()}

    def _add(self, doc_id: int, fields: dict[str, str]) -> None:
        """A term's weight: a bonus per field it is in, damped count in the body."""
        counts: dict[str, dict[str, int]] = {}
        for name, value in fields.items():
            for term in terms(value):
                per_field = counts.setdefault(term, {})
                per_field[name] = per_field.get(name, 0) + 1
        for term, per_field in counts.items():
            weight = sum(_FIELD_WEIGHT[f] for f in per_field if f != "body")
            body = per_field.get("body", 0)
            if body:
                weight += 1 + math.log(body)
            self._postings.setdefault(term, {})[doc_id] = weight

    def _expand_term(self, term: str, last: bool) -> list[str]:
        """The term, its operator aliases, (for the word being typed)
        completions, and when none of those is in the guide, the words one
        typo away."""
        found = set(self._aliases.get(term, ())) | {term}
        if len(term) >= 3 and not _CJK_RE.match(term):
            start = bisect.bisect_left(self._vocab, term)
            limit = 30 if last else 8
            for word in self._vocab[start : start + limit]:
                if not word.startswith(term):
                    break
                found.add(word)
        known = [t for t in found if t in self._postings]
        if not known and len(term) >= TYPO_MIN_LETTERS and not _CJK_RE.search(term):
            known = [w for w in self._vocab if one_edit_apart(term, w)]
        return known

    def search(
        self, query: str, langs: tuple[str, ...] | None = None, limit: int = 20
    ) -> list[Hit]:
        """Best pages first; ``langs`` None searches every language."""
        query_terms = list(dict.fromkeys(terms(query, query=True)))
        if not query_terms:
            return []
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, int] = defaultdict(int)
        hit_words: set[str] = set()
        for index, qterm in enumerate(query_terms):
            seen: set[int] = set()
            for term in self._expand_term(qterm, index == len(query_terms) - 1):
                weight = self._idf[term] * (1.0 if term == qterm else 0.7)
                hit_words.add(term)
                for doc_id, tf in self._postings[term].items():
                    if langs is not None and self.docs[doc_id].lang not in langs:
                        continue
                    scores[doc_id] += weight * tf
                    seen.add(doc_id)
            for doc_id in seen:
                matched[doc_id] += 1
        total = len(query_terms)
        ranked = sorted(
            scores,
            key=lambda d: (-(scores[d] * (matched[d] / total) ** 2), d),
        )[:limit]
        pattern = _match_pattern(hit_words)
        return [self._hit(d, scores[d] * (matched[d] / total) ** 2, pattern) for d in ranked]

    def _hit(self, doc_id: int, score: float, pattern: re.Pattern[str]) -> Hit:
        doc = self.docs[doc_id]
        spans = [m.span() for m in pattern.finditer(doc.folded)]
        body_start = doc.text.find("\n") + 1
        first = next((s for s in spans if s[0] >= body_start), spans[0] if spans else None)
        if first is None:
            start = body_start
        else:
            start = max(body_start, first[0] - SNIPPET_CHARS // 3)
            while (
                start > body_start and not doc.text[start - 1].isspace() and first[0] - start < 40
            ):
                start -= 1
        end = min(len(doc.text), start + SNIPPET_CHARS)
        snippet_raw = doc.text[start:end]
        lead = len(snippet_raw) - len(snippet_raw.lstrip())
        snippet = " ".join(snippet_raw.split())
        # Map highlights onto the whitespace-collapsed snippet.
        offsets = _collapse_map(snippet_raw)
        highlights = tuple(
            (offsets[a - start], offsets[b - start])
            for a, b in spans
            if a >= start + lead and b <= end
        )
        prefix = "…" if start > body_start else ""
        suffix = "…" if end < len(doc.text) else ""
        shifted = tuple((a + len(prefix), b + len(prefix)) for a, b in highlights)
        return Hit(doc.lang, doc.topic_id, doc.title, score, prefix + snippet + suffix, shifted)


def _collapse_map(raw: str) -> list[int]:
    """Index in ``raw`` → index in ``" ".join(raw.split())`` (plus end)."""
    mapping: list[int] = []
    pos = 0
    in_space = True
    started = False
    for ch in raw:
        if ch.isspace():
            mapping.append(pos)
            if not in_space and started:
                in_space = True
        else:
            if in_space and started:
                pos += 1
            mapping.append(pos)
            pos += 1
            in_space = False
            started = True
    mapping.append(pos)
    return mapping


def _match_pattern(words: set[str]) -> re.Pattern[str]:
    """One regex for every matched term: Chinese anywhere, other words at a word start."""
    cjk = sorted((w for w in words if _CJK_RE.match(w)), key=len, reverse=True)
    other = sorted((w for w in words if not _CJK_RE.match(w)), key=len, reverse=True)
    alternatives = [re.escape(w) for w in cjk]
    if other:
        alternatives.append(
            r"(?<![^\W_])(?:" + "|".join(re.escape(w) for w in other) + r")[^\W_]*"
        )
    return re.compile("|".join(alternatives) or r"(?!)")
