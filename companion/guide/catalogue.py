"""The guide's content: manifest, pages per language, phrasebook.

Why a separate loader (and not Qt resources): the same code reads the bundled
guide and an imported content pack, and validates a pack before it is used,
so a pack is accepted only if it loads exactly like the bundled guide.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

# Raised by every check of the guide; importers of the catalogue reach it here.
from companion.guide.content_errors import GuideContentError as GuideContentError
from companion.guide.content_errors import load_toml, read_text, reading
from companion.guide.operators import Operator, is_month, load_operators_file
from companion.i18n import LANGUAGES, N_

#: A page id is a file name too, so it is kept to a safe alphabet.
TOPIC_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
#: A pack's version becomes a folder name: a number, not 300 digits.
MAX_PACK_VERSION = 999_999_999
#: The USSD sheet is generated, not written; links reach it like a topic.
USSD_SHEET_ID = "ussd-sheet"


class Section(NamedTuple):
    id: str
    titles: dict[str, str]
    topics: tuple[str, ...]

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles.get("en") or self.id


class Page(NamedTuple):
    id: str
    lang: str
    title: str
    checked: str  # YYYY-MM
    keywords: tuple[str, ...]
    body: str


class Phrase(NamedTuple):
    id: str
    ru: str
    translit: str


class PackInfo(NamedTuple):
    id: str
    version: int
    date: str
    languages: tuple[str, ...]


@dataclass
class Catalogue:
    root: Path
    info: PackInfo
    sections: tuple[Section, ...]
    pages: dict[str, dict[str, Page]]
    operators: dict[str, Operator]
    phrases: tuple[Phrase, ...]
    meanings: dict[str, dict[str, str]] = field(default_factory=dict)
    #: "facts checked" months as the reader shows them, by month_key();
    #: filled by guide.built_guide (the build), empty when parsed from sources.
    months: dict[str, str] = field(default_factory=dict)

    def topic_ids(self) -> list[str]:
        return [t for s in self.sections for t in s.topics]

    def page(self, lang: str, topic_id: str) -> Page | None:
        return self.pages.get(lang, {}).get(topic_id)

    def language_for(self, lang: str) -> str:
        return lang if lang in self.pages else self.info.languages[0]

    def section_of(self, topic_id: str) -> Section | None:
        return next((s for s in self.sections if topic_id in s.topics), None)


def month_key(checked: str, lang: str) -> str:
    """The key of one formatted month in :attr:`Catalogue.months`."""
    return f"{lang}:{checked}"


def parse_front_matter(text: str, where: str) -> tuple[dict[str, str], str]:
    """Split ``---`` fenced ``key: value`` lines from the Markdown body;
    ``where`` names the page's file (``ru/esim.md``) in an error."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise GuideContentError(
            N_("The page {name} has no front matter between '---' lines at its start."),
            name=where,
        )
    meta: dict[str, str] = {}
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return meta, "\n".join(lines[index + 1 :]).strip() + "\n"
        key, sep, value = line.partition(":")
        if not sep:
            raise GuideContentError(
                N_("Line {line} of the page {name} is not of the form 'key: value'."),
                name=where,
                line=index + 1,
            )
        meta[key.strip()] = value.strip()
    raise GuideContentError(
        N_("The front matter of the page {name} is not closed with a '---' line."), name=where
    )


def page_file(lang: str, topic_id: str) -> str:
    """A page's file as messages name it: ``ru/esim.md``."""
    return f"{lang}/{topic_id}.md"


def load_page(path: Path, lang: str) -> Page:
    where = f"{lang}/{path.name}"
    meta, body = parse_front_matter(read_text(path, where), where)
    page_id = meta.get("id", "")
    if page_id != path.stem:
        raise GuideContentError(
            N_("The page {name} has the id \"{id}\", which differs from its file name."),
            name=where,
            id=page_id,
        )
    checked = meta.get("checked", "")
    if not is_month(checked):
        raise GuideContentError(
            N_("In the page {name}, 'checked' must be a month written YYYY-MM (2000 to 2099)."),
            name=where,
        )
    title = meta.get("title", "")
    if not title:
        raise GuideContentError(N_("The page {name} has no title."), name=where)
    keywords = tuple(k.strip() for k in meta.get("keywords", "").split(",") if k.strip())
    return Page(page_id, lang, title, checked, keywords, body)


