"""Turn a page's Markdown with placeholders into the Markdown the reader shows.

Why expansion happens here and not in the UI: tests check the expanded text
(marks, links, no stray codes) without Qt, and search indexes the same text
the reader shows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from urllib.parse import quote, unquote

from companion.guide.catalogue import (
    USSD_SHEET_ID,
    Catalogue,
    GuideContentError,
    Page,
    month_key,
    page_file,
)
from companion.guide.operators import Fact
from companion.i18n import N_, gettext_in

#: ``(checked "YYYY-MM", language) -> the month as the reader shows it``.
MonthLabel = Callable[[str, str], str]

PLACEHOLDER_RE = re.compile(r"\{\{([^{}]*)\}\}")
#: A placeholder with the closing quotes and brackets right after it: a mark
#: the placeholder adds goes after them, not inside «…» or (…).
_PLACEHOLDER_CLOSERS_RE = re.compile(r"\{\{([^{}]*)\}\}([»”’\"')）」』]*)")
_OP_RE = re.compile(r"^op:([a-z0-9_]+)\.([a-z_]+)$")
#: Raw HTML is never passed to the reader: tags and comments are dropped.
_HTML_RE = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.DOTALL)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#<>|])")

#: Rows of the USSD sheet, in the order a traveller needs them.
SHEET_ROWS: tuple[tuple[str, str], ...] = (
    ("balance", N_("Balance")),
    ("remaining", N_("Remaining minutes and data")),
    ("credit_name", N_("Name of the credit")),
    ("credit_code", N_("Credit when the balance is empty")),
    ("credit_check", N_("Check the credit")),
    ("callback", N_("Call me back request")),
    ("support_short", N_("Support, short number")),
    ("support_free", N_("Support, free number")),
    ("support_abroad", N_("Support from abroad")),
)


#: ``{{unconfirmed}}`` and ``{{unconfirmed:WHO}}``: where a reader can check
#: a weak fact depends on who sets it; only operators are "the operator".
UNCONFIRMED_MARKS: dict[str, str] = {
    "": N_("unconfirmed — check with the operator"),
    "transport": N_("unconfirmed — check at a ticket office"),
    "provider": N_("unconfirmed — check with the eSIM provider"),
}


def unconfirmed_mark(lang: str, who: str = "") -> str:
    """The translated mark in ``lang``, the language of the page it is on."""
    return gettext_in(lang, UNCONFIRMED_MARKS[who])


def _mark(lang: str, who: str = "") -> str:
    return f" *(⚠ {unconfirmed_mark(lang, who)})*"


def escape_md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def strip_html(text: str) -> str:
    return _HTML_RE.sub("", text)


def action_link(fact: Fact) -> str:
    """A code or number as a link the reader turns into copy + QR."""
    scheme = "ussd" if fact.kind == "ussd" else "phone"
    return f"[`{fact.value}`]({scheme}:{quote(fact.value, safe='')})"


def parse_action(url: str) -> tuple[str, str] | None:
    """``("ussd", "*100#")`` for a link made by :func:`action_link`."""
    scheme, sep, rest = url.partition(":")
    if sep and scheme in ("ussd", "phone"):
        return scheme, unquote(rest)
    return None


def _fact_value(fact: Fact) -> str:
    if fact.kind in ("ussd", "phone"):
        return action_link(fact)
    if fact.kind == "site":
        return f"[{escape_md(fact.value)}](https://{fact.value})"
    return escape_md(fact.value)


def render_fact(fact: Fact, lang: str) -> str:
    """The fact as the reader shows it, marked in ``lang`` when it is weak."""
    return _fact_value(fact) + (_mark(lang) if fact.unconfirmed else "")


def checked_month(checked: str, lang: str) -> str:
    # babel loads here and not with the module: the built guide carries its
    # months formatted (guide.built_guide), so a start does not need it.
    from babel import dates as bdates

    from companion.i18n.formatting import babel_locale

    year, month = (int(x) for x in checked.split("-"))
    return str(bdates.format_skeleton("yMMMM", dt.date(year, month, 1), locale=babel_locale(lang)))


def catalogue_month(cat: Catalogue) -> MonthLabel:
    """The months the build formatted for ``cat``; babel only for one it did not."""

    def label(checked: str, lang: str) -> str:
        return cat.months.get(month_key(checked, lang)) or checked_month(checked, lang)

    return label


def phrasebook_markdown(cat: Catalogue, lang: str) -> str:
    """Russian as a heading (large enough to show a clerk), then how to say it."""
    meanings = cat.meanings.get(lang, {})
    parts: list[str] = []
    for phrase in cat.phrases:
        parts.append(f"### {escape_md(phrase.ru)}")
        parts.append(f"*{escape_md(phrase.translit)}*")
        meaning = meanings.get(phrase.id)
        if meaning and lang != "ru":
            parts.append(escape_md(meaning))
        parts.append("")
    return "\n\n".join(parts)


def ussd_sheet_markdown(cat: Catalogue, lang: str, month: MonthLabel | None = None) -> str:
    """Every operator's codes side by side: one table to print and keep.
    ``month``: how a checked month is shown (default: catalogue_month)."""
    ops = list(cat.operators.values())
    header = "| | " + " | ".join(escape_md(op.display_name(lang)) for op in ops) + " |"
    lines = [
        "# " + gettext_in(lang, N_("USSD sheet: all codes")),
        "",
        gettext_in(
            lang,
            N_("Click a code to copy it and show a QR code you can scan with your phone to dial."),
        ),
        "",
        header,
        "|---" * (len(ops) + 1) + "|",
    ]
    for field, label in SHEET_ROWS:
        if not any(op.fact(field) for op in ops):
            continue
        cells = []
        for op in ops:
            fact = op.fact(field)
            cells.append(render_fact(fact, lang) if fact else "—")
        lines.append(f"| **{escape_md(gettext_in(lang, label))}** | " + " | ".join(cells) + " |")
    checked = max((op.checked for op in ops if op.checked), default="")
    if checked:
        label = (month or catalogue_month(cat))(checked, lang)
        lines += ["", "*" + checked_line(lang, label) + "*"]
    return "\n".join(lines) + "\n"


def expand(cat: Catalogue, page: Page) -> str:
    """The page body with every placeholder replaced; raise on an unknown one."""

    lang = page.lang

    def replace(match: re.Match[str]) -> str:
        token, closers = match.group(1).strip(), match.group(2)
        value, mark = _expand_token(token)
        return value + closers + mark

    def _expand_token(token: str) -> tuple[str, str]:
        """The placeholder's text and the mark that follows it (maybe empty)."""
        head, _sep, who = token.partition(":")
        if head == "unconfirmed" and who in UNCONFIRMED_MARKS:
            return "", f"*(⚠ {unconfirmed_mark(lang, who)})*"
        if token == "phrasebook":
            return phrasebook_markdown(cat, lang), ""
        if token == "ussd_sheet":
            text = escape_md(gettext_in(lang, N_("All codes on one sheet")))
            return f"[{text}](topic:{USSD_SHEET_ID})", ""
        op_match = _OP_RE.match(token)
        if op_match:
            op = cat.operators.get(op_match.group(1))
            if op is None:
                raise GuideContentError(
                    N_("The page {name} has the placeholder {placeholder}, but there is no such operator."),
                    name=page_file(lang, page.id),
                    placeholder=f"{{{{{token}}}}}",
                )
            field = op_match.group(2)
            if field == "name":
                return escape_md(op.display_name(lang)), ""
            fact = op.fact(field)
            if fact is None:
                raise GuideContentError(
                    N_("The page {name} has the placeholder {placeholder}, but that operator has no such fact."),
                    name=page_file(lang, page.id),
                    placeholder=f"{{{{{token}}}}}",
                )
            return _fact_value(fact), (_mark(lang) if fact.unconfirmed else "")
        raise GuideContentError(
            N_("The page {name} has an unknown placeholder {placeholder}."),
            name=page_file(lang, page.id),
            placeholder=f"{{{{{token}}}}}",
        )

    return _PLACEHOLDER_CLOSERS_RE.sub(replace, strip_html(page.body))


