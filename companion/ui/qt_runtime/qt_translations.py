"""Qt's own texts (Save, Cancel, Yes, the file dialog) in the app's language.

Why: Qt ships its catalogs beside the library (``qtbase_ru.qm``,
``qtbase_zh_CN.qm``) but loads none by itself, so a Russian or Chinese window
showed English "Cancel", "Look in" and "File name". The translator follows
the app's language, not the computer's, and is swapped live on a switch.
Dialogs built after the switch come up translated; open pages are rebuilt by
the main window anyway.

Qt's catalogs are not complete: this Qt's file dialog still says "Look in"
and "Files of type" in Russian and Chinese, and the print dialog "Page Set".
Those few are translated in our own catalog and served by a second, small
translator that Qt asks first; it answers only for them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from companion.i18n import N_, _, current_language, on_language_changed
from companion.ui.qt_runtime.qt_locale import apply_qt_locale

#: Qt's catalog suffix for each app language; English needs none.
QT_CATALOGS: dict[str, str] = {"ru": "ru", "zh_Hans": "zh_CN"}

#: Qt texts its own catalogs leave in English, by (Qt context, Qt source text).
#: Found by walking Qt's dialogs in each language (tests/test_qt_translations.py
#: fails on any English text left in them).
QT_GAPS: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): N_("&Look in:"),
    ("QFileDialog", "Files of &type:"): N_("Files of &type:"),
    ("QPrintSettingsOutput", "Page &Set:"): N_("Page &Set:"),
    # Qt's Russian catalog keeps a Latin "OK"; Russian desktops write «ОК».
    ("QPlatformTheme", "OK"): N_("OK"),
}


class _QtGapsTranslator(QTranslator):
    """Answers Qt's lookups for the texts in ``QT_GAPS`` from our catalog."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None becomes a null QString, which tells Qt to ask the next translator;
        # an empty string would be taken as the translation.
        message = QT_GAPS.get((str(context), source))
        return None if message is None else _(message)

    def isEmpty(self) -> bool:
        return False


_state: dict[str, QTranslator | None] = {"translator": None, "gaps": None}
_following: list[bool] = []


def qt_catalog_folder() -> str:
    """Where this Qt keeps its .qm files (inside PySide6, or inside a bundle)."""
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def apply_qt_language(lang: str) -> bool:
    """Install Qt's catalog for ``lang``; True when Qt now speaks it.

    English, or a Qt without the catalog, leaves Qt's built-in English.
    """
    app = QCoreApplication.instance()
    if app is None:
        return False
    for key in ("gaps", "translator"):
        old = _state[key]
        if old is not None:
            app.removeTranslator(old)
            _state[key] = None
    name = QT_CATALOGS.get(lang)
    if name is None:
        return False
    translator = QTranslator(app)
    if not translator.load(f"qtbase_{name}", qt_catalog_folder()):
        return False
    app.installTranslator(translator)
    _state["translator"] = translator
    # Installed last, so Qt asks it first; it passes on everything else.
    gaps = _QtGapsTranslator(app)
    app.installTranslator(gaps)
    _state["gaps"] = gaps
    return True


def _switch(lang: str) -> None:
    apply_qt_locale(lang)
    apply_qt_language(lang)


def follow_app_language() -> None:
    """Qt's catalogs and its default locale (date order, month names) follow the
    app's language now and on every later switch; safe to call twice."""
    _switch(current_language())
    if not _following:
        _following.append(True)
        on_language_changed(_switch)


def qt_speaks_app_language() -> bool:
    """For --smoke and tests: is a Qt catalog installed for a non-English language?"""
    return _state["translator"] is not None
