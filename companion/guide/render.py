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

from companion.guide.catalogue import USSD_SHEET_ID, Catalogue, GuideContentError, Page
from companion.guide.operators import Fact
from companion.i18n import N_, _

#: ``(checked "YYYY-MM", language) -> the month as the reader shows it``.
MonthLabel = Callable[[str, str], str]

PLACEHOLDER_RE = re.compile(r"\{\{([^{}]*)\}\}")
_OP_RE = re.compile(r"^op:([a-z0-9_]+)\.([a-z_]+)$")
#: Raw HTML is never passed to the reader: tags and comments are dropped.
_HTML_RE = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.DOTALL)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#<>|])")

#: Rows of the USSD sheet, in the order a traveller needs them.
SHEET_ROWS: tuple[tuple[str, str], ...] = (
    ("balance", N_("Balance")),
    ("remaining", N_("Remaining minutes and data")),
    ("credit_code", N_("Credit when the balance is empty")),
    ("credit_check", N_("Check the credit")),
    ("support_short", N_("Support, short number")),
    ("support_free", N_("Support, free number")),
    ("support_abroad", N_("Support from abroad")),
)


def unconfirmed_mark() -> str:
    return _("unconfirmed — check with the operator")


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


def render_fact(fact: Fact) -> str:
    if fact.kind in ("ussd", "phone"):
        text = action_link(fact)
    elif fact.kind == "site":
        text = f"[{escape_md(fact.value)}](https://{fact.value})"
    else:
        text = escape_md(fact.value)
    if fact.unconfirmed:
        text += f" *(⚠ {unconfirmed_mark()})*"
    return text


def checked_month(checked: str, lang: str) -> str:
    # babel loads here and not with the module: a start-up that finds the
    # month in services/month_labels.py does not need it.
    from babel import dates as bdates

    from companion.i18n.formatting import babel_locale

    year, month = (int(x) for x in checked.split("-"))
    return str(bdates.format_skeleton("yMMMM", dt.date(year, month, 1), locale=babel_locale(lang)))


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


def ussd_sheet_markdown(cat: Catalogue, lang: str, month: MonthLabel = checked_month) -> str:
    """Every operator's codes side by side: one table to print and keep."""
    ops = list(cat.operators.values())
    header = "| | " + " | ".join(escape_md(op.display_name(lang)) for op in ops) + " |"
    lines = [
        "# " + _("USSD sheet: all codes"),
        "",
        _("Click a code to copy it and show a QR code you can scan with your phone to dial."),
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
            cells.append(render_fact(fact) if fact else "—")
        lines.append(f"| **{escape_md(_(label))}** | " + " | ".join(cells) + " |")
    checked = max((op.checked for op in ops if op.checked), default="")
    if checked:
        label = month(checked, lang)
        lines += ["", "*" + _("Facts checked: {month}").format(month=label) + "*"]
    return "\n".join(lines) + "\n"


def expand(cat: Catalogue, page: Page) -> str:
    """The page body with every placeholder replaced; raise on an unknown one."""

    def replace(match: re.Match[str]) -> str:
        token = match.group(1).strip()
        if token == "unconfirmed":
            return f"*(⚠ {unconfirmed_mark()})*"
        if token == "phrasebook":
            return phrasebook_markdown(cat, page.lang)
        if token == "ussd_sheet":
            return f"[{escape_md(_('All codes on one sheet'))}](topic:{USSD_SHEET_ID})"
        op_match = _OP_RE.match(token)
        if op_match:
            op = cat.operators.get(op_match.group(1))
            if op is None:
                where = f"{page.lang}/{page.id}"
                raise GuideContentError(f"{where}: unknown operator in {{{{{token}}}}}")
            field = op_match.group(2)
            if field == "name":
                return escape_md(op.display_name(page.lang))
            fact = op.fact(field)
            if fact is None:
                raise GuideContentError(f"{page.lang}/{page.id}: {op.id} has no {field!r}")
            return render_fact(fact)
        raise GuideContentError(f"{page.lang}/{page.id}: unknown placeholder {{{{{token}}}}}")

    return PLACEHOLDER_RE.sub(replace, strip_html(page.body))


def render_page(cat: Catalogue, page: Page, month: MonthLabel = checked_month) -> str:
    """Title, the "facts checked" line, then the expanded body."""
    checked = _("Facts checked: {month}").format(month=month(page.checked, page.lang))
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
