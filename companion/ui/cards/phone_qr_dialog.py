"""Cards → "Add to phone calendar…": a QR code the phone's camera turns into a
calendar event for the card's next renewal reminder.

Why a QR code: the SIM lives in the phone, and the phone's calendar reminds
even when the computer is off. Scanning needs no network and no account.
The code is made locally (segno); the text it holds is shown under it, so
nothing is hidden from the user.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
)

from companion.domain.card import Card
from companion.i18n import _
from companion.services import cards as cards_service
from companion.services.context import AppContext
from companion.services.phone_calendar import all_cards_calendar, card_event, card_events
from companion.ui.guide.guide_code_panel import qr_png


class PhoneQrDialog(QDialog):
    def __init__(self, ctx: AppContext, card: Card, parent: QDialog | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.card = card
        self.setWindowTitle(_("Add to phone calendar"))
        layout = QVBoxLayout(self)
        hint = QLabel(_("Scan this code with your phone's camera and choose “Add to calendar”. "
                        "The event is at the next reminder, with the expiry in its title."))
        hint.setWordWrap(True)
        hint.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(hint)
        self.this_card = QRadioButton(_("This card: {card}").format(card=card.label))
        self.all_cards = QRadioButton(_("All cards in one code"))
        self.this_card.setChecked(True)
        self.this_card.toggled.connect(self._show)
        layout.addWidget(self.this_card)
        layout.addWidget(self.all_cards)
        self.code = QLabel()
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setAccessibleName(_("QR code"))
        layout.addWidget(self.code, 1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.note)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName(_("What the code holds"))
        self.text.setMaximumHeight(110)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._show()

    def payload(self) -> str | None:
        if self.this_card.isChecked():
            return card_event(self.ctx, self.card)
        return all_cards_calendar(self.ctx, cards_service.list_cards(self.ctx))

    def _show(self) -> None:
        data = self.payload()
        if data is None:
            self.code.clear()
            self.text.clear()
            self.note.setText(
                _("This card has no reminder ahead: give it an expiry in the future first.")
                if self.this_card.isChecked()
                else _("No card has a reminder ahead: give a card an expiry in the future first.")
                if not card_events(self.ctx, cards_service.list_cards(self.ctx))
                else _("Too many cards for one code: use Export calendar… instead.")
            )
            return
        pixmap = QPixmap()
        pixmap.loadFromData(qr_png(data, scale=4))
        self.code.setPixmap(pixmap)
        self.note.setText("")
        self.text.setPlainText(data.replace("\r\n", "\n"))
