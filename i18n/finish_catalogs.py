"""Tidy the catalogs after ``pybabel update``.

English is the source language, so each English translation equals its
message id; every catalog gets the project's header (not babel's template
placeholders) and a header that is not marked fuzzy, because gettext readers
skip fuzzy entries and would lose the Plural-Forms line with it.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent
LANGS = ("en", "ru", "zh_Hans")


def main() -> None:
    for lang in LANGS:
        path = ROOT / lang / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        catalog.project = "Travel Card Companion"
        catalog.version = "0.1.0"
        catalog.copyright_holder = "Travel Card Companion developers"
        catalog.msgid_bugs_address = ""
        catalog.last_translator = "Travel Card Companion developers"
        catalog.language_team = lang
        catalog.fuzzy = False
        for message in catalog:
            if not message.id:
                continue
            if lang == "en":
                message.string = message.id
                message.flags.discard("fuzzy")
        with path.open("wb") as fh:
            write_po(fh, catalog, width=100, no_location=True, sort_output=True)


if __name__ == "__main__":
    main()
