"""Add or edit one receipt: the form, Save and Cancel.

Why the dialog saves (not the page): the form only describes a receipt; the
dialog stays open with the message at the field when saving fails, so what
the user typed is never lost. For the same reason Esc, Cancel and the
window's close button ask before throwing away what was typed or attached
(only when something was: an untouched form just closes; see
``ui/widgets/discard_question.py``).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from companion.domain.receipt import Receipt
from companion.i18n import _
from companion.services.context import AppContext
from companion.services.receipt_attachments import AttachmentError
from companion.services.receipts import ReceiptsService
from companion.ui.receipts.receipt_form import ReceiptForm
from companion.ui.widgets.discard_question import DiscardQuestion
from companion.ui.widgets.field_error import ERROR_STYLE
from companion.ui.widgets.screen_fit import FormScroll
from companion.ui.widgets.screen_reader import label_named_boxes
from companion.ui.widgets.window_fit import fit_to_screen


class ReceiptDialog(QDialog):
    def __init__(
        self, ctx: AppContext, receipt: Receipt | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.service = ReceiptsService(ctx)
        self.saved_id: int | None = None
        self.setWindowTitle(_("Edit receipt") if receipt and receipt.id else _("Log a top-up"))
        layout = QVBoxLayout(self)
        self.form = ReceiptForm(ctx)
        if receipt is not None:
            self.form.load(receipt)
        # The form scrolls; Save and Cancel below it stay on screen.
        layout.addWidget(FormScroll(self.form))
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)
        label_named_boxes(self)
        self.form.amount.setFocus()
        self.discard = DiscardQuestion(
            self, self.form.state,
            lambda: _("Discard what you typed and attached in this receipt?"),
        )
        fit_to_screen(self, self.sizeHint().expandedTo(QSize(640, 0)))

    @property
    def question(self) -> QMessageBox | None:
        """The "discard?" question while it is open."""
        return self.discard.box

    def has_changes(self) -> bool:
        return self.discard.has_changes()

    def showEvent(self, event: QShowEvent) -> None:
        # The state as shown, after any prefill by the caller, is the baseline.
        self.discard.remember()
        super().showEvent(event)

    def reject(self) -> None:
        """Esc, Cancel or the close button: ask first if there is something to lose."""
        if self.discard.allows_close():
            super().reject()

    def save(self) -> None:
        receipt = self.form.validate()
        if receipt is None:
            return
        try:
            if receipt.id is None:
                self.saved_id = self.service.log(receipt, self.form.attachment_paths())
            else:
                self.service.edit(receipt, self.form.attachment_paths())
                self.saved_id = receipt.id
        except AttachmentError as exc:
            self.error.setText(
                _("A file could not be attached, so nothing was saved: {detail}").format(detail=exc)
            )
            self.error.show()
            return
        self.accept()
