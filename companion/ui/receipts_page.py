"""The Receipts section (the log arrives with the receipts feature)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QVBoxLayout, QWidget

from companion.i18n import _
from companion.services.context import AppContext
from companion.ui.empty_state import EmptyState


class ReceiptsPage(QWidget):
    def __init__(self, ctx: AppContext, navigate: Callable[[str], None]) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(
            EmptyState(
                _("No receipts yet"),
                _("Log each top-up with its amount, reference and a photo of the receipt, so you can prove a payment later."),
            )
        )
