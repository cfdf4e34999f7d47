"""The Receipts section: the log, its filters, totals, chart and exports.

Why the table is a model over SQL: see ``receipts_model``. Why the month
panel is built on first show: its query scans every shown receipt and the
chart costs paint time; most visits never open it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from companion.domain.money import Money
from companion.domain.receipt import PAYMENT_METHODS
from companion.domain.receipt_query import ReceiptFilter
from companion.domain.receipt_selection import ReceiptSelection
from companion.i18n import _, ngettext
from companion.i18n.formatting import format_money, format_number
from companion.services.context import AppContext
from companion.services.receipts import DeletedReceipts, ReceiptsService
from companion.services.receipts_read import ReceiptsReader
from companion.ui.receipts.date_bound import DateBound
from companion.ui.receipts.receipts_labels import method_label
from companion.ui.receipts.receipts_model import ATTACHMENT_COLUMN, ReceiptsTableModel
from companion.ui.receipts.receipts_table import ReceiptsTable, selected_row_ranges
from companion.ui.widgets.card_combo import CardCombo
from companion.ui.widgets.empty_state import EmptyState
from companion.ui.widgets.menu_button import MenuButton
from companion.ui.widgets.screen_reader import caption_display, label_named_boxes

if TYPE_CHECKING:
    from companion.ui.jobs.runner import Job
    from companion.ui.receipts.month_panel import MonthPanel
    from companion.ui.receipts.receipt_dialog import ReceiptDialog

SEARCH_DELAY_MS = 250


class ReceiptsPage(QWidget):
    def __init__(self, ctx: AppContext, navigate: Callable[[str], None]) -> None:
        super().__init__()
        self.ctx = ctx
        self.navigate = navigate
        self.service = ReceiptsService(ctx)
        self.reader = ReceiptsReader.for_context(ctx)
        # A deletion made before this page was rebuilt (language switch,
        # restore) can still be undone here.
        self.deleted: DeletedReceipts | None = self.service.pending()
        #: The delete or undo running on a job thread, if any.
        self.delete_job: Job | None = None
        #: The delete confirmation while it is open (tests answer it).
        self.delete_question: QMessageBox | None = None
        self.month_panel: MonthPanel | None = None
        self._editors: dict[int, ReceiptDialog] = {}
        self.service.tidy()  # files left unused by an earlier session
        self.model = ReceiptsTableModel(self.reader)

        outer = QVBoxLayout(self)
        outer.addLayout(self._build_toolbar())
        outer.addLayout(self._build_filters())
        self.stack = QStackedWidget()
        self.empty = EmptyState(
            _("No receipts yet"),
            _(
                "Log each top-up with its amount, reference and a photo of the receipt, "
                "so you can prove a payment later."
            ),
            [(_("Log a top-up"), self._add_clicked), (_("Import CSV…"), self.import_csv)],
        )
        self.stack.addWidget(self.empty)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self._paid_fitted = False
        self.table = self._build_table()
        self.splitter.addWidget(self.table)
        self.stack.addWidget(self.splitter)
        outer.addWidget(self.stack, 1)
        self.undo_bar = self._build_undo_bar()
        outer.addWidget(self.undo_bar)
        if self.deleted is not None:
            self.show_undo(self.deleted.count)
        self.totals_label = QLabel()
        self.totals_label.setTextFormat(Qt.TextFormat.PlainText)
        self.totals_label.setWordWrap(True)
        caption_display(self.totals_label, _("Totals for the receipts shown"))
        outer.addWidget(self.totals_label)
        self.notice = QLabel()
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setWordWrap(True)
        self.notice.hide()
        #: The "several are selected" line now shown, taken back with the selection.
        self._selection_refusal: str | None = None
        outer.addWidget(self.notice)
        self._build_shortcuts()
        label_named_boxes(self)
        self._after_refresh()

    # ----- building ----------------------------------------------------------------
    def _build_toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_button = QPushButton(_("&Log top-up"))
        self.add_button.setToolTip(_("Log a new top-up (Ctrl+N)"))
        self.add_button.clicked.connect(self._add_clicked)
        self.edit_button = QPushButton(_("&Edit"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.duplicate_button = QPushButton(_("Log &again today"))
        self.duplicate_button.setToolTip(_("Log the same top-up again, paid now (Ctrl+D)"))
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.delete_button = QPushButton(_("&Delete"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.export_button = MenuButton(_("E&xport"))
        menu = QMenu(self.export_button)
        menu.addAction(_("CSV…"), lambda: self.ask_export("csv"))
        menu.addAction(_("CSV for Excel…"), lambda: self.ask_export("excel"))
        menu.addAction(_("Zip with attachments…"), lambda: self.ask_export("zip"))
        menu.addAction(_("PDF report…"), lambda: self.ask_export("pdf"))
        self.export_button.setMenu(menu)
        self.export_button.setAccessibleName(_("Export what is shown"))
        self.import_button = QPushButton(_("&Import CSV…"))
        self.import_button.clicked.connect(self.import_csv)
        self.month_button = QPushButton(_("By &month"))
        self.month_button.setCheckable(True)
        self.month_button.setToolTip(_("Totals and chart per month (Ctrl+M)"))
        self.month_button.toggled.connect(self.show_months)
        for button in (
            self.add_button,
            self.edit_button,
            self.duplicate_button,
            self.delete_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.month_button)
        return row

    def _build_filters(self) -> QVBoxLayout:
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search reference, notes, vendor (Ctrl+F)"))
        self.search.setAccessibleName(_("Search receipts"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.card_filter = CardCombo(self.reader.card_choices, _("All cards"))
        self.card_filter.setAccessibleName(_("Filter by card"))
        self.method_filter = QComboBox()
        self.method_filter.setAccessibleName(_("Filter by payment method"))
        self.method_filter.addItem(_("All methods"), None)
        for key in PAYMENT_METHODS:
            self.method_filter.addItem(method_label(key), key)
        self.currency_filter = QComboBox()
        self.currency_filter.setAccessibleName(_("Filter by currency"))
        self._fill_currencies()
        self.date_from = DateBound(_("Paid from"), self._today)
        self.date_to = DateBound(_("Paid until"), self._today)
        for combo in (self.card_filter, self.method_filter, self.currency_filter):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        for bound in (self.date_from, self.date_to):
            bound.changed.connect(self.apply_filter)
        # The search has a row of its own: beside five filters it was cut
        # to "Поиск по…" in Russian at the window's usual width.
        for w in (self.card_filter, self.method_filter, self.currency_filter):
            row.addWidget(w)
        row.addWidget(QLabel(_("from")))
        row.addWidget(self.date_from)
        row.addWidget(QLabel(_("to")))
        row.addWidget(self.date_to)
        row.addStretch(1)
        # Import and Export sit beside the search, not in the toolbar: seven
        # buttons in one row made the Russian window wider than a 200% screen.
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.import_button)
        search_row.addWidget(self.export_button)
        column = QVBoxLayout()
        column.addLayout(search_row)
        column.addLayout(row)
        for bound in (self.date_from, self.date_to):
            # The whole width, text to the right: aligned in the layout, the
            # wrapped label kept its one-line height and showed a cut strip.
            bound.error.setAlignment(Qt.AlignmentFlag.AlignRight)
            column.addWidget(bound.error)
        return column

    def _today(self) -> dt.date:
        """Today on the computer's calendar (the clock is the app's own)."""
        return self.ctx.now().astimezone().date()

    def _fill_cards(self) -> None:
        """The card filter's choices, read again: an import may have added cards."""
        self.card_filter.reload()

    def _fill_currencies(self) -> None:
        current = self.currency_filter.currentData()
        self.currency_filter.blockSignals(True)
        self.currency_filter.clear()
        self.currency_filter.addItem(_("All currencies"), None)
        for code in self.reader.currencies():
            self.currency_filter.addItem(code, code)
        self.currency_filter.setCurrentIndex(max(self.currency_filter.findData(current), 0))
        self.currency_filter.blockSignals(False)

    def _build_table(self) -> QTableView:
        table = ReceiptsTable()  # Select all at 100,000 rows: see receipts_table
        table.setModel(self.model)
        table.setAccessibleName(_("Receipts"))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setSortingEnabled(True)
        table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        table.horizontalHeader().sortIndicatorChanged.connect(self._keep_sort_indicator)
        table.horizontalHeader().setStretchLastSection(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((140, 110, 150, 110, 120, 120, 130, 200, 50)):
            table.setColumnWidth(column, width)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.setWordWrap(False)
        # "activated" alone: a double click emits both it and doubleClicked,
        # and two connections opened the editor twice, one after the other.
        table.activated.connect(lambda _i: self.edit_selected())
        self.model.modelReset.connect(self._after_refresh)
        table.selectionModel().selectionChanged.connect(lambda _s, _d: self._selection_changed())
        return table

    def _keep_sort_indicator(self, section: int, _order: Qt.SortOrder) -> None:
        """A click on "Files" does not sort (counting files for every receipt
        costs 0.4 s a page at 100,000), so the arrow stays where the sort is."""
        if section != ATTACHMENT_COLUMN:
            return
        header = self.table.horizontalHeader()
        order = self.model.sort_order
        header.blockSignals(True)
        header.setSortIndicator(
            self.model.sorted_column(),
            Qt.SortOrder.DescendingOrder if order.descending else Qt.SortOrder.AscendingOrder,
        )
        header.blockSignals(False)
        header.viewport().update()

    def _build_undo_bar(self) -> QWidget:
        bar = QWidget()
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        self.undo_label = QLabel()
        self.undo_label.setTextFormat(Qt.TextFormat.PlainText)
        self.undo_button = QPushButton(_("&Undo"))
        self.undo_button.setToolTip(_("Bring the deleted receipts back (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.undo_delete)
        dismiss = QPushButton(_("Dismiss"))
        dismiss.clicked.connect(self.forget_deleted)
        row.addWidget(self.undo_label, 1)
        row.addWidget(self.undo_button)
        row.addWidget(dismiss)
        bar.hide()
        return bar

    def _build_shortcuts(self) -> None:
        """Page-wide keys, as named actions so Help → Keyboard Shortcuts lists them."""
        named: list[tuple[str, QKeySequence | QKeySequence.StandardKey | str, Callable[[], None]]] = [
            (_("Log a new top-up"), QKeySequence.StandardKey.New, self._add_clicked),
            (_("Log the same top-up again, paid now"), "Ctrl+D", self.duplicate_selected),
            (_("Delete receipts"), QKeySequence.StandardKey.Delete, self.delete_selected),
            (_("Edit receipt"), "F2", self.edit_selected),
            (_("Search receipts"), QKeySequence.StandardKey.Find, self.search.setFocus),
            (_("Bring the deleted receipts back"), QKeySequence.StandardKey.Undo, self.undo_delete),
            (_("Export what is shown"), "Ctrl+E", lambda: self.ask_export("csv")),
            (_("Import receipts"), "Ctrl+I", self.import_csv),
            (_("Totals and chart per month"), "Ctrl+M", self.month_button.toggle),
        ]
        # A platform's standard keys may include a key named here: on X11,
        # Delete is Del and also Ctrl+D. Two actions on one key fire neither
        # (Ctrl+D did nothing on a Linux desktop), so the named key wins.
        own = {QKeySequence(key) for _name, key, _slot in named if isinstance(key, str)}
        for name, key, slot in named:
            action = QAction(name, self)
            # setShortcuts, not setShortcut: see companion/ui/qt_runtime/qt_keys.py.
            if isinstance(key, QKeySequence.StandardKey):
                action.setShortcuts([k for k in QKeySequence.keyBindings(key) if k not in own])
            else:
                action.setShortcuts([QKeySequence(key)])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False, s=slot: s())
            self.addAction(action)

    def showEvent(self, event: QShowEvent) -> None:
        """Back from the Cards page: added, renamed or deleted cards show here."""
        super().showEvent(event)
        if self.card_filter.reload():
            self.model.refresh()  # the Card column shows the new names

    # ----- filtering and totals --------------------------------------------------------
    def current_filter(self) -> ReceiptFilter:
        return ReceiptFilter(
            card_id=self.card_filter.currentData(),
            method=self.method_filter.currentData(),
            currency=self.currency_filter.currentData(),
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
            text=self.search.text(),
        )

    def apply_filter(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(self.current_filter())

    def refresh(self) -> None:
        self._fill_cards()
        self._fill_currencies()
        self.model.refresh()

    def _after_refresh(self) -> None:
        self._selection_changed()  # a reset empties the selection without a signal
        self._fit_paid_column()
        totals = self.model.totals()
        filtered = self.model.filter != ReceiptFilter()
        has_any = bool(totals) or filtered or self.reader.count(ReceiptFilter()) > 0
        self.stack.setCurrentWidget(self.splitter if has_any else self.empty)
        count = sum(n for _m, n in totals.values())
        amounts = " · ".join(
            format_money(Money(minor, code)) for code, (minor, _n) in sorted(totals.items())
        )
        shown = ngettext("{n} receipt shown", "{n} receipts shown", count).format(
            n=format_number(count)
        )
        self.totals_label.setText(
            _("{shown}. Total: {amounts}").format(shown=shown, amounts=amounts)
            if amounts
            else shown
        )
        if self.month_panel is not None and self.month_panel.isVisible():
            self.month_panel.fill(self.model.filter)

    def _fit_paid_column(self) -> None:
        """Widen *Paid* once, when rows first show: a time in another zone ends
        with the zone's name ("2:30 PM Moscow Time"), the part a fixed width cut.
        Only the rows a screen can show at once are measured (each is a babel
        date and zone name: 200 rows were half the time of opening a long
        log); after that the width is the user's."""
        if self._paid_fitted or self.model.rowCount() == 0:
            return
        self._paid_fitted = True
        screen = self.screen().availableGeometry().height()
        row = max(self.table.verticalHeader().defaultSectionSize(), 1)
        self.table.horizontalHeader().setResizeContentsPrecision(screen // row + 1)
        wanted = self.table.sizeHintForColumn(0)
        if wanted > self.table.columnWidth(0):
            self.table.setColumnWidth(0, wanted)

    # ----- the month panel (lazy) ---------------------------------------------------------
    def show_months(self, visible: bool) -> None:
        if visible and self.month_panel is None:
            from companion.ui.receipts.month_panel import MonthPanel

            self.month_panel = MonthPanel(self.reader)
            self.splitter.addWidget(self.month_panel)
        if self.month_panel is not None:
            self.month_panel.setVisible(visible)
            if visible:
                self.month_panel.fill(self.model.filter)

    # ----- selection -----------------------------------------------------------------------
    def selection(self) -> ReceiptSelection:
        """The selected rows as Qt keeps them, ranges (Select all is one), in
        the filter and sort shown; no row is read."""
        return ReceiptSelection.of_rows(
            self.model.filter,
            self.model.sort_order,
            selected_row_ranges(self.table),
            self.model.rowCount(),
        )

    def one_selected_id(self, refusal: str) -> int | None:
        """The receipt an action on one receipt works on: the selected one,
        read alone. With several selected, ``refusal`` is said and None
        returned; with none, None."""
        selection = self.selection()
        if selection.count > 1:
            self.show_notice(refusal)
            self._selection_refusal = refusal
            return None
        if selection.count == 0:
            return None
        ((row, _last),) = selection.ranges
        value = self.model.data(self.model.index(row, 0), Qt.ItemDataRole.UserRole)
        return None if value is None else int(value)

    def _selection_changed(self) -> None:
        """Edit and Log again work on one receipt: enabled with exactly one.
        Their "several are selected" line goes once that is no longer true."""
        count = self.selection().count
        self.edit_button.setEnabled(count == 1)
        self.duplicate_button.setEnabled(count == 1)
        refusal = self._selection_refusal
        if refusal is not None and count <= 1:
            self._selection_refusal = None
            if self.notice.text() == refusal:
                self.show_notice("")

    def select_id(self, receipt_id: int) -> None:
        row = self.model.row_of_id(receipt_id)
        if row is None:
            return
        self.table.selectionModel().select(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(self.model.index(row, 0))

    # ----- actions -------------------------------------------------------------------------
    def _add_clicked(self) -> None:
        self.add_receipt()

    def add_receipt(self) -> int | None:
        from companion.ui.receipts.receipt_dialog import ReceiptDialog

        dialog = ReceiptDialog(self.ctx, parent=self)
        if dialog.exec():
            self.refresh()
            if dialog.saved_id is not None:
                self.select_id(dialog.saved_id)
            return dialog.saved_id
        return None

    def edit_selected(self) -> None:
        receipt_id = self.one_selected_id(
            _("Several receipts are selected: select one receipt to edit it.")
        )
        if receipt_id is None:
            return
        receipt = self.reader.get(receipt_id)
        if receipt is None:
            return
        open_editor = self._editors.get(receipt_id)
        if open_editor is not None:  # one editor per receipt: bring it forward
            open_editor.raise_()
            open_editor.activateWindow()
            return
        from companion.ui.receipts.receipt_dialog import ReceiptDialog

        dialog = ReceiptDialog(self.ctx, receipt, parent=self)
        self._editors[receipt_id] = dialog
        try:
            accepted = dialog.exec()
        finally:
            self._editors.pop(receipt_id, None)
        if accepted:
            self.refresh()
            self.select_id(receipt_id)

    def duplicate_selected(self) -> None:
        receipt_id = self.one_selected_id(
            _("Several receipts are selected: select one receipt to log it again.")
        )
        if receipt_id is not None:
            new_id = self.service.duplicate(receipt_id)
            self.refresh()
            self.select_id(new_id)

    def delete_selected(self, confirm: bool = True) -> None:
        """Delete what is selected, after asking (see ``receipts_delete``)."""
        if self.delete_job is not None:
            return  # one delete or undo at a time
        from companion.ui.receipts.receipts_delete import ask_and_delete

        ask_and_delete(self, confirm)

    def show_undo(self, count: int) -> None:
        self.undo_label.setText(
            ngettext("{n} receipt deleted.", "{n} receipts deleted.", count).format(
                n=format_number(count)
            )
        )
        self.undo_bar.show()

    def undo_delete(self) -> None:
        if self.deleted is None or self.delete_job is not None:
            return
        from companion.ui.receipts.receipts_delete import start_undo

        start_undo(self, self.deleted)

    def forget_deleted(self) -> None:
        """The undo chance is over: files no receipt uses are removed now."""
        if self.delete_job is not None:
            return  # the batch under way is not known yet: nothing to forget
        self.deleted = None
        self.undo_bar.hide()
        self.service.finish()

    def show_notice(self, text: str) -> None:
        """A result line under the table (export done, import failed…)."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    # ----- export and import ---------------------------------------------------------------
    def ask_export(self, kind: str) -> None:
        suffix = {"csv": "csv", "excel": "csv", "zip": "zip", "pdf": "pdf"}[kind]
        name, _f = QFileDialog.getSaveFileName(
            self, _("Export receipts"), f"receipts.{suffix}", f"*.{suffix}"
        )
        if name:
            self.export_to(Path(name), kind)

    def export_to(self, target: Path, kind: str) -> None:
        from companion.ui.receipts.receipts_export import start_export

        start_export(
            self,
            self.ctx,
            target,
            kind,
            self.model.filter,
            self.model.sort_order,
            self.show_notice,
            lambda: self.ask_export("csv"),
        )

    def import_csv(self) -> None:
        name, _f = QFileDialog.getOpenFileName(
            self, _("Import receipts"), "", _("CSV files (*.csv *.txt)")
        )
        if name:
            self.open_import(Path(name))

    def open_import(self, path: Path) -> None:
        from companion.ui.receipts.receipts_import_dialog import ImportDialog

        dialog = ImportDialog(self.ctx, path, self)
        dialog.imported.connect(lambda _n: self.refresh())
        dialog.open()
        self.import_dialog = dialog
