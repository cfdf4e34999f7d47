"""Importing receipts from CSV: preview, column mapping, check, import.

Why two steps (Check, then Import): the file is imported whole or not at
all. Checking lists every bad row with its line and column; the user fixes
the file or chooses to skip those rows, and only then can Import run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from companion.i18n import N_, _
from companion.services.context import AppContext
from companion.services.receipts_csv import (
    FIELDS,
    REQUIRED,
    CsvFileError,
    CsvTable,
    ImportPlan,
    apply_import,
    default_mapping,
    read_csv,
    validate,
)
from companion.ui.background import run_with_progress
from companion.ui.receipt_form import default_zone

_PREVIEW_ROWS = 20

FIELD_LABELS: dict[str, str] = {
    "paid_at": N_("Date paid"),
    "zone": N_("Time zone"),
    "amount": N_("Amount"),
    "currency": N_("Currency"),
    "method": N_("Method"),
    "card": N_("Card"),
    "plan": N_("Plan"),
    "period_days": N_("Days added"),
    "period_months": N_("Months added"),
    "reference": N_("Reference"),
    "code": N_("Activation code"),
    "vendor": N_("Place or vendor"),
    "notes": N_("Notes"),
    "attachments": N_("Attachments"),
}


class ImportDialog(QDialog):
    imported = Signal(int)

    def __init__(self, ctx: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path = path
        self.plan: ImportPlan | None = None
        self.table_data: CsvTable | None = None
        self.setWindowTitle(_("Import receipts from {name}").format(name=path.name))
        self.resize(860, 640)
        layout = QVBoxLayout(self)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.preview = QTableWidget()
        self.preview.setAccessibleName(_("Preview of the file"))
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.preview, 2)
        self.mapping_form = QFormLayout()
        self.mapping_boxes: dict[str, QComboBox] = {}
        layout.addLayout(self.mapping_form)
        self.errors = QListWidget()
        self.errors.setAccessibleName(_("Problems found"))
        layout.addWidget(self.errors, 1)
        self.skip_errors = QCheckBox(_("Skip the rows with problems"))
        self.skip_errors.toggled.connect(self._update_buttons)
        self.include_duplicates = QCheckBox(_("Also import rows that look like duplicates"))
        layout.addWidget(self.skip_errors)
        layout.addWidget(self.include_duplicates)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.check_button = QPushButton(_("&Check"))
        self.check_button.clicked.connect(self.check)
        self.import_button = QPushButton(_("&Import"))
        self.import_button.clicked.connect(self.run_import)
        buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._load()

    def _load(self) -> None:
        try:
            self.table_data = read_csv(self.path)
        except CsvFileError as exc:
            self.message.setText(_("Nothing can be imported: {reason}").format(reason=exc))
            self.check_button.setEnabled(False)
            self.import_button.setEnabled(False)
            return
        data = self.table_data
        self.preview.setColumnCount(len(data.header))
        self.preview.setHorizontalHeaderLabels(data.header)
        rows = data.rows[:_PREVIEW_ROWS]
        self.preview.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells[: len(data.header)]):
                self.preview.setItem(r, c, QTableWidgetItem(text))
        guessed = default_mapping(data.header)
        for name in FIELDS:
            if name == "attachments":
                continue
            box = QComboBox()
            box.addItem(_("(not in the file)"), None)
            for index, title in enumerate(data.header):
                box.addItem(title, index)
            box.setCurrentIndex(max(box.findData(guessed.get(name)), 0))
            box.currentIndexChanged.connect(self._mapping_changed)
            label = _(FIELD_LABELS[name]) + (" *" if name in REQUIRED else "")
            box.setAccessibleName(label)
            self.mapping_form.addRow(label, box)
            self.mapping_boxes[name] = box
        self.message.setText(
            _("{n} rows found. Match the columns, then press Check.").format(n=len(data.rows))
        )
        self._update_buttons()

    def mapping(self) -> dict[str, int]:
        return {
            name: int(box.currentData())
            for name, box in self.mapping_boxes.items()
            if box.currentData() is not None
        }

    def _mapping_changed(self) -> None:
        self.plan = None
        self.errors.clear()
        self._update_buttons()

    def _update_buttons(self) -> None:
        plan = self.plan
        ready = (
            plan is not None
            and not plan.file_error
            and (not plan.errors or self.skip_errors.isChecked())
        )
        self.import_button.setEnabled(ready)

    def check(self) -> None:
        assert self.table_data is not None
        data, mapping, database = self.table_data, self.mapping(), self.ctx.paths.database
        zone = default_zone()

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            from companion.store.database import open_database
            from companion.store.receipts_repo import ReceiptsRepo

            conn = open_database(database)
            try:
                return validate(data, mapping, ReceiptsRepo(conn), zone, progress, cancelled)
            finally:
                conn.close()

        run_with_progress(self, _("Checking the file…"), work, self._show_plan, self._failed)

    def _show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.errors.clear()
        if plan.file_error:
            self.message.setText(plan.file_error)
        else:
            for error in plan.errors[:1000]:
                column = _(FIELD_LABELS.get(error.column, error.column)) if error.column else ""
                self.errors.addItem(
                    _("Line {line}, {column}: {message}").format(
                        line=error.line, column=column or _("row"), message=error.message
                    )
                )
            lines = len(plan.error_lines())
            self.message.setText(
                _(
                    "{ok} rows are ready, {bad} have problems, {dup} look like receipts "
                    "already logged (same date, amount and reference)."
                ).format(ok=len(plan.receipts), bad=lines, dup=len(plan.duplicates))
            )
        self._update_buttons()

    def _failed(self, message: str) -> None:
        self.message.setText(_("The check failed: {detail}").format(detail=message))

    def run_import(self) -> None:
        plan = self.plan
        if plan is None:
            return
        skip = plan.error_lines() if self.skip_errors.isChecked() else set()
        database, now = self.ctx.paths.database, self.ctx.now()
        duplicates = self.include_duplicates.isChecked()

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            from companion.store.database import open_database
            from companion.store.receipts_repo import ReceiptsRepo

            conn = open_database(database)
            try:
                return apply_import(ReceiptsRepo(conn), plan, now, skip, duplicates)
            finally:
                conn.close()

        def done(count: int) -> None:
            self.imported.emit(count)
            self.accept()

        run_with_progress(self, _("Importing…"), work, done, self._failed)
