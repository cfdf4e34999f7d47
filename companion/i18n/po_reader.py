"""A small reader for gettext .po files, used when running from a checkout.

Why not babel here: importing ``babel.messages`` costs about 80 ms, a third
of the app's start-up budget; the wheel and bundle ship compiled .mo files,
and a checkout only needs the few lines of .po syntax our catalogs use.
"""

from __future__ import annotations

import ast
import gettext
import re
from collections.abc import Callable
from pathlib import Path

_PLURAL = re.compile(r"plural=(.+?);?\s*$")


class PoTranslations(gettext.NullTranslations):
    def __init__(self, catalog: dict[str | tuple[str, int], str], plural: Callable[[int], int]):
        super().__init__()
        self._messages = catalog
        self._plural = plural

    def gettext(self, message: str) -> str:
        return self._messages.get(message) or message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        text = self._messages.get((msgid1, self._plural(n)))
        if text:
            return text
        return msgid1 if n == 1 else msgid2


def _unquote(chunk: str) -> str:
    return str(ast.literal_eval(chunk))


def read_po_file(path: Path) -> PoTranslations:
    entries: list[dict[str, str]] = []
    current: dict[str, str] = {}
    key = ""
    fuzzy = False
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#,"):
            fuzzy = "fuzzy" in line
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            current[key] = current.get(key, "") + _unquote(line)
            continue
        word, _sep, rest = line.partition(" ")
        if word == "msgid" and current:
            if not current.pop("_fuzzy", ""):
                entries.append(current)
            current = {}
        if word == "msgid":
            # The header (msgid "") is used even when marked fuzzy.
            current["_fuzzy"] = "1" if fuzzy and rest != '""' else ""
            fuzzy = False
        key = word
        current[key] = _unquote(rest)
    if current and not current.pop("_fuzzy", ""):
        entries.append(current)

    plural: Callable[[int], int] = lambda n: int(n != 1)  # noqa: E731
    catalog: dict[str | tuple[str, int], str] = {}
    for entry in entries:
        msgid = entry.get("msgid", "")
        if not msgid:
            match = _PLURAL.search(
                next((h for h in entry.get("msgstr", "").splitlines() if "plural=" in h), "")
            )
            if match:
                plural = gettext.c2py(match.group(1))
            continue
        if "msgid_plural" in entry:
            for name, text in entry.items():
                if name.startswith("msgstr[") and text:
                    catalog[(msgid, int(name[7:-1]))] = text
        elif entry.get("msgstr"):
            catalog[msgid] = entry["msgstr"]
    return PoTranslations(catalog, plural)
