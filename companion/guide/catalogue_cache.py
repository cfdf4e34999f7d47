"""A parsed guide kept as one JSON file, read instead of some 50 source files.

Why: the guide is the same on almost every start, and parsing it (TOML is
parsed in pure Python, then every page's front matter) took about 5 ms of
the first window. The cache is keyed by the size and modification time of
every file the guide is read from and of the code that parses them, and by
the app's version, so an edited page or parser, an upgraded app or a new
content pack is parsed again. A cache that is missing, damaged or cannot be
written only costs that time.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from companion import __version__
from companion import cache_file as cache_files
from companion.guide import catalogue, operators
from companion.guide.catalogue import Catalogue, PackInfo, Page, Phrase, Section, load_catalogue
from companion.guide.operators import Fact, Operator

#: Raise when the stored shape changes, so older caches are parsed again.
FORMAT = 1


def content_key(root: Path) -> str:
    """Name, size and modification time of every file under ``root``, one
    folder deep (the manifest, the data files, each language's pages), and
    of the parser's source files where they exist (not in a bundle)."""
    entries = [f"companion {__version__}"]
    for source in (catalogue.__file__, operators.__file__, __file__):
        try:
            info = os.stat(source or "")
        except OSError:
            continue
        entries.append(f"{source}\0{info.st_size}\0{info.st_mtime_ns}")
    folders = [("", str(root))]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as listing:
            for entry in listing:
                if entry.is_file():
                    info = entry.stat()
                    entries.append(f"{prefix}{entry.name}\0{info.st_size}\0{info.st_mtime_ns}")
                elif entry.is_dir() and not prefix:
                    folders.append((f"{entry.name}/", entry.path))
    return "\n".join(sorted(entries))


def load(root: Path, cache_file: Path) -> Catalogue:
    """The catalogue from ``cache_file`` if it matches ``root``; else parsed
    from ``root`` (raising as :func:`load_catalogue` does) and cached."""
    try:
        key = content_key(root)
    except OSError:
        return load_catalogue(root)
    cached = _read(cache_file, key, root)
    if cached is not None:
        return cached
    cat = load_catalogue(root)
    _write(cache_file, key, cat)
    return cat


def _read(cache_file: Path, key: str, root: Path) -> Catalogue | None:
    data = cache_files.read(cache_file)
    try:
        if data["format"] != FORMAT or data["key"] != key:
            return None
        return _from_json(data, root)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _write(cache_file: Path, key: str, cat: Catalogue) -> None:
    cache_files.write(cache_file, {"format": FORMAT, "key": key, **_to_json(cat)})


def _to_json(cat: Catalogue) -> dict[str, Any]:
    # NamedTuples become lists; _from_json turns them back.
    return {
        "info": cat.info,
        "sections": cat.sections,
        "pages": cat.pages,
        "operators": cat.operators,
        "phrases": cat.phrases,
        "meanings": cat.meanings,
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
    )
