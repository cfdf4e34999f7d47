"""Importing receipts from CSV: preview, column mapping, check, import.

Why two steps (Check, then Import): the file is imported whole or not at
all. Checking lists every bad row with its line and column; the user fixes
the file or chooses to skip those rows, and only then can Import run.
Cards the file names but the list lacks are shown with a choice (create
them, import without a card, skip those rows), so no link is dropped
unseen. After the import the dialog stays open and says what happened.

Why the file is read in a job: a 50 MB file took about two seconds to read
on the GUI thread, with the window frozen and no way to stop. It is read
through the receipts job runner with a progress bar; Cancel stops the read
and closes the dialog. Reading writes nothing, so a cancelled or failed
read leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
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

from companion.i18n import N_, _, ngettext
from companion.i18n.formatting import format_number
from companion.services.context import AppContext
from companion.services.receipts_io.receipts_csv import FIELDS, REQUIRED
from companion.services.receipts_io.receipts_csv_cells import shown
from companion.services.receipts_io.receipts_csv_import import (
    CardChoice,
    ImportPlan,
    ImportResult,
    check_file,
    import_file,
)
from companion.services.receipts_io.receipts_csv_messages import (
    check_summary,
    import_summary,
    new_rows,
)
from companion.services.receipts_io.receipts_csv_read import (
    CsvTable,
    default_mapping,
    read_csv,
)
from companion.ui.jobs.runner import run_with_progress
from companion.ui.receipts.receipt_form import default_zone
from companion.ui.widgets.screen_fit import FormScroll
from companion.ui.widgets.window_fit import fit_to_screen

_PREVIEW_ROWS = 20
_LISTED_PROBLEMS = 1000

CARD_CHOICES: tuple[tuple[CardChoice, str], ...] = (
    (CardChoice.CREATE, N_("Create these cards")),
    (CardChoice.NO_CARD, N_("Import these receipts without a card")),
    (CardChoice.SKIP, N_("Skip these rows")),
)

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
        self.import_result: ImportResult | None = None
        self.table_data: CsvTable | None = None
        self.setWindowTitle(_("Import receipts from {name}").format(name=path.name))
        outer = QVBoxLayout(self)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        # On a short screen the preview, the column choices and the problems
        # scroll together; Check, Import and Cancel stay below them.
        outer.addWidget(FormScroll(body))
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
        self.include_duplicates.toggled.connect(self._update_buttons)
        layout.addWidget(self.skip_errors)
        layout.addWidget(self.include_duplicates)
        self.card_choice = QComboBox()
        for choice, text in CARD_CHOICES:
            self.card_choice.addItem(_(text), choice)
        self.card_choice_label = QLabel(_("Cards &not in your list:"))
        self.card_choice_label.setBuddy(self.card_choice)
        self.card_choice.setAccessibleName(_("Cards not in your list"))
        card_row = QFormLayout()
        card_row.addRow(self.card_choice_label, self.card_choice)
        layout.addLayout(card_row)
        self._show_card_choice(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons = buttons
        self.check_button = QPushButton(_("&Check"))
        self.check_button.clicked.connect(self.check)
        self.import_button = QPushButton(_("&Import"))
        self.import_button.clicked.connect(self.run_import)
        buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.check_button.setEnabled(False)
        self.import_button.setEnabled(False)
        self.message.setText(_("Reading {name}…").format(name=path.name))
        #: True until the file has been read or refused.
        self.reading = True
        self.read_job = run_with_progress(
            self,
            _("Reading {name}…").format(name=path.name),
            lambda progress, cancelled: read_csv(path, progress, cancelled),
            self._show_table,
            self._read_failed,
            self._read_cancelled,
        )
        self.finished.connect(self._stop_reading)
        fit_to_screen(self, QSize(860, 640))

    def _stop_reading(self, _result: int) -> None:
        """Closed while reading: the read stops."""
        self.read_job.cancel()

    def _read_cancelled(self) -> None:
        self.reading = False
        if self.isVisible():
            self.reject()

    def _read_failed(self, reason: str) -> None:
        self.reading = False
        self.message.setText(_("Nothing can be imported: {reason}").format(reason=reason))

    def _show_table(self, data: CsvTable) -> None:
        if self.read_job.was_cancelled():  # the read ended as Cancel was pressed
            self._read_cancelled()
            return
        self.reading = False
        self.table_data = data
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
            # Headers come from the file: a long one must not widen the dialog.
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(24)
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
            ngettext(
                "{n} row found. Match the columns, then press Check.",
                "{n} rows found. Match the columns, then press Check.",
                len(data.rows),
            ).format(n=format_number(len(data.rows)))
        )
        self.check_button.setEnabled(True)
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
        self._show_card_choice(False)
        self._update_buttons()

    def _show_card_choice(self, visible: bool) -> None:
        self.card_choice_label.setVisible(visible)
        self.card_choice.setVisible(visible)

    def _update_buttons(self) -> None:
        plan = self.plan
        something = plan is not None and (
            new_rows(plan) > 0 or (self.include_duplicates.isChecked() and bool(plan.receipts))
        )
        ready = (
            plan is not None
            and something
            and not plan.file_error
            and (not plan.errors or self.skip_errors.isChecked())
        )
        self.import_button.setEnabled(ready)

    def check(self) -> None:
        if self.table_data is None:  # still reading, or the file was refused
            return
        data, mapping, paths = self.table_data, self.mapping(), self.ctx.paths
        zone, now = default_zone(), self.ctx.now()

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            return check_file(paths, data, mapping, zone, now, progress, cancelled)

        run_with_progress(self, _("Checking the file…"), work, self._show_plan, self._check_failed)

    def _show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.errors.clear()
        self.message.setText(check_summary(plan))
        self._show_card_choice(bool(plan.missing_cards))
        if not plan.file_error:
            for item in self._problem_lines(plan)[:_LISTED_PROBLEMS]:
                self.errors.addItem(item)
        self._update_buttons()

    def _problem_lines(self, plan: ImportPlan) -> list[str]:
        """Every row the user should look at, in the order of the file."""
        found: list[tuple[int, str]] = []
        for error in plan.errors:
            column = _(FIELD_LABELS.get(error.column, error.column)) if error.column else ""
            text = _("Line {line}, {column}: {message}").format(
                line=format_number(error.line), column=column or _("row"), message=error.message
            )
            found.append((error.line, text))
        for line in plan.duplicates:
            text = _("Line {line}: already in your log (same date, amount and reference).")
            found.append((line, text.format(line=format_number(line))))
        for name, lines in plan.missing_cards.items():
            for line in lines:
                text = _("Line {line}, {column}: “{name}” is not in your list of cards.")
                found.append(
                    (line, text.format(line=format_number(line), column=_("Card"), name=shown(name)))
                )
        found.sort(key=lambda pair: pair[0])
        return [text for _line, text in found]

    def _check_failed(self, message: str) -> None:
        self.message.setText(_("The check failed: {detail}").format(detail=message))

    def _import_failed(self, message: str) -> None:
        self.message.setText(message)
        self._update_buttons()

    def run_import(self) -> None:
        plan = self.plan
        if plan is None or not self.import_button.isEnabled():
            return
        # A second click before the progress dialog appears must not import twice.
        self.import_button.setEnabled(False)
        skip = plan.error_lines() if self.skip_errors.isChecked() else []
        paths, now = self.ctx.paths, self.ctx.now()
        duplicates = self.include_duplicates.isChecked()
        cards = CardChoice(self.card_choice.currentData())

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            return import_file(paths, plan, now, skip, duplicates, cards)

        run_with_progress(self, _("Importing…"), work, self._imported, self._import_failed)

    def _imported(self, result: ImportResult) -> None:
        """Say what happened; the dialog stays open until the user closes it."""
        self.import_result = result
        self.message.setText(import_summary(result))
        self.errors.clear()
        self.plan = None
        self.check_button.setEnabled(False)
        self.import_button.setEnabled(False)
        for widget in (
            *self.mapping_boxes.values(),
            self.skip_errors,
            self.include_duplicates,
            self.card_choice,
        ):
            widget.setEnabled(False)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        close.setText(_("Close"))
        self.imported.emit(result.imported)
