"""Paying the Receipts section's first-use costs while the window is idle.

Why: opening Receipts with 100,000 receipts took about half a second from
the click to the painted table, and most of it was paid once per process,
not per visit: importing the page's modules (PySide builds the Python enums
of each Qt class on first use, babel loads), and babel reading its currency
data for the first amount. Start-up must not pay it (the first screen is
the Guide, and start-up is measured against a bare Qt window), so it is
done after the window has been shown and left alone for a moment, one
small step per turn of the event loop: a click or a key press waits for
at most one step (each a few milliseconds, none near 50 ms), never for the
whole warm-up. A click on Receipts before the warm-up ends pays only what
is left.

What the steps hold is only a speed hint: a module or class missing here
is still imported when the page needs it; one that fails to load is
skipped. A test checks that after the warm-up, opening Receipts imports
no module of the app.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, QTimer

from companion.services.app_log import log

#: Qt classes the Receipts page uses, each made (with its enums) in its own
#: step; ``Qt`` alone is some 1,200 enum members.
QT_CLASSES: tuple[tuple[str, str], ...] = (
    ("PySide6.QtCore", "Qt"),
    ("PySide6.QtCore", "QAbstractTableModel"),
    ("PySide6.QtCore", "QItemSelectionModel"),
    ("PySide6.QtCore", "QModelIndex"),
    ("PySide6.QtCore", "QPersistentModelIndex"),
    ("PySide6.QtCore", "QDate"),
    ("PySide6.QtGui", "QAction"),
    ("PySide6.QtGui", "QKeySequence"),
    ("PySide6.QtGui", "QShowEvent"),
    ("PySide6.QtWidgets", "QStyle"),
    ("PySide6.QtWidgets", "QAbstractItemView"),
    ("PySide6.QtWidgets", "QTableView"),
    ("PySide6.QtWidgets", "QHeaderView"),
    ("PySide6.QtWidgets", "QComboBox"),
    ("PySide6.QtWidgets", "QLineEdit"),
    ("PySide6.QtWidgets", "QToolButton"),
    ("PySide6.QtWidgets", "QPushButton"),
    ("PySide6.QtWidgets", "QMenu"),
    ("PySide6.QtWidgets", "QMessageBox"),
    ("PySide6.QtWidgets", "QFileDialog"),
    ("PySide6.QtWidgets", "QCalendarWidget"),
    ("PySide6.QtWidgets", "QSplitter"),
    ("PySide6.QtWidgets", "QStackedWidget"),
)

#: The modules opening Receipts imports, dependencies first, so that each
#: step loads little that is not loaded yet (from ``python -X importtime``).
MODULES: tuple[str, ...] = (
    "decimal",
    "calendar",
    "locale",
    "pickle",
    "babel.core",
    "babel.localtime",
    "babel.dates",
    "babel.numbers",
    "companion.domain.money",
    "companion.domain.receipt",
    "companion.domain.receipt_query",
    "companion.i18n.formatting",
    "hashlib",
    "mimetypes",
    "companion.store.attachments_store",
    "companion.services.receipts_undo",
    "companion.store.receipts_repo",
    "companion.services.receipts",
    "unicodedata",
    "companion.i18n.date_input",
    "companion.ui.widgets.field_error",
    "companion.ui.receipts.date_bound",
    "companion.ui.receipts.receipts_labels",
    "html",
    "companion.ui.widgets.literal_text",
    "companion.ui.receipts.receipts_model",
    "companion.ui.widgets.card_combo",
    "companion.ui.widgets.empty_state",
    "companion.ui.receipts.receipts_page",
)


def _make_class(module: str, name: str) -> None:
    getattr(importlib.import_module(module), name)


def _import(module: str) -> None:
    importlib.import_module(module)


def _load_root_data() -> None:
    """babel's data every locale inherits (read first, so the next step
    reads only the language's own file)."""
    from babel import localedata

    localedata.load("root")


def _load_locale() -> None:
    """babel's data for the app's language (a pickle of the CLDR data)."""
    from companion.i18n.formatting import babel_locale

    babel_locale().currency_formats  # noqa: B018  (reading it loads the file)


def _load_currency(currency: Callable[[], str]) -> None:
    """babel's global data: currency digits, then the currency's symbol."""
    from companion.i18n.formatting import currency_digits, currency_symbol

    code = currency()
    currency_digits(code)
    currency_symbol(code)


def _format_money(currency: Callable[[], str]) -> None:
    from companion.domain.money import Money
    from companion.i18n.formatting import format_money

    format_money(Money(123456, currency()))


def _paint_a_table() -> None:
    """Qt's first paint of an item view (the style's item drawing, the font's
    glyphs for digits and letters), on a small table nobody sees."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView

    model = QStandardItemModel(3, 4)
    for row in range(3):
        for column, text in enumerate(
            (
                "11/4/26, 2:30 PM Moscow Time",
                "₽1,234.50 ¥5,000 €10.00 $7",
                "SBP · МТС кафе вокзал Тариф",
                "0123456789 ABCXYZ abcxyz",
            )
        ):
            model.setItem(row, column, QStandardItem(text))
    view = QTableView()
    view.setModel(model)
    view.resize(600, 160)
    view.grab()
    view.deleteLater()


def receipts_steps(currency: Callable[[], str]) -> list[tuple[str, Callable[[], None]]]:
    """The warm-up for the Receipts section, as (name, step) pairs;
    ``currency`` gives the user's default currency when its step runs."""
    steps: list[tuple[str, Callable[[], None]]] = [
        (f"{module}.{name}", partial(_make_class, module, name)) for module, name in QT_CLASSES
    ]
    steps += [(module, partial(_import, module)) for module in MODULES]
    steps.append(("babel root data", _load_root_data))
    steps.append(("babel locale data", _load_locale))
    steps.append(("babel data for the default currency", partial(_load_currency, currency)))
    steps.append(("format the default currency", partial(_format_money, currency)))
    steps.append(("paint a table", _paint_a_table))
    return steps


class IdleWarmup(QObject):
    """Runs steps one per event-loop turn; stops when told."""

    def __init__(self, steps: list[tuple[str, Callable[[], None]]], parent: QObject) -> None:
        super().__init__(parent)
        self._steps = list(steps)
        self._next = 0
        self.done = False
        self.stopped = False
        #: (name, milliseconds) of each step run, for the benchmark.
        self.timings: list[tuple[str, float]] = []

    def start(self) -> None:
        QTimer.singleShot(0, self, self._step)

    def stop(self) -> None:
        self.stopped = True

    def _step(self) -> None:
        if self.stopped or self.done:
            return
        if self._next >= len(self._steps):
            self.done = True
            return
        name, step = self._steps[self._next]
        self._next += 1
        started = time.perf_counter()
        try:
            step()
        except Exception as exc:  # only a speed hint; the page loads it when needed
            log.info("idle warm-up step %s skipped: %r", name, exc)
        self.timings.append((name, (time.perf_counter() - started) * 1000))
        QTimer.singleShot(0, self, self._step)