def _real_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def parse_pack_info(data: dict[str, object]) -> PackInfo:
    pack = data.get("pack")
    if not isinstance(pack, dict):
        raise GuideContentError(N_("The file manifest.toml has no [pack] table."))
    version = pack.get("version")
    date = str(pack.get("date", ""))
    languages = pack.get("languages")
    if (
        not isinstance(version, int)
        or isinstance(version, bool)
        or not 1 <= version <= MAX_PACK_VERSION
    ):
        raise GuideContentError(
            N_("In manifest.toml, 'version' must be a whole number from 1 to {limit}."),
            limit=MAX_PACK_VERSION,
        )
    if not (re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) and is_month(date[:7]) and _real_day(date)):
        raise GuideContentError(
            N_("In manifest.toml, 'date' must be a real day written YYYY-MM-DD.")
        )
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        raise GuideContentError(
            N_("In manifest.toml, 'languages' must be a list of language codes.")
        )
    return PackInfo(str(pack.get("id", "")), version, date, tuple(languages))


def _parse_sections(data: dict[str, object]) -> tuple[Section, ...]:
    raw = data.get("sections")
    if not isinstance(raw, list) or not raw:
        raise GuideContentError(N_("The file manifest.toml has no [[sections]]."))
    sections: list[Section] = []
    seen: set[str] = set()
    for item in raw:
        if not isinstance(item, dict):
            raise GuideContentError(N_("In manifest.toml, a section is not a table."))
        topics = item.get("topics", [])
        if not isinstance(topics, list):
            raise GuideContentError(N_("In manifest.toml, a section's 'topics' must be a list."))
        for topic in topics:
            if not isinstance(topic, str) or not TOPIC_ID_RE.match(topic) or topic in seen:
                raise GuideContentError(
                    N_("In manifest.toml, the topic id \"{id}\" is not allowed or is repeated."),
                    id=topic,
                )
            seen.add(topic)
        raw_titles = item.get("title", {})
        titles = dict(raw_titles) if isinstance(raw_titles, dict) else {}
        sections.append(
            Section(
                str(item.get("id", "")),
                {str(k): str(v) for k, v in titles.items()},
                tuple(topics),
            )
        )
    return tuple(sections)


def load_catalogue(root: Path) -> Catalogue:
    """Load and cross-check a whole guide tree; raise on the first problem."""
    with reading("manifest.toml"):
        manifest = load_toml(root / "manifest.toml", "manifest.toml")
        info = parse_pack_info(manifest)
        missing = [lang for lang in LANGUAGES if lang not in info.languages]
        if missing:
            raise GuideContentError(
                N_("In manifest.toml, 'languages' does not list: {languages}."),
                languages=", ".join(missing),
            )
        sections = _parse_sections(manifest)
    topic_ids = [t for s in sections for t in s.topics]
    pages: dict[str, dict[str, Page]] = {}
    for lang in LANGUAGES:
        pages[lang] = {}
        for topic in topic_ids:
            with reading(page_file(lang, topic)):
                pages[lang][topic] = load_page(root / lang / f"{topic}.md", lang)
    with reading("operators.toml"):
        operators = load_operators_file(root / "operators.toml")
    with reading("phrasebook.toml"):
        phrase_data = load_toml(root / "phrasebook.toml", "phrasebook.toml").get("phrases", {})
        phrases = tuple(
            Phrase(str(pid), str(p.get("ru", "")), str(p.get("translit", "")))
            for pid, p in (phrase_data.items() if isinstance(phrase_data, dict) else [])
            if isinstance(p, dict)
        )
    meanings: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        path = root / lang / "phrasebook.toml"
        if path.is_file():
            with reading(f"{lang}/phrasebook.toml"):
                raw = load_toml(path, f"{lang}/phrasebook.toml").get("phrases", {})
                if isinstance(raw, dict):
                    meanings[lang] = {str(k): str(v) for k, v in raw.items()}
    return Catalogue(root, info, sections, pages, operators, phrases, meanings)
