"""The Receipts section's "By month" panel: totals per month and their chart.

Why a module of its own: the panel is built only when first shown (its
queries read every receipt the filter lets through), so the log, which every
visit needs, does not import the chart.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from companion.domain.money import Money
from companion.domain.receipt_query import ReceiptFilter
from companion.i18n import _
from companion.i18n.formatting import format_money, format_number
from companion.services.receipts_read import MonthTotal, ReceiptsReader
from companion.ui.receipts.spending_chart import (
    SpendingChart,
    bars_per_card,
    bars_per_currency,
    filter_span,
)


class MonthPanel(QSplitter):
    def __init__(self, repo: ReceiptsReader) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self._repo = repo
        self._filter = ReceiptFilter()
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Month"), _("Total"), _("Receipts")])
        self.table.setAccessibleName(_("Totals per month"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.grouping = QComboBox()
        self.grouping.addItem(_("Per currency"), "currency")
        self.grouping.addItem(_("Per card"), "card")
        self.grouping.setAccessibleName(_("Chart bars"))
        self.grouping.currentIndexChanged.connect(lambda _i: self._fill_chart())
        choice = QLabel(_("&Bars:"))
        choice.setBuddy(self.grouping)
        self.chart = SpendingChart()
        self.chart.setToolTip(
            _(
                "The chart covers the dates chosen in the filter above (from, to); "
                "without dates, every month from the first receipt shown to the last."
            )
        )
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(choice)
        row.addWidget(self.grouping)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(self.chart, 1)

        self.addWidget(self.table)
        self.addWidget(right)
        self.setStretchFactor(1, 2)

    def fill(self, flt: ReceiptFilter) -> None:
        """Show the months of the receipts this filter lets through."""
        self._filter = flt
        months = self._repo.monthly(flt)
        self.table.setRowCount(len(months))
        for row, item in enumerate(reversed(months)):
            cells = (item.month, format_money(Money(item.minor, item.currency)), format_number(item.count))
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self._fill_chart(months if self.grouping.currentData() == "currency" else None)

    def _fill_chart(self, months: list[MonthTotal] | None = None) -> None:
        span = filter_span(self._filter)
        if self.grouping.currentData() == "card":
            self.chart.set_bars(bars_per_card(self._repo.monthly_by_card(self._filter)), span)
        else:
            totals = self._repo.monthly(self._filter) if months is None else months
            self.chart.set_bars(bars_per_currency(totals), span)
