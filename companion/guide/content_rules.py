"""The content rules of docs/guide-format.md, enforced on every page.

Why refuse and not clean up: a pack with raw HTML or a link "Top up your MTS
balance here" to a site nobody checked is a pack someone tampered with, and a
guide that quietly drops part of it would still carry the rest of that
person's text. So a page may hold no HTML, no images and no link of its own
except ``topic:`` links; the only way out to the web is an operator's
``{{op:ID.website}}``, and a site must be one the app ships with — a pack
cannot add a domain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from companion.guide.catalogue import GuideContentError, Page, page_file
from companion.guide.operators import Operator
from companion.i18n import N_

#: Tags and comments (the same shape render.strip_html drops).
_HTML = re.compile(r"<!--|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
#: The target of every ``](target)``, whatever the link text holds (it may
#: nest brackets, which CommonMark allows).
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")
#: ``![alt](…)``: an image.
_IMAGE = re.compile(r"!\[")
#: ``[label]: target`` reference definitions.
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:", re.MULTILINE)
#: ``<scheme:…>`` and ``<someone@somewhere>`` autolinks.
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>|<[^<>\s@]+@[^<>\s]+>")
#: What Qt's GitHub dialect turns into a link on its own.
_BARE_URL = re.compile(r"(?i)\b(?:https?://|ftp://|www\.|mailto:)")


def allowed_sites(operators: Iterable[Operator]) -> frozenset[str]:
    """The web sites the app ships with: its operators' own."""
    return frozenset(
        fact.value for op in operators for fact in op.facts.values() if fact.kind == "site"
    )


def check_page(page: Page) -> None:
    """Raise GuideContentError when the page breaks a content rule."""
    where = page_file(page.lang, page.id)
    body = page.body
    if _HTML.search(body):
        raise GuideContentError(
            N_("The page {name} has raw HTML, which is not allowed."), name=where
        )
    if _IMAGE.search(body):
        raise GuideContentError(
            N_("The page {name} has an image; images are not allowed."), name=where
        )
    for target in _LINK_TARGET.findall(body):
        if not target.startswith("topic:"):
            raise GuideContentError(
                N_("The page {name} has a link to \"{target}\"; pages link only to other topics."),
                name=where,
                target=target[:60],
            )
    if _REFERENCE.search(body) or _AUTOLINK.search(body) or _BARE_URL.search(body):
        raise GuideContentError(
            N_("The page {name} has a web address; pages link only to other topics."),
            name=where,
        )


def check_sites(operators: Iterable[Operator], allowed: frozenset[str]) -> None:
    """Every operator site must be one the app ships with."""
    for op in operators:
        for field, fact in op.facts.items():
            if fact.kind == "site" and fact.value not in allowed:
                raise GuideContentError(
                    N_("In operators.toml, {field} is \"{site}\", not a site this app knows."),
                    field=f"{op.id}.{field}",
                    site=fact.value,
                )
