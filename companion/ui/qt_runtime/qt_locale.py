"""Qt's default locale follows the app's language, not the computer's.

Why: Qt widgets that show dates and times (calendars, time fields) take
their order and month names from ``QLocale``'s default, which is the
computer's. With ``--lang ru`` on an English system a date showed month
first beside Russian text, inviting a day/month swap. The default is set
from the app language at start and again on every language change.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale

from companion.i18n import current_language

#: The Qt locale for each shipped language.
QT_LOCALES: dict[str, str] = {"en": "en_US", "ru": "ru_RU", "zh_Hans": "zh_CN"}

def qt_locale(lang: str | None = None) -> QLocale:
    return QLocale(QT_LOCALES.get(lang or current_language(), "en_US"))


def apply_qt_locale(lang: str) -> None:
    """Called with Qt's translator on every language change (see qt_translations)."""
    QLocale.setDefault(qt_locale(lang))
