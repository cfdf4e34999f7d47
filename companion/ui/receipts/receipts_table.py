"""The receipt log's table view: Select all that costs the same at 100,000
rows as at ten.

Why a subclass: Qt's own Select all, with whole-row selection, walks every
row to widen each to a full row (four calls into the Python model per row),
and the header, sharing the view's selection, asks after every change
whether each column is wholly selected, again row by row. At 100,000
receipts the two froze the window ~9 s on Ctrl+A and again whenever the
selection changed or focus came back. Here Select all is one range of whole
rows, and the header keeps a selection of its own (it never shows the
table's: ``setHighlightSections(False)``).

Why ``selectionChanged`` too: with a screen reader running, Qt's table
lists every index of what was selected and deselected (900,000 at 100,000
rows, each asked for its flags) only to name the first cell to the reader:
Ctrl+A, a Shift+click to the end and the click that clears them each froze
the window 9-14 s. The same two events are sent here from each range's
corner. Why ``selectionCommand``: Shift+Ctrl+End (and Home) only moved the
current row in Qt, selecting nothing; here it selects to the end (or the
start) as one range, as Shift+click does.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QAccessible, QAccessibleEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTableView

_TO_THE_EDGE = (Qt.Key.Key_Home, Qt.Key.Key_End)
_SHIFT_CTRL = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier
_Index = QModelIndex | QPersistentModelIndex


def selected_row_ranges(table: QTableView) -> list[tuple[int, int]]:
    """The selected rows as (first, last) ranges, as Qt keeps them: Select
    all or a Shift range is one. ``selectedRows()`` instead asks every row
    of every range whether it is wholly selected (at 100,000 rows, 14 s
    before Edit or Log again could even start)."""
    chosen = table.selectionModel().selection()
    return [(chosen.at(i).top(), chosen.at(i).bottom()) for i in range(chosen.size())]


class ReceiptsTable(QTableView):
    def selectAll(self) -> None:
        model = self.model()
        chosen = self.selectionModel()
        if (
            model is None
            or chosen is None
            or self.selectionMode() != QAbstractItemView.SelectionMode.ExtendedSelection
        ):
            super().selectAll()
            return
        rows, columns = model.rowCount(), model.columnCount()
        if rows == 0 or columns == 0:
            return
        # Already whole rows: no Rows flag, so Qt does not widen row by row.
        chosen.select(
            QItemSelection(model.index(0, 0), model.index(rows - 1, columns - 1)),
            QItemSelectionModel.SelectionFlag.ClearAndSelect,
        )

    def setSelectionModel(self, selectionModel: QItemSelectionModel) -> None:
        super().setSelectionModel(selectionModel)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSelectionModel(QItemSelectionModel(self.model(), header))

    def selectionCommand(
        self, index: _Index, event: QEvent | None = None
    ) -> QItemSelectionModel.SelectionFlag:
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in _TO_THE_EDGE
            and event.modifiers() & _SHIFT_CTRL == _SHIFT_CTRL
            and self.selectionMode() == QAbstractItemView.SelectionMode.ExtendedSelection
        ):
            # As Shift+End in a list: from the anchor to the edge, one range.
            return (
                QItemSelectionModel.SelectionFlag.SelectCurrent
                | QItemSelectionModel.SelectionFlag.Rows
            )
        return super().selectionCommand(index, event)

    def selectionChanged(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        if not QAccessible.isActive():
            super().selectionChanged(selected, deselected)
            return
        for ranges, kind in (
            (selected, QAccessible.Event.SelectionAdd),
            (deselected, QAccessible.Event.SelectionRemove),
        ):
            first = self._first_index(ranges)
            if first is not None:
                event = QAccessibleEvent(self, kind)
                event.setChild(self._accessible_child(first))
                QAccessible.updateAccessibility(event)
        # Past QTableView's own, which would list every index first.
        QAbstractItemView.selectionChanged(self, selected, deselected)

    @staticmethod
    def _first_index(ranges: QItemSelection) -> _Index | None:
        """The first cell of the first valid range (all cells are selectable)."""
        for i in range(ranges.size()):
            part = ranges.at(i)
            if part.isValid():
                return part.topLeft()
        return None

    def _accessible_child(self, index: _Index) -> int:
        """The cell's child number as Qt's table interface counts them: the
        header row first, then each row with its header cell."""
        row_header = 1 if self.verticalHeader().isVisible() else 0
        column_header = 1 if self.horizontalHeader().isVisible() else 0
        columns = self.model().columnCount()
        return (index.row() + column_header) * (columns + row_header) + index.column() + row_header
