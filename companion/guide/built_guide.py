"""A guide parsed once, ahead of time, and kept as one JSON file.

Why: the bundled guide is the same on every start, so the build
(companion/build_data.py) parses it, formats each "facts checked" month in
every language, and ships the result; a start reads this one file instead
of some 50 Markdown and TOML files and never loads tomllib or babel for the
guide. An imported content pack is converted the same way once, when it is
imported (guide_content), and read back the same way.

The file is a build product, not a cache: nothing checks it against the
sources at run time. A file that is missing, damaged or of another format
raises BuiltGuideError, whose message says how to make it again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from companion import atomic_write
from companion.guide.catalogue import (
    Catalogue,
    PackInfo,
    Page,
    Phrase,
    Section,
    load_catalogue,
    month_key,
)
from companion.guide.operators import Fact, Operator
from companion.i18n import LANGUAGES

#: Raise when the stored shape changes: a file of another format is refused.
FORMAT = 2
#: The file's name, in the built folder and in a converted pack's folder.
FILE_NAME = "guide.json"


class BuiltGuideError(RuntimeError):
    """The parsed guide cannot be read; the message says which file and why."""


def convert(root: Path) -> Catalogue:
    """Parse the guide tree at ``root`` (raising as :func:`load_catalogue`
    does) and format every month it names in every language."""
    cat = load_catalogue(root)
    format_months(cat)
    return cat


def format_months(cat: Catalogue) -> None:
    """Fill ``cat.months``: each page's and operator's checked month, in every language."""
    from companion.guide.render import checked_month  # babel: build and import time only

    checked = {p.checked for pages in cat.pages.values() for p in pages.values()}
    checked |= {op.checked for op in cat.operators.values() if op.checked}
    cat.months = {
        month_key(month, lang): checked_month(month, lang)
        for month in sorted(checked)
        for lang in LANGUAGES
    }


def write(path: Path, cat: Catalogue) -> None:
    """Replace ``path`` with ``cat``; raise OSError if it cannot be written."""
    data = json.dumps({"format": FORMAT, **_to_json(cat)}, ensure_ascii=False)
    replace_file(path, data.encode("utf-8"))


def replace_file(path: Path, data: bytes) -> None:
    """Put ``data`` in place in one step (a reader sees the old file or the
    new one); the build may run in two processes at once, hence ``shared``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write.write_bytes(path, data, shared=True)


def read(path: Path, root: Path) -> Catalogue:
    """The catalogue kept in ``path``; ``root`` is the folder it was made from
    (where the reader finds the guide's images and files)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BuiltGuideError(f"{path} is missing") from exc
    except (OSError, ValueError) as exc:
        raise BuiltGuideError(f"{path} cannot be read: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else None
        raise BuiltGuideError(f"{path} has format {found!r}, this app reads format {FORMAT}")
    try:
        return _from_json(data, root)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BuiltGuideError(f"{path} is damaged: {type(exc).__name__}: {exc}") from exc


def _to_json(cat: Catalogue) -> dict[str, Any]:
    # NamedTuples become lists; _from_json turns them back.
    return {
        "info": cat.info,
        "sections": cat.sections,
        "pages": cat.pages,
        "operators": cat.operators,
        "phrases": cat.phrases,
        "meanings": cat.meanings,
        "months": cat.months,
    }


def _from_json(data: dict[str, Any], root: Path) -> Catalogue:
    pid, version, date, languages = data["info"]
    return Catalogue(
        root=root,
        info=PackInfo(pid, version, date, tuple(languages)),
        sections=tuple(Section(s, titles, tuple(topics)) for s, titles, topics in data["sections"]),
        pages={
            lang: {
                topic: Page(pid_, lang_, title, checked, tuple(keywords), body)
                for topic, (pid_, lang_, title, checked, keywords, body) in pages.items()
            }
            for lang, pages in data["pages"].items()
        },
        operators={
            op_id: Operator(
                oid, tuple(names), display, checked, {k: Fact(*f) for k, f in facts.items()}
            )
            for op_id, (oid, names, display, checked, facts) in data["operators"].items()
        },
        phrases=tuple(Phrase(*p) for p in data["phrases"]),
        meanings=data["meanings"],
        months=dict(data["months"]),
    )
