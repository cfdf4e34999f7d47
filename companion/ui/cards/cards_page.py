"""The Cards section: a dashboard sorted by urgency, details, history and a timeline.

Why dialogs are opened with ``open()`` rather than ``exec()``: the window
keeps processing its minute timer (countdowns, reminders) while a dialog is
up, and tests can drive the dialog without nested event loops.

This module is the page: its toolbar, the card list, selection and the card
and renew dialogs. The selected card's details, renewals and the timeline
are in card_details_panel.py; timers, archive, delete and the calendar
export in cards_page_actions.py. Both are mixed into CardsPage.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from companion.domain.card import Card
from companion.i18n import _
from companion.i18n.formatting import format_countdown
from companion.services import cards as cards_service
from companion.services.card_undo import UndoEntry
from companion.services.context import AppContext
from companion.ui.cards.card_details_panel import CardDetailsPanel
from companion.ui.cards.card_labels import STATE_COLOURS, computer_zone, state_icon
from companion.ui.cards.card_text import spoken, summary, timeline, when_text
from companion.ui.cards.cards_page_actions import CardsPageActions
from companion.ui.cards.undo_bar import UndoBar
from companion.ui.widgets import literal_text
from companion.ui.widgets.empty_state import EmptyState
from companion.ui.widgets.menu_button import MenuButton
from companion.ui.widgets.screen_reader import without_mnemonic

_ID = Qt.ItemDataRole.UserRole


class CardsPage(CardsPageActions, CardDetailsPanel, QWidget):
    #: A card, its timers or its reminders changed: the reminder banner follows.
    cards_changed = Signal()

    def __init__(self, ctx: AppContext, navigate: Callable[[str], None]) -> None:
        super().__init__()
        self.ctx = ctx
        self._navigate = navigate
        self.dialog: QWidget | None = None
        # Deleted cards left by a crash go now; those still on this session's
        # undo stack (the page is rebuilt on a language switch) stay.
        cards_service.purge_deleted(ctx)

        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.add_button = self._button(_("&Add card"), "Ctrl+N", self.open_add_dialog)
        self.edit_button = self._button(_("&Edit"), "Ctrl+E", self.open_edit_dialog)
        self.renew_button = self._button(_("&Renew…"), "Ctrl+R", self.open_renew_dialog)
        self.timer_button = MenuButton(_("&Timer"))
        self.timer_button.setAccessibleName(_("Start or cancel a timer"))
        self.timer_menu = QMenu(self.timer_button)
        # Filled when opened: its lower part lists the selected card's timers.
        self.timer_menu.aboutToShow.connect(self._fill_timer_menu)
        self.timer_button.setMenu(self.timer_menu)
        self.archive_button = self._button(_("Ar&chive"), "Ctrl+Shift+H", self.toggle_archive)
        self.delete_button = self._button(_("&Delete…"), "Del", self.delete_selected)
        self.export_button = self._button(_("E&xport calendar…"), "Ctrl+Shift+E",
                                          self.export_calendar)
        for widget in (self.add_button, self.edit_button, self.renew_button, self.timer_button,
                       self.archive_button, self.delete_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        outer.addLayout(bar)
        # A second row: in Russian at the window's 1000 px the one row cut
        # "Показать архивные" and "Экспорт календаря…" in half.
        view_row = QHBoxLayout()
        self.archived_box = QCheckBox(_("&Show archived"))
        self.archived_box.toggled.connect(self.refresh)
        view_row.addWidget(self.archived_box)
        view_row.addStretch(1)
        view_row.addWidget(self.export_button)
        outer.addLayout(view_row)

        self.undo_bar = UndoBar(ctx.undo, self._changed, self._tell)
        self.undo_label = self.undo_bar.label
        self.undo_button = self.undo_bar.button
        outer.addWidget(self.undo_bar)

        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.empty = EmptyState(
            _("No cards yet"),
            _("Add your SIM, eSIM or transport card to see when it expires "
              "and get reminded in time."),
            [(_("Add a card"), self.open_add_dialog)],
        )
        self.stack.addWidget(self.empty)

        split = QSplitter(Qt.Orientation.Vertical)
        top = QSplitter(Qt.Orientation.Horizontal)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Cards by urgency"))
        self.list.setIconSize(self.list.iconSize() * 1.5)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(lambda *_a: self._show_details())
        self.list.itemActivated.connect(lambda _item: self.open_edit_dialog())
        top.addWidget(self.list)
        top.addWidget(self._build_details_panel())
        top.setSizes([460, 360])
        split.addWidget(top)
        split.addWidget(self._build_timeline())
        # The details above get the height the window gains or loses: at 960×540
        # (a 1920×1080 screen at 200%) an even share hid the expiry and balance.
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([480, 120])
        self.stack.addWidget(split)
        self.refresh()

    def _button(self, text: str, shortcut: str, slot: Callable[[], None]) -> QPushButton:
        """A button plus a page-wide action, so Help → Keyboard Shortcuts lists it."""
        button = QPushButton(text)
        button.clicked.connect(slot)
        seq = QKeySequence(shortcut)
        action = QAction(text.replace("…", ""), self)
        action.setShortcut(seq)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        button.setToolTip(seq.toString(QKeySequence.SequenceFormat.NativeText))
        button.setAccessibleName(without_mnemonic(text).rstrip("…"))
        return button

    # ----- showing ------------------------------------------------------------
    def refresh(self) -> None:
        """Rebuild list, details and timeline for ``ctx.now()`` (called every minute)."""
        now = self.ctx.now()
        selected = self.selected_id()
        showing_archived = self.archived_box.isChecked()
        cards = cards_service.list_cards(self.ctx, archived=showing_archived)
        self.list.clear()
        for card in cards:
            state, text = summary(card, now)
            item = QListWidgetItem(state_icon(state), text)
            item.setData(_ID, card.id)
            item.setForeground(QBrush(QColor(STATE_COLOURS[state])))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, spoken(text))
            self.list.addItem(item)
            if card.id == selected:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        has_any = bool(cards) or showing_archived
        self.stack.setCurrentIndex(1 if has_any else 0)
        archive_text = _("Rest&ore") if showing_archived else _("Ar&chive")
        self.archive_button.setText(archive_text)
        # The name a screen reader says changes with the text: it said "Archive"
        # on the button that restores.
        self.archive_button.setAccessibleName(without_mnemonic(archive_text))
        active = cards if not showing_archived else cards_service.list_cards(self.ctx)
        self.timeline.clear()
        for entry in timeline(active, cards_service.active_timers(self.ctx), now):
            item = QListWidgetItem(
                _("{date} — {what} ({when})").format(
                    date=when_text(entry.when.astimezone()),
                    what=entry.text, when=format_countdown(entry.when, now),
                )
            )
            item.setData(_ID, entry.card_id)
            self.timeline.addItem(item)
        if not self.timeline.count():
            self.timeline.addItem(_("Nothing expires in the next 90 days."))
        self._show_details()

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(_ID))

    def selected_card(self) -> Card | None:
        card_id = self.selected_id()
        return None if card_id is None else cards_service.get_card(self.ctx, card_id)

    def select_card(self, card_id: int) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(_ID) == card_id:
                self.list.setCurrentRow(row)

    def _timeline_activated(self, item: QListWidgetItem) -> None:
        card_id = item.data(_ID)
        if card_id is not None:
            self.select_card(int(card_id))
            self.list.setFocus()

    # ----- editing --------------------------------------------------------------
    def start_first_card(self) -> None:
        """Used by the welcome dialog's "Add my first card"."""
        self.open_add_dialog()

    def open_add_dialog(self) -> None:
        self._open_card_dialog(None)

    def open_edit_dialog(self) -> None:
        card = self.selected_card()
        if card is not None:
            self._open_card_dialog(card)

    def _open_card_dialog(self, card: Card | None) -> None:
        from companion.ui.cards.card_dialog import CardDialog

        settings = self.ctx.settings.load()
        dialog = CardDialog(self, card, settings.default_currency,
                            tuple(settings.reminder_lead_days), self.ctx.now())
        dialog.accepted.connect(lambda: self._card_saved(dialog))
        self.dialog = dialog
        dialog.open()

    def _card_saved(self, dialog: QWidget) -> None:
        card = getattr(dialog, "result_card", None)
        if card is None:
            return
        try:
            card_id = cards_service.save_card(self.ctx, card)
        except cards_service.CardError as exc:
            literal_text.warn(self, _("Card not saved"), exc.message)
            return
        self._changed()
        self.select_card(card_id)
        from companion.ui.reminders import closed_reminders

        if closed_reminders.should_offer(self.ctx, card):
            self.dialog = closed_reminders.offer(self.ctx, self)

    def open_renew_dialog(self) -> None:
        from companion.ui.cards.renew_dialog import RenewDialog

        card = self.selected_card()
        if card is None:
            return
        dialog = RenewDialog(self, self.ctx, card, computer_zone(),
                             self.ctx.settings.load().default_currency)
        dialog.accepted.connect(lambda: self._renewed(dialog))
        self.dialog = dialog
        dialog.open()

    def _renewed(self, dialog: QWidget) -> None:
        period = getattr(dialog, "period", None)
        card = getattr(dialog, "card", None)
        if period is None or card is None or card.id is None:
            return
        cards_service.renew_card(self.ctx, card.id, period, getattr(dialog, "receipt", None),
                                 zone=computer_zone(),
                                 receipt_files=getattr(dialog, "receipt_files", []))
        self._changed()
        self.select_card(card.id)

    def _offer_undo(self, entry: UndoEntry) -> None:
        self.ctx.undo.push(entry)
        self._changed()

    def undo(self) -> None:
        self.undo_bar.undo()

    def _changed(self) -> None:
        """After every change: list, details, undo bar and the reminder banner."""
        self.undo_bar.show_latest()
        self.refresh()
        self.cards_changed.emit()
