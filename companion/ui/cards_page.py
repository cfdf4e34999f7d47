"""The Cards section (the tracker arrives with the cards feature)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QVBoxLayout, QWidget

from companion.i18n import _
from companion.services.context import AppContext
from companion.ui.empty_state import EmptyState


class CardsPage(QWidget):
    def __init__(self, ctx: AppContext, navigate: Callable[[str], None]) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.addWidget(
            EmptyState(
                _("No cards yet"),
                _("Add your SIM, eSIM or transport card to see when it expires and get reminded in time."),
            )
        )
