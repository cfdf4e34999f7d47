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
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView, QTableView


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
