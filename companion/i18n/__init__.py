"""The translation layer: message catalogs and the current language.

Every user-visible string is written as ``_("...")`` and looked up at the
moment it is shown, so switching the language only needs the UI rebuilt, not
the process restarted. Strings that must be defined before a language is
chosen (tables of labels) are marked with ``N_`` and translated where shown.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Callable

from companion import paths

#: Languages the app ships, in the order shown to the user.
LANGUAGES: tuple[str, ...] = ("en", "ru", "zh_Hans")
DEFAULT_LANGUAGE = "en"

#: Each language's name in itself, so a user can find their own.
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "ru": "Русский", "zh_Hans": "简体中文"}

_DOMAIN = "messages"
_state: dict[str, object] = {"lang": DEFAULT_LANGUAGE, "tr": _gettext.NullTranslations()}
_listeners: list[Callable[[str], None]] = []


_cache: dict[str, _gettext.NullTranslations] = {}


def _load(lang: str) -> _gettext.NullTranslations:
    if lang not in _cache:
        _cache[lang] = _read(lang)
    return _cache[lang]


def _read(lang: str) -> _gettext.NullTranslations:
    if lang == DEFAULT_LANGUAGE:
        # The source strings are English: the catalog would map each to itself.
        return _gettext.NullTranslations()
    # Compiled by the build (companion/build_data.py) in a wheel, a bundle
    # and a checkout alike; without it the app speaks English.
    mo = paths.compiled_locale_dir() / lang / "LC_MESSAGES" / f"{_DOMAIN}.mo"
    if mo.is_file():
        with mo.open("rb") as fh:
            return _gettext.GNUTranslations(fh)
    return _gettext.NullTranslations()


def normalize_language(tag: str | None) -> str | None:
    """Map a locale tag (``ru_RU.UTF-8``, ``zh-CN``, ``zh_Hans``) to a shipped language."""
    if not tag:
        return None
    base = tag.replace("-", "_").split(".")[0].split("@")[0]
    if base in LANGUAGES:
        return base
    low = base.lower()
    if low.startswith("zh"):
        # Traditional-script locales are closer to Simplified than to English.
        return "zh_Hans"
    if low.startswith("ru"):
        return "ru"
    if low.startswith("en"):
        return "en"
    return None


def system_language() -> str:
    """The language the desktop session asks for, if we ship it; else English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG"):
        for part in os.environ.get(var, "").split(":"):
            lang = normalize_language(part)
            if lang:
                return lang
    return DEFAULT_LANGUAGE


def set_language(lang: str) -> None:
    """Switch every later ``_()`` call to ``lang`` and tell the listeners."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language: {lang!r}")
    _state["tr"] = _load(lang)
    _state["lang"] = lang
    for listener in list(_listeners):
        listener(lang)


def current_language() -> str:
    return str(_state["lang"])


def on_language_changed(listener: Callable[[str], None]) -> Callable[[], None]:
    """Register a callback; returns a function that unregisters it."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def _translations() -> _gettext.NullTranslations:
    tr = _state["tr"]
    assert isinstance(tr, _gettext.NullTranslations)
    return tr


def _(message: str) -> str:
    return _translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations().ngettext(singular, plural, n)


def gettext_in(lang: str, message: str) -> str:
    """``message`` in ``lang`` whatever the UI language: text that belongs to
    content written in one language (a guide page's badges) follows that
    content, not the window around it. Mark the literal with ``N_``."""
    return _load(lang if lang in LANGUAGES else DEFAULT_LANGUAGE).gettext(message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet."""
    return message


__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "N_",
    "_",
    "current_language",
    "gettext_in",
    "ngettext",
    "normalize_language",
    "on_language_changed",
    "set_language",
    "system_language",
]
