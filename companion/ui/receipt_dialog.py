"""Add or edit one receipt: the form, Save and Cancel.

Why the dialog saves (not the page): the form only describes a receipt; the
dialog stays open with the message at the field when saving fails, so what
the user typed is never lost.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from companion.domain.receipt import Receipt
from companion.i18n import _
from companion.services.context import AppContext
from companion.services.receipts import ReceiptsService
from companion.store.attachments_store import AttachmentError
from companion.ui.field_error import ERROR_STYLE
from companion.ui.receipt_form import ReceiptForm


class ReceiptDialog(QDialog):
    def __init__(
        self, ctx: AppContext, receipt: Receipt | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.service = ReceiptsService(ctx)
        self.saved_id: int | None = None
        self.setWindowTitle(_("Edit receipt") if receipt and receipt.id else _("Log a top-up"))
        self.resize(640, 720)
        layout = QVBoxLayout(self)
        self.form = ReceiptForm(ctx)
        if receipt is not None:
            self.form.load(receipt)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        layout.addWidget(scroll)
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
        self.form.amount.setFocus()

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
