"""The Cards page's actions on the selected card: timers, archive, delete, calendar export.

Why apart from the page (cards_page.py): each of these changes a card and
offers its undo, asks or warns without blocking the window's minute timer,
and has its own rules (one timer of a kind at a time, activation codes
written only when asked). The page keeps the list, the toolbar and the
dialogs. Mixed into CardsPage, which provides the attributes declared on
the class.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from companion.domain.card import Card, CardTimer
from companion.i18n import _
from companion.i18n.os_errors import os_error_text
from companion.services import cards as cards_service
from companion.services.card_undo import UndoEntry
from companion.services.context import AppContext
from companion.ui.cards.card_labels import TIMER_NAMES
from companion.ui.cards.card_text import when_text
from companion.ui.widgets import literal_text


class CardsPageActions:
    """Mixed into CardsPage, which provides the attributes declared here."""

    ctx: AppContext
    dialog: QWidget | None
    timer_menu: QMenu
    selected_card: Callable[[], Card | None]
    _offer_undo: Callable[[UndoEntry], None]
    _changed: Callable[[], None]

    def _as_widget(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self

    def _fill_timer_menu(self) -> None:
        menu = self.timer_menu
        menu.clear()
        card = self.selected_card()
        running = cards_service.active_timers(self.ctx, card.id) if card and card.id else []
        for kind in ("promised_payment", "data_block"):
            same = [t for t in running if t.kind == kind]
            if same:
                # A second identical timer is refused: say so where it is chosen.
                action = menu.addAction(_("{timer} (running until {time})").format(
                    timer=_(TIMER_NAMES[kind]), time=when_text(same[0].ends.astimezone())
                ))
                action.setEnabled(False)
                continue
            action = menu.addAction(_(TIMER_NAMES[kind]))
            action.triggered.connect(lambda _checked=False, k=kind: self.start_timer(k))
        if running:
            menu.addSeparator()
        for timer in running:
            action = menu.addAction(_("Cancel “{timer}” (ends {time})").format(
                timer=_(TIMER_NAMES[timer.kind]), time=when_text(timer.ends.astimezone())
            ))
            action.triggered.connect(lambda _checked=False, t=timer: self.cancel_timer(t))

    def start_timer(self, kind: str) -> None:
        card = self.selected_card()
        if card is None or card.id is None:
            return
        try:
            cards_service.start_timer(self.ctx, card.id, kind)
        except cards_service.CardError as exc:
            self._tell(_("Timer not started"), exc.message)
            return
        self._changed()

    def cancel_timer(self, timer: CardTimer) -> None:
        """Stop a timer and its reminder; the undo bar can start it again as it was."""
        card = self.selected_card()
        if timer.id is None or card is None or card.id != timer.card_id:
            return
        cards_service.cancel_timer(self.ctx, timer.id, timer.card_id)

        def restart() -> None:
            cards_service.start_timer(self.ctx, timer.card_id, timer.kind, started=timer.started)

        label = card.label
        self._offer_undo(UndoEntry(
            lambda: _("Cancelled the timer “{timer}” for “{card}”.").format(
                timer=_(TIMER_NAMES[timer.kind]), card=label
            ),
            restart,
        ))

    # ----- archive, delete ------------------------------------------------------------
    def toggle_archive(self) -> None:
        card = self.selected_card()
        if card is None or card.id is None:
            return
        card_id, archived, label = card.id, not card.archived, card.label
        cards_service.set_archived(self.ctx, card_id, archived)
        self._offer_undo(UndoEntry(
            (lambda: _("Archived “{card}”.").format(card=label)) if archived
            else (lambda: _("Restored “{card}”.").format(card=label)),
            lambda: cards_service.set_archived(self.ctx, card_id, not archived),
        ))

    def confirm(self, title: str, text: str) -> bool:
        return literal_text.ask(self._as_widget(), title, text)

    def _tell(self, title: str, text: str) -> None:
        """A warning that does not block the window's minute timer."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text,
                          QMessageBox.StandardButton.Ok, self._as_widget())
        box.setTextFormat(Qt.TextFormat.PlainText)  # card names are shown as typed
        self.dialog = box
        box.open()

    def delete_selected(self) -> None:
        card = self.selected_card()
        if card is None or card.id is None:
            return
        if not self.confirm(
            _("Delete card"),
            _("Delete “{card}” with its renewal history and reminders? Receipts are kept.")
            .format(card=card.label),
        ):
            return
        card_id, label = card.id, card.label
        # Hidden, not purged: every deletion stays undoable until the app quits.
        cards_service.delete_card(self.ctx, card_id)
        self._offer_undo(UndoEntry(
            lambda: _("Deleted “{card}”.").format(card=label),
            lambda: cards_service.undo_delete(self.ctx, card_id),
            deleted_card=card_id,
        ))

    # ----- export -------------------------------------------------------------------
    def export_calendar(self) -> None:
        from companion.services.ics import export_calendar, written_message

        name, _filter = QFileDialog.getSaveFileName(
            self._as_widget(), _("Export calendar"), str(Path.home() / "cards.ics"),
            _("Calendar files (*.ics)"),
        )
        if not name:
            return
        # Asked with No as the default: the code installs the eSIM on any phone.
        include = any(c.esim_activation_code for c in cards_service.list_cards(self.ctx)) and (
            self.confirm(_("Activation codes"),
                         _("Also write eSIM activation codes into the calendar file?"))
        )
        try:
            counts = export_calendar(self.ctx, Path(name), include)
        except OSError as exc:
            literal_text.warn(self._as_widget(), _("Export failed"),
                              _("Could not write {path}: {reason}")
                              .format(path=name, reason=os_error_text(exc)))
            return
        literal_text.inform(self._as_widget(), _("Calendar exported"),
                            written_message(counts, name))
