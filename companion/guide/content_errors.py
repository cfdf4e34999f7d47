"""What is wrong with the guide's content, said so that it can be translated.

Why a message to translate and not a sentence: the same checks judge the
bundled guide at build time (companion.build_data, where no language is
chosen and the builder reads English) and a content pack a user imports
(guide.packs, where the refusal is read in the window's language, Russian
or Chinese as often as English). So an error keeps its English template,
marked with ``N_``, and the values that fill it (a file name, a field, the
value found); ``str()`` is the English sentence for the build and the log,
and :meth:`GuideContentError.text` translates it when it is shown. Importing
this module needs no language to be set.

Why the readers live here too: a file that is not UTF-8, not TOML, nested
thousands deep or simply not in the shape a parser expects fails with
Python's own English (``KeyError: 'x'``); :func:`reading` and the readers
below turn each of those into a sentence naming the file, and keep the
technical detail (:attr:`GuideContentError.detail`) for the log.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from companion.i18n import N_

#: Failures of a parser meeting a shape it did not expect.
UNEXPECTED = (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError)
#: "Invalid value (at line 3, column 9)": where tomllib found the problem.
_TOML_PLACE = re.compile(r"\(at line (\d+), column (\d+)\)")

NOT_UTF8 = N_("The file {name} is not UTF-8 text.")
MISSING = N_("The file {name} is missing.")
NOT_TOML = N_("The file {name} is not valid TOML (line {line}, column {column}).")
NOT_TOML_AT_END = N_("The file {name} is not valid TOML (the problem is at its end).")
TOO_DEEP = N_("The file {name} is nested too deeply to be read.")
UNREADABLE = N_("The file {name} could not be read: it is not in the form this app expects.")


#: The placeholders that hold a count the app states, never a quoted value.
_COUNTS = frozenset({"limit", "line", "column"})


class GuideContentError(ValueError):
    """The content is malformed: an ``N_`` message and the values it names.

    ``detail`` is the technical cause (a parser's own words), for the log
    only; it is never part of :meth:`text`.
    """

    def __init__(self, message: str, detail: str = "", **values: object) -> None:
        # Quoted as a zip entry's name is: one line, control characters made
        # visible, cut short (a hostile file may hold 20,000 characters).
        # Imported here: the zip machinery is not needed to read a good guide.
        from companion.zip_safety import shown

        self.message = message
        self.values = {key: shown(str(value)) for key, value in values.items()}
        #: Counts the app states (a limit, a line) are grouped for the language
        #: they are told in; a value quoted from the file (an id) stays as written.
        self.numbers = {
            key: value
            for key, value in values.items()
            if key in _COUNTS and isinstance(value, int) and not isinstance(value, bool)
        }
        self.detail = detail
        english = message.format(**self.values)
        super().__init__(f"{english} ({detail})" if detail else english)

    def text(self) -> str:
        """The sentence in the current language, as a user reads it."""
        from companion.i18n import _
        from companion.i18n.formatting import format_number

        grouped = {key: format_number(value) for key, value in self.numbers.items()}
        return _(self.message).format(**{**self.values, **grouped})


def _unexpected(name: str, exc: BaseException) -> GuideContentError:
    return GuideContentError(UNREADABLE, f"{type(exc).__name__}: {exc}", name=name)


@contextmanager
def reading(name: str) -> Iterator[None]:
    """While ``name`` is read or checked, any parser failure becomes a
    GuideContentError naming it (the cause kept for the log)."""
    try:
        yield
    except GuideContentError:
        raise
    except RecursionError as exc:
        raise GuideContentError(TOO_DEEP, "RecursionError", name=name) from exc
    except UNEXPECTED as exc:
        raise _unexpected(name, exc) from exc


def read_text(path: Path, name: str) -> str:
    """The file as text; ``name`` is how a message names it (``ru/esim.md``)."""
    if not path.is_file():  # a folder of that name is no file either
        raise GuideContentError(MISSING, name=name)
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise GuideContentError(NOT_UTF8, str(exc), name=name) from exc


def loads_toml(text: str, name: str) -> dict[str, object]:
    """Parse TOML; a syntax error says the line and column, in any language."""
    import tomllib  # not needed when the guide comes from guide.built_guide

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        place = _TOML_PLACE.search(str(exc))
        if place is None:
            raise GuideContentError(NOT_TOML_AT_END, str(exc), name=name) from exc
        raise GuideContentError(
            NOT_TOML, str(exc), name=name, line=place.group(1), column=place.group(2)
        ) from exc
    except RecursionError as exc:  # arrays or tables nested thousands deep
        raise GuideContentError(TOO_DEEP, "RecursionError", name=name) from exc


def load_toml(path: Path, name: str) -> dict[str, object]:
    return loads_toml(read_text(path, name), name)
