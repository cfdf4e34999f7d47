"""The card editor: every field of a card, checked at the field before saving.

Why the expiry has its own zone picker: the operator's message states the
time in its zone ("until 23:59 Moscow time"); the user copies it as printed
and the app keeps it exactly so, whatever zone the computer is in.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from companion.domain.card import CARD_KINDS, Card, NumberError, normalize_number
from companion.domain.card import format_number as format_card_number
from companion.domain.expiry import RENEWAL_KINDS, Expiry, RenewalRule, wall_time_exists
from companion.domain.money import Money
from companion.domain.zone_names import has_reversed_sign, is_known_zone
from companion.guide.operators import bundled_operators
from companion.i18n import _, current_language
from companion.i18n.date_input import DateInputError
from companion.i18n.formatting import format_amount
from companion.i18n.money_input import MoneyInputError, parse_money
from companion.services.cards import CardError, validate
from companion.services.zones import all_zones
from companion.ui.cards.card_labels import (
    KIND_NAMES,
    RENEWAL_NAMES,
    computer_zone,
    lead_text,
    leads_summary,
)
from companion.ui.cards.card_text import when_text
from companion.ui.cards.esim_fields import EsimFields
from companion.ui.settings.settings_page import COMMON_CURRENCIES, LEAD_CHOICES
from companion.ui.widgets.date_field import DateField, TimeField
from companion.ui.widgets.field_error import error_label
from companion.ui.widgets.field_problems import (
    TimeInputError,
    ZoneInputError,
    number_problem,
    reversed_zone_problem,
    skipped_time_problem,
    zone_problem,
)
from companion.ui.widgets.screen_reader import label_named_boxes

#: An expiry further ahead than this is asked about before saving (a typo
#: in the year is likelier than a plan that long).
FAR_AHEAD = dt.timedelta(days=731)


class CardDialog(QDialog):
    def __init__(
        self, parent: QWidget | None, card: Card | None, default_currency: str,
        default_leads: tuple[int, ...], now: dt.datetime,
    ) -> None:
        super().__init__(parent)
        self.card = card or Card(label="")
        self.result_card: Card | None = None
        self._now = now
        self.setWindowTitle(_("Edit card") if card else _("Add a card"))
        self.setMinimumWidth(640)
        self.resize(680, 720)
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        scroll.setWidget(body)
        outer.addWidget(scroll)
        layout = QVBoxLayout(body)
        self.errors: dict[str, QLabel] = {}
        self._error_widgets: dict[str, QWidget] = {}

        form = QFormLayout()
        layout.addLayout(form)
        self.label_edit = QLineEdit(self.card.label)
        self.label_edit.setAccessibleName(_("Card name"))
        self.label_edit.setPlaceholderText(_("For example “MTS SIM” or “Troika”"))
        form.addRow(_("&Name:"), self._with_error(self.label_edit, "label"))

        self.kind_box = QComboBox()
        self.kind_box.setAccessibleName(_("Kind"))
        for kind in CARD_KINDS:
            self.kind_box.addItem(_(KIND_NAMES[kind]), kind)
        self.kind_box.setCurrentIndex(CARD_KINDS.index(self.card.kind))
        self.kind_box.currentIndexChanged.connect(self._kind_changed)
        form.addRow(_("&Kind:"), self.kind_box)

        self.operator_box = QComboBox()
        self.operator_box.setEditable(True)
        self.operator_box.setAccessibleName(_("Operator"))
        self.operator_box.addItem("", None)
        lang = current_language()
        for op in bundled_operators().values():
            self.operator_box.addItem(op.display_name(lang), op.id)
        if self.card.operator_id:
            index = self.operator_box.findData(self.card.operator_id)
            self.operator_box.setCurrentIndex(max(index, 0))
        else:
            self.operator_box.setEditText(self.card.operator_name)
        self.operator_hint = QLabel()
        self.operator_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.operator_box.currentTextChanged.connect(self._operator_changed)
        op_holder = QWidget()
        op_col = QVBoxLayout(op_holder)
        op_col.setContentsMargins(0, 0, 0, 0)
        op_col.addWidget(self.operator_box)
        op_col.addWidget(self.operator_hint)
        form.addRow(_("&Operator:"), op_holder)

        self.number_edit = QLineEdit(
            format_card_number(self.card.number) if self.card.number else ""
        )
        self.number_edit.setAccessibleName(_("Phone or card number"))
        self.number_edit.setPlaceholderText("+7 912 345-67-89")
        self.number_edit.editingFinished.connect(self._reformat_number)
        form.addRow(_("N&umber:"), self._with_error(self.number_edit, "number"))

        self.plan_edit = QLineEdit(self.card.plan_name)
        self.plan_edit.setAccessibleName(_("Plan name"))
        form.addRow(_("&Plan:"), self.plan_edit)

        self.currency_box = QComboBox()
        self.currency_box.setEditable(True)
        self.currency_box.setAccessibleName(_("Currency"))
        currency = (
            (self.card.plan_price or self.card.balance or Money(0, default_currency)).currency
        )
        codes = list(dict.fromkeys([currency, *COMMON_CURRENCIES]))
        self.currency_box.addItems(codes)
        self.price_edit = QLineEdit(
            format_amount(self.card.plan_price) if self.card.plan_price else ""
        )
        self.price_edit.setAccessibleName(_("Plan price"))
        price_row = QHBoxLayout()
        price_row.addWidget(self.price_edit, 1)
        price_row.addWidget(self.currency_box)
        form.addRow(_("Pri&ce:"), self._with_error(price_row, "price"))

        # ----- renewal and expiry -------------------------------------------
        renew_group = QGroupBox(_("Validity"))
        rform = QFormLayout(renew_group)
        layout.addWidget(renew_group)
        self.renewal_box = QComboBox()
        self.renewal_box.setAccessibleName(_("How the plan renews"))
        for kind in RENEWAL_KINDS:
            self.renewal_box.addItem(_(RENEWAL_NAMES[kind]), kind)
        shown_kind = self.card.renewal.kind
        if shown_kind == "none" and (self.card.expiry is not None or card is None):
            # An end date without a schedule; and a new card is asked for its
            # end rather than quietly getting "No expiry" (and no reminders).
            shown_kind = "fixed"
        self.renewal_box.setCurrentIndex(RENEWAL_KINDS.index(shown_kind))
        self.renewal_value = QSpinBox()
        self.renewal_value.setRange(1, 3660)
        self.renewal_value.setValue(self.card.renewal.value or 30)
        self.renewal_value.setAccessibleName(_("Days or day of month"))
        self.renewal_value_label = QLabel()
        rholder = QWidget()
        rrow = QHBoxLayout(rholder)
        rrow.setContentsMargins(0, 0, 0, 0)
        rrow.addWidget(self.renewal_box, 1)
        rrow.addWidget(self.renewal_value_label)
        rrow.addWidget(self.renewal_value)
        rform.addRow(_("&Renews:"), rholder)
        self.no_expiry_note = QLabel(_(
            "No expiry: this card will never remind you of an expiry. "
            "Choose how it renews to be reminded."
        ))
        self.no_expiry_note.setTextFormat(Qt.TextFormat.PlainText)
        self.no_expiry_note.setWordWrap(True)
        rform.addRow(self.no_expiry_note)

        local_zone = computer_zone()
        # A new card starts with an empty date: the user types what the
        # operator printed, or chooses "No expiry" on purpose.
        shown_date = self.card.expiry.local.date() if self.card.expiry else None
        shown_time = self.card.expiry.local.time() if self.card.expiry else dt.time(23, 59)
        self.date_edit = DateField(shown_date, _("Expiry date"))
        self.time_edit = TimeField(shown_time, _("Expiry time"))
        self.zone_box = QComboBox()
        self.zone_box.setEditable(True)
        self.zone_box.setAccessibleName(_("Time zone of the expiry"))
        zones = all_zones()
        self.zone_box.addItems(zones)
        self.zone_box.setCurrentText(self.card.expiry.zone if self.card.expiry else local_zone)
        completer = QCompleter(zones, self.zone_box)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.zone_box.setCompleter(completer)
        erow = QHBoxLayout()
        erow.addWidget(self.date_edit)
        erow.addWidget(self.time_edit)
        erow.addWidget(self.zone_box, 1)
        self.expiry_row = QWidget()
        ecol = QVBoxLayout(self.expiry_row)
        ecol.setContentsMargins(0, 0, 0, 0)
        ecol.addLayout(erow)
        self.your_time = QLabel()
        self.your_time.setTextFormat(Qt.TextFormat.PlainText)
        ecol.addWidget(self.your_time)
        self.expiry_label = QLabel(_("&Expires:"))
        self.expiry_label.setBuddy(self.date_edit)
        rform.addRow(self.expiry_label, self._with_error(self.expiry_row, "expiry"))
        for signal in (self.date_edit.changed, self.time_edit.textChanged,
                       self.zone_box.currentTextChanged):
            signal.connect(self._update_your_time)
        self.auto_box = QCheckBox(_("Renews &automatically (paid from the balance)"))
        self.auto_box.setChecked(self.card.auto_renew)
        rform.addRow(self.auto_box)

        self.balance_edit = QLineEdit(format_amount(self.card.balance) if self.card.balance else "")
        self.balance_edit.setAccessibleName(_("Current balance"))
        self.low_edit = QLineEdit(
            format_amount(self.card.low_balance) if self.card.low_balance else ""
        )
        self.low_edit.setAccessibleName(_("Warn below"))
        brow = QHBoxLayout()
        brow.addWidget(self.balance_edit)
        brow.addWidget(QLabel(_("warn below")))
        brow.addWidget(self.low_edit)
        rform.addRow(_("&Balance:"), self._with_error(brow, "balance"))

        # Lead times: Settings' list by default (and it follows later changes
        # of Settings); a list of the card's own only when chosen here.
        leads_holder = QWidget()
        leads_col = QVBoxLayout(leads_holder)
        leads_col.setContentsMargins(0, 0, 0, 0)
        self.leads_from_settings = QRadioButton(
            _("Use Settings ({leads})").format(leads=leads_summary(default_leads))
        )
        self.leads_own = QRadioButton(_("Choose for this card:"))
        leads_choice = QButtonGroup(self)
        leads_choice.addButton(self.leads_from_settings)
        leads_choice.addButton(self.leads_own)
        leads_col.addWidget(self.leads_from_settings)
        leads_col.addWidget(self.leads_own)
        leads_grid = QGridLayout()
        leads_grid.setContentsMargins(20, 0, 0, 0)
        leads_col.addLayout(leads_grid)
        own = self.card.lead_days is not None
        leads = self.card.lead_days if self.card.lead_days is not None else default_leads
        self.lead_boxes: dict[int, QCheckBox] = {}
        for days in LEAD_CHOICES:
            box = QCheckBox(lead_text(days))
            box.setChecked(days in leads)
            self.lead_boxes[days] = box
            index = len(self.lead_boxes) - 1
            leads_grid.addWidget(box, index // 3, index % 3)
        (self.leads_own if own else self.leads_from_settings).setChecked(True)
        self.leads_own.toggled.connect(self._leads_choice_changed)
        self._leads_choice_changed()
        self.leads_holder = leads_holder
        rform.addRow(_("Remind me:"), self._with_error(leads_holder, "leads"))

        self.esim_group = EsimFields(self.card, now)
        layout.addWidget(self.esim_group)
        self.errors["install_by"] = self.esim_group.install_error

        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlainText(self.card.notes)
        self.notes_edit.setAccessibleName(_("Notes"))
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(70)
        nform = QFormLayout()
        nform.addRow(_("No&tes:"), self.notes_edit)
        layout.addLayout(nform)

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

    # ----- helpers ------------------------------------------------------------
    def _with_error(self, item: QWidget | QHBoxLayout, key: str) -> QWidget:
        holder = QWidget()
        col = QVBoxLayout(holder)
        col.setContentsMargins(0, 0, 0, 0)
        if isinstance(item, QWidget):
            col.addWidget(item)
        else:
            col.addLayout(item)
        error = error_label()
        self.errors[key] = error
        col.addWidget(error)
        return holder

    def _leads_choice_changed(self) -> None:
        for box in self.lead_boxes.values():
            box.setEnabled(self.leads_own.isChecked())

    def _kind_changed(self) -> None:
        self.esim_group.setVisible(self.kind_box.currentData() in ("esim", "travel_esim"))

    def _renewal_changed(self) -> None:
        kind = self.renewal_box.currentData()
        self.renewal_value.setVisible(kind in ("days", "monthly"))
        self.renewal_value_label.setVisible(kind in ("days", "monthly"))
        if kind == "days":
            self.renewal_value_label.setText(_("days:"))
            self.renewal_value.setMaximum(3660)
        elif kind == "monthly":
            self.renewal_value_label.setText(_("day of month:"))
            self.renewal_value.setMaximum(31)
        has_expiry = kind != "none"
        self.expiry_row.setVisible(has_expiry)
        self.expiry_label.setVisible(has_expiry)
        # Said plainly, and the expiry reminders greyed out, so nobody
        # believes ticked boxes will remind them of a card without an expiry.
        self.no_expiry_note.setVisible(not has_expiry)
        if hasattr(self, "leads_holder"):
            self.leads_holder.setEnabled(has_expiry)

    def _operator_changed(self) -> None:
        op = bundled_operators().get(self._operator_id() or "")
        fact = op.fact("balance") if op else None
        self.operator_hint.setText(
            _("Check the balance with {code}").format(code=fact.value) if fact else ""
        )
        self.operator_hint.setVisible(fact is not None)

    def _operator_id(self) -> str | None:
        index = self.operator_box.findText(self.operator_box.currentText())
        data = self.operator_box.itemData(index) if index >= 0 else None
        return str(data) if data else None

    def _reformat_number(self) -> None:
        try:
            number = normalize_number(self.number_edit.text(), str(self.kind_box.currentData()))
        except NumberError:
            return
        if number:
            self.number_edit.setText(format_card_number(number))

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
            for key, message, widget in problems:
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
            widget: QWidget = self.label_edit if exc.field == "label" else self.balance_edit
            problems.insert(0, (exc.field if exc.field in self.errors else "label",
                                exc.message, widget))
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
