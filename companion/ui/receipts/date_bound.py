"""One bound of the receipt log's date filter: typed, picked, or "any".

Why not QDateEdit: with "any" as its special value, what the user types is
appended to the word ("any20260601") and then ignored; its calendar opens at
the minimum date (January 2000); and once a date is set there is no way back
to "any". Here the field is plain text read in the user's language, the
calendar opens at today (or the chosen day), and the field's clear button
means "any date". Text that is not a date is refused with a message at the
field; the filter keeps its last good value.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLineEdit, QToolButton, QWidget

from companion.i18n import _, current_language
from companion.ui.widgets.field_error import error_label

_ISO = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_DOTS = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d+)")
_SLASHES = re.compile(r"(\d{1,2})/(\d{1,2})/(\d+)")


class DateTextError(ValueError):
    """The text is not a date; ``str()`` is the translated sentence to show."""


def format_bound(day: dt.date, language: str) -> str:
    """How a chosen day is written back into the field."""
    if language == "ru":
        return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"
    return day.isoformat()


def parse_bound(text: str, language: str) -> dt.date | None:
    """The day typed, or None for an empty field ("any").

    Every language reads year-first dates (2026-06-01, 2026/6/1, 2026年6月1日)
    and day.month.year with dots; slashes with the year last are read as
    month/day in English and day/month in Russian. Two-digit years are
    refused rather than guessed.
    """
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        return None
    example = format_bound(dt.date(2026, 6, 1), language)
    if m := _ISO.fullmatch(cleaned):
        year, month, day = (int(g) for g in m.groups())
    elif (m := _DOTS.fullmatch(cleaned)) or (
        language in ("en", "ru") and (m := _SLASHES.fullmatch(cleaned))
    ):
        first, second, year_text = m.groups()
        if len(year_text) != 4:
            raise DateTextError(
                _("Type the year with four digits, as in {example}.").format(example=example)
            )
        year = int(year_text)
        slash_us = "/" in cleaned and language == "en"
        month, day = (int(first), int(second)) if slash_us else (int(second), int(first))
    else:
        raise DateTextError(
            _("“{text}” is not a date. Type it as {example}.").format(text=text, example=example)
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateTextError(
            _("There is no such day: {text}.").format(text=text)
        ) from None


class DateBound(QWidget):
    """Text field, calendar button and "any" (the field's clear button)."""

    changed = Signal()

    def __init__(self, accessible: str, today: Callable[[], dt.date]) -> None:
        super().__init__()
        self._today = today
        self._value: dt.date | None = None
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(_("any"))
        self.edit.setClearButtonEnabled(True)  # back to "any"
        self.edit.setAccessibleName(accessible)
        self.edit.setToolTip(
            _("Type a date such as {example}, or clear the field for any date.").format(
                example=format_bound(dt.date(2026, 6, 1), current_language())
            )
        )
        self.edit.setMaximumWidth(self.edit.fontMetrics().horizontalAdvance("0000-00-00") + 48)
        self.pick = QToolButton()
        self.pick.setText("▾")
        self.pick.setToolTip(_("Pick a day from the calendar"))
        self.pick.setAccessibleName(_("Pick a day from the calendar"))
        self.pick.clicked.connect(self.open_calendar)
        self.error = error_label()
        self.calendar: QCalendarWidget | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit)
        row.addWidget(self.pick)
        self.edit.editingFinished.connect(self.commit_text)
        self.edit.textChanged.connect(self._text_changed)

    def value(self) -> dt.date | None:
        return self._value

    def set_value(self, day: dt.date | None) -> None:
        self.edit.setText("" if day is None else format_bound(day, current_language()))
        self.commit_text()

    def commit_text(self) -> None:
        """Read the field; a refused text leaves the last good day in force."""
        try:
            day = parse_bound(self.edit.text(), current_language())
        except DateTextError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.error.hide()
        if day is not None:  # written back as understood: 6/1/2026 -> 2026-06-01
            shown = format_bound(day, current_language())
            if self.edit.text() != shown:
                self.edit.setText(shown)
        if day != self._value:
            self._value = day
            self.changed.emit()

    def _text_changed(self, text: str) -> None:
        if not text:  # the clear button, or everything deleted: "any" at once
            self.commit_text()

    def open_calendar(self) -> QCalendarWidget:
        day = self._value or self._today()
        calendar = QCalendarWidget()
        calendar.setWindowFlags(Qt.WindowType.Popup)
        calendar.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        calendar.setCurrentPage(day.year, day.month)

        def chosen(date: QDate) -> None:
            self.set_value(dt.date(date.year(), date.month(), date.day()))
            calendar.close()

        calendar.clicked.connect(chosen)
        calendar.activated.connect(chosen)
        calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        calendar.show()
        self.calendar = calendar
        return calendar
