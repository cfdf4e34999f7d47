"""The receipt log as a Qt table model over the database.

Why windowed: with 100,000 receipts, loading every row (or a widget per
row) would take seconds and hundreds of MB. The model knows only the count
and fetches fixed-size pages with LIMIT/OFFSET when the view asks for a row
it has not seen, keeping a handful of pages cached. Sorting and filtering are
SQL, so the view never waits for Python to sort 100,000 objects.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from companion.domain.receipt_query import ReceiptFilter, ReceiptSort
from companion.i18n import N_, _
from companion.i18n.formatting import format_money, format_wall_time
from companion.services.receipts_read import LogRow, ReceiptsReader
from companion.ui.receipts.receipts_labels import method_label
from companion.ui.widgets import literal_text

PAGE_SIZE = 200
_CACHED_PAGES = 8
#: Formatted dates and amounts kept (a few screens' worth). Kept by the value
#: formatted, not by the row or the receipt, so they stay true across a
#: refresh: after Undo of 100,000 receipts the same screen comes back without
#: babel formatting it again in the repaint that freezes the window. A
#: language switch builds a new page and model, and so a new cache.
_FORMATTED_CELLS = 4_000

#: (sort key, header) in column order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("paid", N_("Paid")),
    ("amount", N_("Amount")),
    ("method", N_("Method")),
    ("card", N_("Card")),
    ("plan", N_("Plan")),
    ("reference", N_("Reference")),
    ("vendor", N_("Place or vendor")),
    ("notes", N_("Notes")),
)
ATTACHMENT_COLUMN = len(COLUMNS)

_Index = QModelIndex | QPersistentModelIndex


class ReceiptsTableModel(QAbstractTableModel):
    def __init__(self, repo: ReceiptsReader) -> None:
        super().__init__()
        self._repo = repo
        self._filter = ReceiptFilter()
        self._sort = ReceiptSort()
        self._count = 0
        self._totals: dict[str, tuple[int, int]] = {}
        self._pages: OrderedDict[int, list[LogRow]] = OrderedDict()
        self._formatted: dict[tuple[Any, ...], str] = {}
        self.refresh()

    # ----- state ---------------------------------------------------------------
    @property
    def filter(self) -> ReceiptFilter:
        return self._filter

    @property
    def sort_order(self) -> ReceiptSort:
        return self._sort

    def totals(self) -> dict[str, tuple[int, int]]:
        """currency -> (minor units, receipts) for what is shown."""
        return dict(self._totals)

    def set_filter(self, flt: ReceiptFilter) -> None:
        if flt != self._filter:
            self._filter = flt
            self.refresh()

    def refresh(self) -> None:
        """Re-read count and totals (one query) and drop cached pages."""
        self.beginResetModel()
        self._totals = self._repo.totals(self._filter)
        self._count = sum(n for _minor, n in self._totals.values())
        self._pages.clear()
        self.endResetModel()

    def row_at(self, row: int) -> LogRow | None:
        if not 0 <= row < self._count:
            return None
        page_no = row // PAGE_SIZE
        page = self._pages.get(page_no)
        if page is None:
            page = self._repo.page(self._filter, self._sort, page_no * PAGE_SIZE, PAGE_SIZE)
            self._pages[page_no] = page
            while len(self._pages) > _CACHED_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        offset = row - page_no * PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def row_of_id(self, receipt_id: int) -> int | None:
        """The row showing ``receipt_id`` among the cached pages (or the first), if any."""
        if 0 not in self._pages:
            self.row_at(0)
        for page_no, page in self._pages.items():
            for offset, item in enumerate(page):
                if item.receipt.id == receipt_id:
                    return page_no * PAGE_SIZE + offset
        return None

    def cached_ids(self) -> dict[int, int]:
        """Row -> receipt id for the rows read so far (what the user has seen)."""
        return {
            page_no * PAGE_SIZE + offset: item.receipt.id
            for page_no, page in self._pages.items()
            for offset, item in enumerate(page)
            if item.receipt.id is not None
        }

    # ----- Qt model --------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS) + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == ATTACHMENT_COLUMN:
                return _("Files")
            return _(COLUMNS[section][1])
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == 1:
                return _(
                    "Sorts by currency, then by amount within each currency: "
                    "amounts in different currencies are not compared."
                )
            if section == ATTACHMENT_COLUMN:
                return _("Number of attached files (the log is not sorted by this column).")
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.TextAlignmentRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.UserRole,
        ):
            return None
        item = self.row_at(index.row())
        if item is None:
            return None
        receipt = item.receipt
        if role == Qt.ItemDataRole.UserRole:
            return receipt.id
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in (1, ATTACHMENT_COLUMN):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return literal_text.tip(self._text(item, column, full=True))
        return self._text(item, column, full=False)

    def _text(self, item: LogRow, column: int, full: bool) -> str:
        receipt = item.receipt
        if column == ATTACHMENT_COLUMN:
            return str(item.attachment_count) if item.attachment_count else ""
        key = COLUMNS[column][0]
        if key in ("paid", "amount"):
            # babel formatting is the costliest part of a paint, and the view
            # asks for the same cell several times: keep what was formatted.
            value: tuple[Any, ...] = (
                (column, receipt.paid_at.isoformat(), receipt.paid_zone)
                if key == "paid"
                else (column, receipt.amount.minor, receipt.amount.currency)
            )
            cached = self._formatted.get(value)
            if cached is None:
                if len(self._formatted) > _FORMATTED_CELLS:
                    self._formatted.clear()
                cached = (
                    format_wall_time(receipt.paid_at)
                    if key == "paid"
                    else format_money(receipt.amount)
                )
                self._formatted[value] = cached
            return cached
        if key == "method":
            return method_label(receipt.method)
        if key == "card":
            return item.card_label
        if key == "plan":
            return receipt.plan_name
        if key == "reference":
            return receipt.reference
        if key == "vendor":
            return receipt.vendor
        text: str = receipt.notes
        return text if full else text.split("\n", 1)[0]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return  # "Files" is not sortable: see SortableHeader in receipts_page
        wanted = ReceiptSort(COLUMNS[column][0], order == Qt.SortOrder.DescendingOrder)
        if wanted == self._sort:
            return  # the view asks again when sorting is switched on: no second query
        self._sort = wanted
        self.refresh()

    def sorted_column(self) -> int:
        """The column the log is sorted by (its header shows the arrow)."""
        return [key for key, _label in COLUMNS].index(self._sort.key)
