"""The Cards page's details side: the selected card, its renewals, and what is coming up.

Why apart from the page (cards_page.py): what is shown about one card (its
details, the phone-calendar button, the renewal history) and the 90-day
timeline are built and filled here, while the page keeps the list, the
toolbar and the dialogs. Mixed into CardsPage, as its actions are
(cards_page_actions.py), so the widgets stay attributes of the page that
tests and shortcuts reach.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from companion.domain.card import Card
from companion.i18n import _
from companion.services import cards as cards_service
from companion.services.context import AppContext
from companion.ui.cards.card_text import card_time_text, details, when_text
from companion.ui.cards.renew_dialog import period_text
from companion.ui.widgets.screen_fit import FormScroll
from companion.ui.widgets.screen_reader import caption_display


def _plain(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class CardDetailsPanel:
    """Mixed into CardsPage, which provides the attributes declared here."""

    ctx: AppContext
    dialog: QWidget | None
    edit_button: QPushButton
    renew_button: QPushButton
    timer_button: QToolButton
    archive_button: QPushButton
    delete_button: QPushButton
    _button: Callable[[str, str, Callable[[], None]], QPushButton]
    selected_card: Callable[[], Card | None]
    _timeline_activated: Callable[[QListWidgetItem], None]

    def _build_details_panel(self) -> QWidget:
        """Beside the list: the selected card's details, phone button and renewals."""
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.details = _plain()
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        caption_display(self.details, _("Card details"))
        # Scrolls when the window is short rather than cutting the last lines.
        # Three parts to the history's one: the name, expiry and balance
        # come before past renewals when the window is short.
        rl.addWidget(FormScroll(self.details), 3)
        self.phone_button = self._button(
            _("Add to &phone calendar…"), "Ctrl+Shift+P", self.open_phone_qr
        )
        rl.addWidget(self.phone_button, 0, Qt.AlignmentFlag.AlignLeft)
        history_title = _plain(_("Renewal history"))
        rl.addWidget(history_title)
        self.history = QListWidget()
        self.history.setAccessibleName(_("Renewal history"))
        rl.addWidget(self.history, 1)
        return right

    def _build_timeline(self) -> QWidget:
        """Below: every expiry and timer end of the next 90 days."""
        timeline_box = QWidget()
        tl = QVBoxLayout(timeline_box)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(_plain(_("Coming up (next 90 days)")))
        self.timeline = QListWidget()
        self.timeline.setAccessibleName(_("Upcoming expiries"))
        self.timeline.itemActivated.connect(self._timeline_activated)
        tl.addWidget(self.timeline)
        return timeline_box

    def _show_details(self) -> None:
        card = self.selected_card()
        enabled = card is not None
        for widget in (self.edit_button, self.renew_button, self.timer_button,
                       self.archive_button, self.delete_button):
            widget.setEnabled(enabled)
        self.history.clear()
        if card is None or card.id is None:
            self.details.setText(_("Select a card to see its details."))
            self.phone_button.setEnabled(False)
            return
        now = self.ctx.now()
        self.details.setText(details(card, cards_service.active_timers(self.ctx, card.id), now))
        self.phone_button.setEnabled(card.expiry is not None and card.expiry.instant > now)
        for record in cards_service.renewals(self.ctx, card.id):
            from companion.domain.expiry import Period

            self.history.addItem(
                _("{date}: +{period}, until {until}{receipt}").format(
                    date=when_text(record.renewed_at.astimezone()),
                    period=period_text(Period.parse(record.period)),
                    until=card_time_text(record.new_expiry.aware),
                    receipt=_(" (receipt logged)") if record.receipt_id else "",
                )
            )
        if not self.history.count():
            self.history.addItem(_("Not renewed yet."))

    def open_phone_qr(self) -> None:
        from companion.ui.cards.phone_qr_dialog import PhoneQrDialog

        card = self.selected_card()
        if card is None:
            return
        self.dialog = PhoneQrDialog(self.ctx, card)
        page = self
        assert isinstance(page, QWidget)  # CardsPage, which this is mixed into
        self.dialog.setParent(page, self.dialog.windowFlags())
        self.dialog.open()

