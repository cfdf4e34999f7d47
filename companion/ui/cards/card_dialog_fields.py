"""The card editor's fields: each group built by a small named method.

Why apart from card_dialog.py: that module says what a valid card is and
saves it; this one says where each field sits and how the fields follow
one another (the kind shows the eSIM group, the renewal kind the expiry
row). The form scrolls inside the dialog and its buttons stay below it, so
the editor fits a laptop or a 200% screen (see ui/widgets/screen_fit.py).
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
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from companion.domain.card import CARD_KINDS, Card, NumberError, normalize_number
from companion.domain.card import format_number as format_card_number
from companion.domain.expiry import RENEWAL_KINDS
from companion.domain.money import Money
from companion.guide.operators import bundled_operators
from companion.i18n import _, current_language
from companion.i18n.formatting import format_amount
from companion.services.zones import all_zones
from companion.ui.cards.card_labels import (
    KIND_NAMES,
    RENEWAL_NAMES,
    computer_zone,
    lead_text,
    leads_summary,
)
from companion.ui.cards.esim_fields import EsimFields
from companion.ui.settings.settings_page import COMMON_CURRENCIES, LEAD_CHOICES
from companion.ui.widgets.date_field import DateField, TimeField
from companion.ui.widgets.field_error import error_label


class CardDialogFields(QDialog):
    """The editor's widgets; ``build_fields`` lays them out in ``layout``."""

    card: Card
    errors: dict[str, QLabel]

    def build_fields(
        self, layout: QVBoxLayout, is_new: bool, default_currency: str,
        default_leads: tuple[int, ...], now: dt.datetime,
    ) -> None:
        form = QFormLayout()
        # A long Russian label puts its field on the next line instead of
        # making the dialog wider than a small screen.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        layout.addLayout(form)
        self._build_name_rows(form)
        self._build_plan_rows(form, default_currency)
        validity = QGroupBox(_("Validity"))
        rform = QFormLayout(validity)
        rform.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        layout.addWidget(validity)
        self._build_renewal_row(rform, is_new)
        self._build_expiry_row(rform)
        self._build_balance_row(rform)
        self._build_leads_row(rform, default_leads)
        self.esim_group = EsimFields(self.card, now)
        layout.addWidget(self.esim_group)
        self.errors["install_by"] = self.esim_group.install_error
        self._build_notes_row(layout)

    # ----- the groups of rows, top to bottom ----------------------------------------
    def _build_name_rows(self, form: QFormLayout) -> None:
        """Name, kind, operator (with its balance code) and number."""
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

    def _build_plan_rows(self, form: QFormLayout, default_currency: str) -> None:
        """The plan's name and its price in a currency."""
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

    def _build_renewal_row(self, rform: QFormLayout, is_new: bool) -> None:
        """How the plan renews, and the note shown when it never expires."""
        self.renewal_box = QComboBox()
        self.renewal_box.setAccessibleName(_("How the plan renews"))
        for kind in RENEWAL_KINDS:
            self.renewal_box.addItem(_(RENEWAL_NAMES[kind]), kind)
        shown_kind = self.card.renewal.kind
        if shown_kind == "none" and (self.card.expiry is not None or is_new):
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

    def _build_expiry_row(self, rform: QFormLayout) -> None:
        """Date, time and zone as the operator printed them, then automatic renewal."""
        # A new card starts with an empty date: the user types what the
        # operator printed, or chooses "No expiry" on purpose.
        shown_date = self.card.expiry.local.date() if self.card.expiry else None
        shown_time = self.card.expiry.local.time() if self.card.expiry else dt.time(23, 59)
        self.date_edit = DateField(shown_date, _("Expiry date"))
        self.time_edit = TimeField(shown_time, _("Expiry time"))
        self.zone_box = QComboBox()
        self.zone_box.setEditable(True)
        self.zone_box.setAccessibleName(_("Time zone of the expiry"))
        # As wide as a usual zone's name, not the longest of all: the list
        # opens as wide as it needs, the dialog stays narrow enough.
        self.zone_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.zone_box.setMinimumContentsLength(len("Asia/Yekaterinburg"))
        zones = all_zones()
        self.zone_box.addItems(zones)
        self.zone_box.setCurrentText(self.card.expiry.zone if self.card.expiry else computer_zone())
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
        self.your_time.setWordWrap(True)
        ecol.addWidget(self.your_time)
        self.expiry_label = QLabel(_("&Expires:"))
        self.expiry_label.setBuddy(self.date_edit)
        rform.addRow(self.expiry_label, self._with_error(self.expiry_row, "expiry"))
        self.auto_box = QCheckBox(_("Renews &automatically (paid from the balance)"))
        self.auto_box.setChecked(self.card.auto_renew)
        rform.addRow(self.auto_box)

    def _build_balance_row(self, rform: QFormLayout) -> None:
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

    def _build_leads_row(self, rform: QFormLayout, default_leads: tuple[int, ...]) -> None:
        """Lead times: Settings' list by default (and it follows later changes
        of Settings); a list of the card's own only when chosen here."""
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

    def _build_notes_row(self, layout: QVBoxLayout) -> None:
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlainText(self.card.notes)
        self.notes_edit.setAccessibleName(_("Notes"))
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(70)
        nform = QFormLayout()
        nform.addRow(_("No&tes:"), self.notes_edit)
        layout.addLayout(nform)

    # ----- how the fields follow one another ----------------------------------------
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
