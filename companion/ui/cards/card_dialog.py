"""The card editor: every field of a card, checked at the field before saving.

Why the expiry has its own zone picker: the operator's message states the
time in its zone ("until 23:59 Moscow time"); the user copies it as printed
and the app keeps it exactly so, whatever zone the computer is in. Esc on
a card with something typed asks before throwing it away.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSize
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from companion.domain.card import Card, NumberError, normalize_number
from companion.domain.expiry import Expiry, RenewalRule, wall_time_exists
from companion.domain.money import Money
from companion.domain.zone_names import has_reversed_sign, is_known_zone
from companion.i18n import _
from companion.i18n.date_input import DateInputError
from companion.i18n.money_input import MoneyInputError, parse_money
from companion.services.cards import CardError, validate
from companion.ui.cards.card_dialog_fields import CardDialogFields
from companion.ui.cards.card_labels import computer_zone
from companion.ui.cards.card_text import when_text
from companion.ui.widgets.discard_question import DiscardQuestion, editable_state
from companion.ui.widgets.field_problems import (
    TimeInputError,
    ZoneInputError,
    number_problem,
    reversed_zone_problem,
    skipped_time_problem,
    zone_problem,
)
from companion.ui.widgets.screen_fit import FormScroll
from companion.ui.widgets.screen_reader import label_named_boxes
from companion.ui.widgets.window_fit import fit_to_screen

#: An expiry further ahead than this is asked about before saving (a typo
#: in the year is likelier than a plan that long).
FAR_AHEAD = dt.timedelta(days=731)


class CardDialog(CardDialogFields):
    def __init__(
        self, parent: QWidget | None, card: Card | None, default_currency: str,
        default_leads: tuple[int, ...], now: dt.datetime,
    ) -> None:
        super().__init__(parent)
        self.card = card or Card(label="")
        self.result_card: Card | None = None
        self._now = now
        self.setWindowTitle(_("Edit card") if card else _("Add a card"))
        outer = QVBoxLayout(self)
        body = QWidget()
        layout = QVBoxLayout(body)
        self.errors: dict[str, QLabel] = {}
        self._error_widgets: dict[str, QWidget] = {}
        self.build_fields(layout, card is None, default_currency, default_leads, now)
        for signal in (self.date_edit.changed, self.time_edit.textChanged,
                       self.zone_box.currentTextChanged):
            signal.connect(self._update_your_time)
        # The form scrolls; Save and Cancel below it stay on screen.
        outer.addWidget(FormScroll(body))

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.renewal_box.currentIndexChanged.connect(self._renewal_changed)
        self._renewal_changed()
        self._kind_changed()
        self._operator_changed()
        label_named_boxes(self)
        self._update_your_time()
        self._watch_fields()
        self.label_edit.setFocus()
        # Esc, Cancel or the close button with something typed asks first.
        self.discard = DiscardQuestion(
            self, lambda: editable_state(body), lambda: _("Discard the changes to this card?")
        )
        fit_to_screen(self, self.sizeHint().expandedTo(QSize(680, 0)))

    @property
    def question(self) -> QMessageBox | None:
        """The "discard?" question while it is open."""
        return self.discard.box

    def showEvent(self, event: QShowEvent) -> None:
        self.discard.remember()  # the card as opened is the untouched one
        super().showEvent(event)

    def reject(self) -> None:
        if self.discard.allows_close():
            super().reject()

    # ----- reading the fields ---------------------------------------------------
    def _expiry(self) -> Expiry:
        """The expiry typed; ValueError with a translated sentence if it is not one."""
        zone = self.zone_box.currentText().strip()
        if not is_known_zone(zone):
            raise ZoneInputError(zone_problem(zone))
        if has_reversed_sign(zone):
            raise ZoneInputError(reversed_zone_problem(zone))
        day = self.date_edit.date()
        assert day is not None  # the field is not optional
        try:
            at = self.time_edit.time_value()
        except DateInputError as exc:
            raise TimeInputError(str(exc)) from None
        local = dt.datetime.combine(day, at)
        if not wall_time_exists(local, zone):
            raise TimeInputError(skipped_time_problem(local, zone))
        return Expiry(local, zone)

    def _update_your_time(self) -> None:
        try:
            expiry = self._expiry()
        except ValueError:
            expiry = None
        here = computer_zone()
        self.your_time.setText(
            _("On this computer ({zone}): {time}").format(
                zone=here, time=when_text(expiry.shown_in(here))
            )
            if expiry is not None and expiry.zone != here else ""
        )
        self.your_time.setVisible(bool(self.your_time.text()))

    def _set_error(self, key: str, message: str, widget: QWidget) -> None:
        label = self.errors[key]
        label.setText(message)
        label.show()
        widget.setAccessibleDescription(message)
        self._error_widgets[key] = widget

    # ----- saving ---------------------------------------------------------------
    def _watch_fields(self) -> None:
        """Re-check on every edit, so an error goes away once its field is right."""
        for signal in (
            self.label_edit.textChanged, self.number_edit.textChanged,
            self.price_edit.textChanged, self.currency_box.currentTextChanged,
            self.balance_edit.textChanged, self.low_edit.textChanged,
            self.date_edit.changed, self.time_edit.textChanged,
            self.zone_box.currentTextChanged, self.renewal_box.currentIndexChanged,
            self.kind_box.currentIndexChanged, self.leads_own.toggled,
            self.esim_group.install_date.changed,
            *(box.toggled for box in self.lead_boxes.values()),
        ):
            signal.connect(self._recheck)

    def _recheck(self) -> None:
        """Hide the errors of fields that are now right; never show a new one
        while the user is still typing (that waits for Save)."""
        shown = [key for key, label in self.errors.items() if not label.isHidden()]
        if not shown:
            return
        _card, problems = self._problems()
        still: dict[str, str] = {}
        for key, message, _widget in problems:
            still.setdefault(key, message)
        for key in shown:
            if key in still:
                self.errors[key].setText(still[key])
            else:
                self.errors[key].hide()
                self.errors[key].clear()
                widget = self._error_widgets.pop(key, None)
                if widget is not None:
                    widget.setAccessibleDescription("")

    def try_accept(self) -> None:
        """Build the card; show every problem at its field and keep the dialog open."""
        for label in self.errors.values():
            label.hide()
        card, problems = self._problems()
        if problems:
            # Focus goes to the first wrong field as the form reads, top to
            # bottom; self.errors was filled in that order.
            order = list(self.errors)
            problems.sort(key=lambda problem: order.index(problem[0]))
            # The balance and its threshold share one line: the first
            # problem of a line is told (as _recheck tells it), not the last.
            told: set[str] = set()
            for key, message, widget in problems:
                if key not in told:
                    told.add(key)
                    self._set_error(key, message, widget)
            problems[0][2].setFocus()
            return
        if not self._expiry_confirmed(card.expiry):
            self.date_edit.setFocus()
            return
        self.result_card = card
        self.accept()

    def _problems(self) -> tuple[Card, list[tuple[str, str, QWidget]]]:
        """The card the fields describe and what is wrong with them (field key,
        translated sentence, widget to focus); nothing is shown here."""
        problems: list[tuple[str, str, QWidget]] = []
        kind = str(self.kind_box.currentData())
        try:
            number = normalize_number(self.number_edit.text(), kind)
        except NumberError as exc:
            number = ""
            problems.append(("number", number_problem(exc), self.number_edit))
        currency = self.currency_box.currentText().strip().upper()
        own_leads = tuple(d for d, box in self.lead_boxes.items() if box.isChecked())
        if self.leads_own.isChecked() and not own_leads:
            # An empty list of the card's own could not be told from "use Settings".
            problems.append(("leads", _(
                "Tick at least one day before the expiry, or choose “Use Settings”."
            ), self.leads_own))

        def money(edit: QLineEdit, key: str) -> Money | None:
            if not edit.text().strip():
                return None
            try:
                return parse_money(edit.text(), currency)
            except (MoneyInputError, ValueError) as exc:
                problems.append((key, str(exc) or _("Unknown currency."), edit))
                return None

        price = money(self.price_edit, "price")
        balance = money(self.balance_edit, "balance")
        low = money(self.low_edit, "balance")
        renewal_kind = str(self.renewal_box.currentData())
        value = self.renewal_value.value() if renewal_kind in ("days", "monthly") else None
        expiry = None
        if renewal_kind != "none":
            try:
                expiry = self._expiry()
            except ZoneInputError as exc:
                problems.append(("expiry", str(exc), self.zone_box))
            except TimeInputError as exc:
                problems.append(("expiry", str(exc), self.time_edit))
            except DateInputError as exc:
                problems.append(("expiry", str(exc), self.date_edit))
        install_by = None
        if kind in ("esim", "travel_esim"):
            try:
                install_by = self.esim_group.install_by()
            except DateInputError as exc:
                problems.append(("install_by", str(exc), self.esim_group.install_date))
        card = Card(
            id=self.card.id,
            label=self.label_edit.text().strip(),
            kind=kind,
            operator_id=self._operator_id(),
            operator_name=self.operator_box.currentText().strip(),
            number=number,
            plan_name=self.plan_edit.text().strip(),
            plan_price=price,
            renewal=RenewalRule(renewal_kind, value),
            expiry=expiry,
            auto_renew=self.auto_box.isChecked(),
            balance=balance,
            low_balance=low,
            notes=self.notes_edit.toPlainText(),
            esim_install_by=install_by,
            esim_validity_start=self.esim_group.validity_box.currentData(),
            esim_activation_code=self.esim_group.code_edit.text().strip(),
            archived=self.card.archived,
            lead_days=own_leads if self.leads_own.isChecked() else None,
        )
        try:
            validate(card)
        except CardError as exc:
            key = exc.field if exc.field in self.errors else "label"
            # "Enter the current balance" is only true of an empty field: a
            # balance typed and refused above already says what is wrong.
            if not any(problem[0] == key for problem in problems):
                widget: QWidget = self.label_edit if exc.field == "label" else self.balance_edit
                problems.insert(0, (key, exc.message, widget))
        return card, problems

    def _expiry_confirmed(self, expiry: Expiry | None) -> bool:
        """Ask before saving an expiry already past or far ahead; unchanged ones pass."""
        if expiry is None or expiry == self.card.expiry:
            return True
        if expiry.instant <= self._now:
            return self.confirm(
                _("Expiry in the past"),
                _("Save an expiry that is already past ({date})?").format(
                    date=when_text(expiry.aware)
                ),
            )
        if expiry.instant > self._now + FAR_AHEAD:
            return self.confirm(
                _("Expiry far ahead"),
                _("Save an expiry more than two years ahead ({date})?").format(
                    date=when_text(expiry.aware)
                ),
            )
        return True

    def confirm(self, title: str, text: str) -> bool:
        """Yes/No with No as the default: Enter must not save a doubtful date."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes
