"""The Guide section (the reader arrives with the guide feature)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QVBoxLayout, QWidget

from companion.i18n import _
from companion.services.context import AppContext
from companion.ui.empty_state import EmptyState


class GuidePage(QWidget):
    def __init__(self, ctx: AppContext, navigate: Callable[[str], None]) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(
            EmptyState(
                _("The offline guide"),
                _("Balance codes, top-up advice and the rules for foreigners, readable without a network."),
            )
        )
