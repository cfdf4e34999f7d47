"""Renew a card: pick the period bought, see the new expiry, optionally log a receipt.

The receipt part is the receipt log's own form (with attachments), so a
receipt logged while renewing is the same as one logged in the Receipts
section. Saving goes through ``services.cards.renew_card``: renewal, receipt
and attachments are one transaction. Esc with a receipt typed asks before
throwing it away, as the receipt dialog does.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from companion.domain.card import Card
from companion.domain.expiry import Period, Renewal
from companion.domain.receipt import Receipt
from companion.i18n import _, ngettext
from companion.i18n.date_input import format_date_input, format_time_input
from companion.i18n.formatting import format_number, zone_label
from companion.services.cards import preview_renewal
from companion.services.context import AppContext
from companion.ui.cards.card_text import when_text
from companion.ui.receipts.receipt_form import ReceiptForm
from companion.ui.widgets.discard_question import DiscardQuestion
from companion.ui.widgets.screen_fit import FormScroll
from companion.ui.widgets.screen_reader import label_named_boxes
from companion.ui.widgets.window_fit import fit_to_screen


def period_text(period: Period) -> str:
    if period.unit == "days":
        return ngettext("{n} day", "{n} days", period.count).format(
            n=format_number(period.count)
        )
    return ngettext("{n} month", "{n} months", period.count).format(
        n=format_number(period.count)
    )


def skipped_text(outcome: Renewal) -> str:
    """Why the new expiry is not the wall time the period reached, or ""."""
    if outcome.skipped is None:
        return ""
    landed = outcome.expiry.local
    new = format_time_input(landed.time())
    if landed.date() != outcome.skipped.date():  # a whole day skipped (Samoa, 2011)
        new = f"{format_date_input(landed.date())} {new}"
    return _(
        "The period ends at {time} on {date}, a time that does not exist in {zone}: "
        "the clocks jump forward that night. The plan ends when they jump, at {new}."
    ).format(
        time=format_time_input(outcome.skipped.time()),
        date=format_date_input(outcome.skipped.date()),
        zone=outcome.expiry.zone,
        new=new,
    )


class RenewDialog(QDialog):
    def __init__(
        self, parent: QWidget | None, ctx: AppContext, card: Card, zone: str,
        default_currency: str,
    ) -> None:
        super().__init__(parent)
        now = ctx.now()
        self.card = card
        self._now = now
        self._zone = zone
        self.period: Period | None = None
        self.receipt: Receipt | None = None
        self.receipt_files: list[Path] = []
        self.setWindowTitle(_("Renew “{card}”").format(card=card.label))
        outer = QVBoxLayout(self)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        # With the receipt form open the dialog is taller than a laptop's
        # screen: everything but the buttons scrolls, the buttons stay.
        outer.addWidget(FormScroll(body))
        current = QLabel(
            _("Current expiry: {date} ({zone})").format(
                date=when_text(card.expiry.aware), zone=zone_label(card.expiry.aware)
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
        self.months_radio = QRadioButton(_("Mont&hs:"))
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
        # Said only when the period ends on a wall time the clocks skip.
        self.skipped_note = QLabel()
        self.skipped_note.setTextFormat(Qt.TextFormat.PlainText)
        self.skipped_note.setWordWrap(True)
        layout.addWidget(self.skipped_note)
        rule = QLabel(_("The period counts from the current expiry, or from now if it has passed."))
        rule.setTextFormat(Qt.TextFormat.PlainText)
        rule.setWordWrap(True)
        layout.addWidget(rule)

        self.receipt_group = QGroupBox(_("Log a rece&ipt"))
        self.receipt_group.setCheckable(True)
        self.receipt_group.setChecked(False)
        group_layout = QVBoxLayout(self.receipt_group)
        self.receipt_form = ReceiptForm(ctx, self.receipt_group)
        self.receipt_form.set_card(card.id)
        self.receipt_form.prefill(amount=card.plan_price or None, plan_name=card.plan_name)
        if card.plan_price is None:
            self.receipt_form.currency.setCurrentText(default_currency)
        group_layout.addWidget(self.receipt_form)
        # The form is long; show it only when the user wants a receipt.
        self.receipt_form.setVisible(False)
        self.receipt_group.toggled.connect(self._receipt_toggled)
        layout.addWidget(self.receipt_group)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.renew_button = buttons.addButton(_("R&enew"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        label_named_boxes(self)
        # Esc with a receipt typed asks first, as the receipt dialog does.
        self.discard = DiscardQuestion(
            self, self.receipt_form.state,
            lambda: _("Discard what you typed and attached in this receipt?"),
            counts=self.receipt_group.isChecked,
        )
        self._update()
        fit_to_screen(self)

    @property
    def question(self) -> QMessageBox | None:
        """The "discard?" question while it is open."""
        return self.discard.box

    def showEvent(self, event: QShowEvent) -> None:
        self.discard.remember()  # the prefilled receipt is the untouched one
        super().showEvent(event)

    def reject(self) -> None:
        if self.discard.allows_close():
            super().reject()

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
        outcome = preview_renewal(self.card, self.chosen_period(), self._now, self._zone)
        new = outcome.expiry.aware
        self.preview.setText(
            _("New expiry: {date} ({zone})").format(date=when_text(new), zone=zone_label(new))
        )
        self.skipped_note.setText(skipped_text(outcome))
        self.skipped_note.setHidden(outcome.skipped is None)

    def _receipt_toggled(self, on: bool) -> None:
        self.receipt_form.setVisible(on)
        fit_to_screen(self)

    def try_accept(self) -> None:
        period = self.chosen_period()
        receipt = None
        if self.receipt_group.isChecked():
            self.receipt_form.prefill(
                period_days=period.count if period.unit == "days" else None,
                period_months=period.count if period.unit == "months" else None,
            )
            receipt = self.receipt_form.validate()
            if receipt is None:
                return  # the form shows what is wrong, at the field
            receipt.card_id = self.card.id
            self.receipt_files = self.receipt_form.attachment_paths()
        self.period = period
        self.receipt = receipt
        self.accept()
