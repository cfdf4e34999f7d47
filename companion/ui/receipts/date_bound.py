"""One bound of the receipt log's date filter: typed, picked, or "any".

Why not QDateEdit: with "any" as its special value, what the user types is
appended to the word ("any20260601") and then ignored; its calendar opens at
the minimum date (January 2000); and once a date is set there is no way back
to "any". Here the field is plain text, the calendar opens at today (or the
chosen day), and the field's clear button means "any date".

Why the text is read by ``companion.i18n.date_input``: it is the app's one
rule for a typed date (month first in English, day first in Russian, year
first in Chinese, ISO in every language). This field once had its own
reader, which took "06.01.2026" as the 6th of January even in English, so
the same text meant another day here than in a card's form. Text that is
not a date is refused with that module's message at the field; the filter
keeps its last good value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLineEdit, QToolButton, QWidget

from companion.i18n import _, current_language
from companion.i18n.date_input import (
    PATTERNS,
    DateInputError,
    date_hint,
    format_date_input,
    parse_date,
)
from companion.ui.widgets.field_error import error_label


def parse_bound(text: str, language: str) -> dt.date | None:
    """The day typed, or None for an empty field ("any"); DateInputError otherwise.

    Full-width digits and signs are read by ``parse_date`` itself, as in
    every other date field.
    """
    if not text.strip():
        return None
    return parse_date(text, language)


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
            _("Type a date ({hint}), or clear the field for any date.").format(hint=date_hint())
        )
        pattern = PATTERNS.get(current_language(), PATTERNS["en"])
        self.edit.setMaximumWidth(self.edit.fontMetrics().horizontalAdvance(pattern) + 48)
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
        self.edit.setText("" if day is None else format_date_input(day, current_language()))
        self.commit_text()

    def commit_text(self) -> None:
        """Read the field; a refused text leaves the last good day in force."""
        try:
            day = parse_bound(self.edit.text(), current_language())
        except DateInputError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.error.hide()
        if day is not None:  # written back as understood: 2026-06-01 -> 6/1/2026
            shown = format_date_input(day, current_language())
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