def checked_line(lang: str, month_label: str) -> str:
    """The "facts checked" badge in the page's language."""
    return gettext_in(lang, N_("Facts checked: {month}")).format(month=month_label)


def render_page(cat: Catalogue, page: Page, month: MonthLabel | None = None) -> str:
    """Title, the "facts checked" line, then the expanded body.
    ``month``: how a checked month is shown (default: catalogue_month)."""
    label = (month or catalogue_month(cat))(page.checked, page.lang)
    checked = checked_line(page.lang, label)
    return f"# {escape_md(page.title)}\n\n*{checked}*\n\n{expand(cat, page)}"


_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_CODE_RE = re.compile(r"`([^`]*)`")
_RULE_RE = re.compile(r"^\s*\|?[\s:|-]*-{3,}[\s:|-]*\|?\s*$", re.MULTILINE)
_MARKUP_RE = re.compile(r"\\(?=[\\`*_\[\]#<>|])|[#*_|>]+|^\s*[-+]\s+", re.MULTILINE)


def plain_text(markdown: str) -> str:
    """Markdown without markup, for search and snippets; code spans kept whole."""
    text = _RULE_RE.sub("", _LINK_RE.sub(r"\1", markdown))
    parts = _CODE_RE.split(text)
    # Odd parts are code span contents (``*100#``): they keep their symbols.
    cleaned = [p if i % 2 else _MARKUP_RE.sub(" ", p) for i, p in enumerate(parts)]
    return re.sub(r"[ \t]+", " ", "".join(cleaned))
