"""Renew a card: pick the period bought, see the new expiry, optionally log a receipt.

The receipt group here is deliberately simple (amount, method, reference);
the receipts feature's full form replaces it at merge time. Saving goes
through ``services.cards.renew_card`` so renewal and receipt are one
transaction.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from companion.domain.card import Card
from companion.domain.expiry import Period
from companion.domain.money import Money
from companion.domain.receipt import PAYMENT_METHODS, Receipt
from companion.i18n import N_, _
from companion.i18n.formatting import format_amount
from companion.i18n.money_input import MoneyInputError, parse_money
from companion.services.cards import preview_renewal
from companion.ui.card_text import when_text

METHOD_NAMES: dict[str, str] = {
    "ru_bank_card_online": N_("Russian bank card online"),
    "sbp": N_("SBP (Faster Payments)"),
    "operator_app": N_("Operator's app"),
    "bank_app": N_("Bank app"),
    "cash_operator_shop": N_("Cash at an operator's shop"),
    "payment_terminal": N_("Payment terminal"),
    "voucher": N_("Voucher"),
    "travel_esim_store": N_("Travel eSIM store"),
    "paypal": N_("PayPal"),
    "alipay": N_("Alipay"),
    "wechat_pay": N_("WeChat Pay"),
    "other": N_("Other"),
}


def period_text(period: Period) -> str:
    if period.unit == "days":
        return _("{n} days").format(n=period.count) if period.count != 1 else _("1 day")
    return _("{n} months").format(n=period.count) if period.count != 1 else _("1 month")


class RenewDialog(QDialog):
    def __init__(
        self, parent: QWidget | None, card: Card, now: dt.datetime, zone: str,
        default_currency: str,
    ) -> None:
        super().__init__(parent)
        self.card = card
        self._now = now
        self._zone = zone
        self.period: Period | None = None
        self.receipt: Receipt | None = None
        self.setWindowTitle(_("Renew “{card}”").format(card=card.label))
        layout = QVBoxLayout(self)
        current = QLabel(
            _("Current expiry: {date} ({zone})").format(
                date=when_text(card.expiry.aware), zone=card.expiry.zone
            )
            if card.expiry else _("No expiry set yet.")
        )
        current.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(current)

        group = QGroupBox(_("Period bought"))
        glay = QVBoxLayout(group)
        self.choice = QButtonGroup(self)
        plan_period = card.renewal.default_period()
        self.plan_radio = QRadioButton(
            _("As the plan: {period}").format(period=period_text(plan_period))
            if plan_period else _("As the plan")
        )
        self.plan_radio.setEnabled(plan_period is not None)
        self.days_radio = QRadioButton(_("&Days:"))
        self.months_radio = QRadioButton(_("&Months:"))
        self.days_spin = QSpinBox()
        self.days_spin.setRange(1, 3660)
        self.days_spin.setValue(30)
        self.days_spin.setAccessibleName(_("Number of days"))
        self.months_spin = QSpinBox()
        self.months_spin.setRange(1, 120)
        self.months_spin.setValue(1)
        self.months_spin.setAccessibleName(_("Number of months"))
        for i, radio in enumerate((self.plan_radio, self.days_radio, self.months_radio)):
            self.choice.addButton(radio, i)
        glay.addWidget(self.plan_radio)
        pairs = ((self.days_radio, self.days_spin), (self.months_radio, self.months_spin))
        for radio, spin in pairs:
            row = QHBoxLayout()
            row.addWidget(radio)
            row.addWidget(spin)
            row.addStretch(1)
            glay.addLayout(row)
            spin.valueChanged.connect(lambda _v, r=radio: self._spin_changed(r))
        (self.plan_radio if plan_period else self.days_radio).setChecked(True)
        self.choice.idToggled.connect(lambda _i, _on: self._update())
        layout.addWidget(group)

        self.preview = QLabel()
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        font = self.preview.font()
        font.setBold(True)
        self.preview.setFont(font)
        layout.addWidget(self.preview)
        rule = QLabel(_("The period counts from the current expiry, or from now if it has passed."))
        rule.setTextFormat(Qt.TextFormat.PlainText)
        rule.setWordWrap(True)
        layout.addWidget(rule)

        self.currency = (card.plan_price or Money(0, default_currency)).currency
        self.receipt_group = QGroupBox(_("&Log a receipt"))
        self.receipt_group.setCheckable(True)
        self.receipt_group.setChecked(False)
        rform = QFormLayout(self.receipt_group)
        self.amount_edit = QLineEdit(format_amount(card.plan_price) if card.plan_price else "")
        self.amount_edit.setAccessibleName(_("Amount paid"))
        rform.addRow(_("Amount ({currency}):").format(currency=self.currency), self.amount_edit)
        self.method_box = QComboBox()
        self.method_box.setAccessibleName(_("Payment method"))
        for key in PAYMENT_METHODS:
            self.method_box.addItem(_(METHOD_NAMES.get(key, key)), key)
        rform.addRow(_("Paid &with:"), self.method_box)
        self.reference_edit = QLineEdit()
        self.reference_edit.setAccessibleName(_("Payment reference"))
        rform.addRow(_("&Reference:"), self.reference_edit)
        self.receipt_error = QLabel()
        self.receipt_error.setTextFormat(Qt.TextFormat.PlainText)
        self.receipt_error.setStyleSheet("color: #b3261e;")
        self.receipt_error.hide()
        rform.addRow(self.receipt_error)
        layout.addWidget(self.receipt_group)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.renew_button = buttons.addButton(_("&Renew"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._update()

    def _spin_changed(self, radio: QRadioButton) -> None:
        radio.setChecked(True)
        self._update()

    def chosen_period(self) -> Period:
        if self.plan_radio.isChecked():
            period = self.card.renewal.default_period()
            if period is not None:
                return period
        if self.months_radio.isChecked():
            return Period("months", self.months_spin.value())
        return Period("days", self.days_spin.value())

    def _update(self) -> None:
        new = preview_renewal(self.card, self.chosen_period(), self._now, self._zone)
        self.preview.setText(
            _("New expiry: {date} ({zone})").format(date=when_text(new), zone=str(new.tzinfo))
        )

    def try_accept(self) -> None:
        period = self.chosen_period()
        receipt = None
        if self.receipt_group.isChecked():
            try:
                amount = parse_money(self.amount_edit.text(), self.currency)
            except MoneyInputError as exc:
                self.receipt_error.setText(str(exc))
                self.receipt_error.show()
                self.amount_edit.setFocus()
                return
            receipt = Receipt(
                paid_at=self._now,
                paid_zone=self._zone,
                amount=amount,
                method=str(self.method_box.currentData()),
                plan_name=self.card.plan_name,
                period_days=period.count if period.unit == "days" else None,
                period_months=period.count if period.unit == "months" else None,
                reference=self.reference_edit.text().strip(),
            )
        self.period = period
        self.receipt = receipt
        self.accept()
