"""A date typed as text in the app's language, with a calendar beside it; and a time.

Why a line edit and not QDateEdit: QDateEdit's sections rewrite what is typed
(``02/31/27`` became 2/3/12) and follow the computer's locale. Here the text
is read by ``companion.i18n.date_input.parse_date``, which keeps the date
exactly or says what is wrong; the form shows that sentence at the field.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QWidget,
    QWidgetAction,
)

from companion.i18n import _, current_language
from companion.i18n.date_input import (
    PATTERNS,
    DateInputError,
    date_hint,
    format_date_input,
    format_time_input,
    parse_date,
    parse_time,
)
from companion.ui.qt_runtime.qt_locale import qt_locale
from companion.ui.widgets.menu_button import MenuButton


class DateField(QWidget):
    """Text in, ``dt.date`` out; an empty field means "no date" when optional."""

    changed = Signal()

    def __init__(
        self, value: dt.date | None, accessible_name: str, optional: bool = False
    ) -> None:
        super().__init__()
        self.optional = optional
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(format_date_input(value) if value else "")
        self.edit.setAccessibleName(accessible_name)
        self.edit.setPlaceholderText(PATTERNS.get(current_language(), PATTERNS["en"]))
        self.edit.setToolTip(date_hint())
        self.edit.textChanged.connect(lambda _text: self.changed.emit())
        row.addWidget(self.edit, 1)
        self.calendar = QCalendarWidget()
        self.calendar.setLocale(qt_locale())
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        self.menu = QMenu(self)
        action = QWidgetAction(self.menu)
        action.setDefaultWidget(self.calendar)
        self.menu.addAction(action)
        self.menu.aboutToShow.connect(self._show_current)
        self.button = MenuButton("…")
        self.button.setAccessibleName(
            _("{field}: pick from a calendar").format(field=accessible_name)
        )
        self.button.setToolTip(_("Pick from a calendar"))
        self.button.setMenu(self.menu)
        row.addWidget(self.button)
        self.setFocusProxy(self.edit)

    def text(self) -> str:
        return self.edit.text()

    def date(self) -> dt.date | None:
        """The date typed; None for an empty optional field; DateInputError otherwise."""
        if self.optional and not self.edit.text().strip():
            return None
        return parse_date(self.edit.text())

    def set_date(self, value: dt.date | None) -> None:
        self.edit.setText(format_date_input(value) if value else "")

    def _show_current(self) -> None:
        try:
            value = self.date()
        except DateInputError:
            value = None
        if value is not None:
            self.calendar.setSelectedDate(QDate(value.year, value.month, value.day))

    def _picked(self, picked: QDate) -> None:
        self.set_date(dt.date(picked.year(), picked.month(), picked.day()))
        self.menu.close()
        self.edit.setFocus()


class TimeField(QLineEdit):
    """A 24-hour time typed as text, read exactly by ``parse_time``."""

    def __init__(self, value: dt.time, accessible_name: str) -> None:
        super().__init__(format_time_input(value))
        self.setAccessibleName(accessible_name)
        self.setPlaceholderText(_("HH:MM"))
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("000:000") + 16)

    def time_value(self) -> dt.time:
        """The time typed; DateInputError with a sentence if it is not one."""
        return parse_time(self.text())

    def set_time(self, value: dt.time) -> None:
        self.setText(format_time_input(value))
