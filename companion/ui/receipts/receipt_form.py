"""The fields of one receipt, reusable by the log and the card tracker.

Why the form validates itself: the Renew dialog embeds it and needs the same
rules and messages. ``validate`` shows every problem at its field at once and
returns None, so the caller saves nothing until all are fixed.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QTimeZone
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from companion.domain.expiry import wall_time_exists
from companion.domain.money import Money
from companion.domain.receipt import PAYMENT_METHODS, Receipt
from companion.domain.receipt_rules import MAX_PERIOD_DAYS, MAX_PERIOD_MONTHS
from companion.domain.sms_parser import parse_sms
from companion.domain.zone_names import (
    has_reversed_sign,
    is_known_zone,
    zone_or_none,
)
from companion.i18n import _
from companion.i18n.date_input import DateInputError
from companion.i18n.formatting import format_amount, known_currencies
from companion.i18n.money_input import MoneyInputError, parse_money
from companion.services.context import AppContext
from companion.services.payment_date_check import paid_at_message
from companion.services.receipt_attachments import AttachedFiles
from companion.services.receipts_read import ReceiptsReader
from companion.ui.receipts.attachments_panel import AttachmentsPanel
from companion.ui.receipts.receipt_form_fields import buddy, currency_combo, zone_combo
from companion.ui.receipts.receipts_labels import method_label
from companion.ui.receipts.sms_notes import sms_notes
from companion.ui.widgets.date_field import DateField, TimeField
from companion.ui.widgets.field_error import error_label
from companion.ui.widgets.field_problems import (
    reversed_zone_problem,
    skipped_time_problem,
    zone_problem,
)


def default_zone() -> str:
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace")
    return name if is_known_zone(name) else "Europe/Moscow"


class ReceiptForm(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._repo = ReceiptsReader.for_context(ctx)
        self._receipt_id: int | None = None
        #: The field each shown error line describes to a screen reader.
        self._described: dict[QLabel, QWidget] = {}
        form = QFormLayout(self)
        # A long Russian or Chinese label puts its field on the next line
        # instead of pushing the form wider than a small screen.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._build_card_row(form)
        self._build_paid_row(form)
        self._build_amount_row(form)
        self._build_plan_rows(form)
        self._build_detail_rows(form)
        self.attachments = AttachmentsPanel(AttachedFiles(ctx))
        form.addRow(_("Files:"), self.attachments)

        settings = ctx.settings.load()
        self._set_currency(settings.default_currency or "RUB")
        self._set_zone(default_zone())
        self._set_paid(ctx.now())
        for signal in (self.paid.changed, self.paid_time.textChanged,
                       self.zone.currentTextChanged, self.amount.textChanged,
                       self.currency.currentTextChanged):
            signal.connect(self._recheck)

    # ----- building, one row or group of rows each ------------------------------
    def _build_card_row(self, form: QFormLayout) -> None:
        self.card = QComboBox()
        self.card.addItem(_("No card"), None)
        for card_id, label in self._repo.card_choices():
            self.card.addItem(label, card_id)
        self.card.setAccessibleName(_("Card"))
        form.addRow(_("&Card:"), self.card)

    def _build_paid_row(self, form: QFormLayout) -> None:
        # Typed in the app's language and kept exactly (see DateField);
        # the time is to the minute, as receipts print it.
        self.paid = DateField(None, _("Date paid"))
        self.paid_time = TimeField(dt.time(0, 0), _("Time paid"))
        self.zone = zone_combo()
        paid_row = QHBoxLayout()
        paid_row.addWidget(self.paid)
        paid_row.addWidget(self.paid_time)
        paid_row.addWidget(self.zone, 1)
        self.paid_error = error_label()
        paid_box = QVBoxLayout()
        paid_box.addLayout(paid_row)
        paid_box.addWidget(self.paid_error)
        form.addRow(buddy(_("&Paid on:"), self.paid), paid_box)

    def _build_amount_row(self, form: QFormLayout) -> None:
        self.amount = QLineEdit()
        self.amount.setAccessibleName(_("Amount"))
        self.amount.setPlaceholderText(format_amount(Money(123450, "RUB")))
        self.currency = currency_combo()
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount, 1)
        amount_row.addWidget(self.currency)
        self.sms_button = QPushButton(_("From &SMS…"))
        self.sms_button.setToolTip(_("Paste the operator's top-up SMS to fill in amount and date"))
        self.sms_button.clicked.connect(self.ask_sms)
        amount_row.addWidget(self.sms_button)
        self.amount_error = error_label()
        self.sms_info = QLabel()
        self.sms_info.setTextFormat(Qt.TextFormat.PlainText)
        self.sms_info.setWordWrap(True)
        self.sms_info.hide()
        amount_box = QVBoxLayout()
        amount_box.addLayout(amount_row)
        amount_box.addWidget(self.amount_error)
        amount_box.addWidget(self.sms_info)
        form.addRow(buddy(_("&Amount:"), self.amount), amount_box)

    def _build_plan_rows(self, form: QFormLayout) -> None:
        """The payment method, the plan bought and the period it adds."""
        self.method = QComboBox()
        for key in PAYMENT_METHODS:
            self.method.addItem(method_label(key), key)
        self.method.setAccessibleName(_("Payment method"))
        form.addRow(_("&Method:"), self.method)
        self.plan = QLineEdit()
        self.plan.setAccessibleName(_("Plan or product bought"))
        form.addRow(_("P&lan:"), self.plan)
        self.days = QSpinBox()
        self.days.setRange(0, MAX_PERIOD_DAYS)
        self.days.setSpecialValueText(_("none"))
        self.days.setAccessibleName(_("Days added"))
        self.months = QSpinBox()
        self.months.setRange(0, MAX_PERIOD_MONTHS)
        self.months.setSpecialValueText(_("none"))
        self.months.setAccessibleName(_("Months added"))
        period = QHBoxLayout()
        period.addWidget(QLabel(_("days")))
        period.addWidget(self.days)
        period.addWidget(QLabel(_("months")))
        period.addWidget(self.months)
        period.addStretch(1)
        form.addRow(_("Adds:"), period)

    def _build_detail_rows(self, form: QFormLayout) -> None:
        """Reference, code, vendor and notes: what the user may look up later."""
        self.reference = QLineEdit()
        self.reference.setAccessibleName(_("Reference or transaction number"))
        form.addRow(_("&Reference:"), self.reference)
        self.code = QLineEdit()
        self.code.setAccessibleName(_("Activation or voucher code"))
        form.addRow(_("Activation c&ode:"), self.code)
        self.vendor = QLineEdit()
        self.vendor.setAccessibleName(_("Place or vendor"))
        form.addRow(_("Place or &vendor:"), self.vendor)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(_("Notes"))
        self.notes.setMaximumHeight(70)
        self.notes.setTabChangesFocus(True)
        form.addRow(_("&Notes:"), self.notes)

    # ----- the contract used by other features ----------------------------------
    def set_card(self, card_id: int | None) -> None:
        index = self.card.findData(card_id)
        self.card.setCurrentIndex(max(index, 0))

    def prefill(
        self,
        amount: Money | None = None,
        plan_name: str = "",
        period_days: int | None = None,
        period_months: int | None = None,
    ) -> None:
        if amount is not None:
            self._set_currency(amount.currency)
            self.amount.setText(format_amount(amount))
        if plan_name:
            self.plan.setText(plan_name)
        self.days.setValue(period_days or 0)
        self.months.setValue(period_months or 0)

    def validate(self) -> Receipt | None:
        """The receipt the fields describe, or None with messages at the fields
        and the focus on the first wrong one."""
        for label in (self.amount_error, self.paid_error):
            self._clear(label)
        receipt, problems = self._problems()
        for label, message, widget in problems:
            self._fail(label, message)
            # A screen reader says the error with the field it is read at.
            widget.setAccessibleDescription(message)
            self._described.setdefault(label, widget)
        if problems:
            problems[0][2].setFocus()
        return receipt

    def _recheck(self) -> None:
        """Hide an error once its field is right; a new one waits for Save."""
        shown = [label for label in (self.paid_error, self.amount_error) if not label.isHidden()]
        if not shown:
            return
        _receipt, problems = self._problems()
        for label in shown:
            messages = [message for bad, message, _widget in problems if bad is label]
            if messages:
                label.setText(messages[0])
            else:
                self._clear(label)

    def _clear(self, label: QLabel) -> None:
        label.hide()
        label.clear()
        widget = self._described.pop(label, None)
        if widget is not None:
            widget.setAccessibleDescription("")

    def _problems(self) -> tuple[Receipt | None, list[tuple[QLabel, str, QWidget]]]:
        """The receipt and what is wrong, in reading order (the date row is
        above the amount); each problem names its error line and the field
        to focus. Nothing is shown here."""
        problems: list[tuple[QLabel, str, QWidget]] = []
        zone_name = self.zone.currentText().strip()
        paid: dt.datetime | None = None
        paid_problems: list[tuple[str, QWidget]] = []
        tz = zone_or_none(zone_name)
        day = at = None
        try:
            day = self.paid.date()
        except DateInputError as exc:
            paid_problems.append((str(exc), self.paid))
        try:
            at = self.paid_time.time_value()
        except DateInputError as exc:
            paid_problems.append((str(exc), self.paid_time))
        if tz is None:
            paid_problems.append((zone_problem(zone_name), self.zone))
        elif has_reversed_sign(zone_name):
            tz = None
            paid_problems.append((reversed_zone_problem(zone_name), self.zone))
        if tz is not None and day is not None and at is not None:
            local = dt.datetime.combine(day, at)
            if wall_time_exists(local, zone_name):
                paid = local.replace(tzinfo=tz)
            else:
                paid_problems.append((skipped_time_problem(local, zone_name), self.paid_time))
        if paid_problems:
            problems.append((self.paid_error, "\n".join(m for m, _w in paid_problems),
                             paid_problems[0][1]))
        paid_message = None if paid is None else paid_at_message(paid, self.ctx.now())
        if paid_message:
            problems.append((self.paid_error, paid_message, self.paid))
        currency = self.currency.currentText().strip().upper()
        amount: Money | None = None
        if currency not in known_currencies():
            message = _("“{code}” is not a currency code such as RUB.")
            problems.append((self.amount_error, message.format(code=self.currency.currentText()),
                             self.currency))
        else:
            try:
                amount = parse_money(self.amount.text(), currency)
            except MoneyInputError as exc:
                problems.append((self.amount_error, str(exc), self.amount))
        ok = not problems
        if not ok or amount is None or paid is None:
            return None, problems
        return Receipt(
            id=self._receipt_id,
            paid_at=paid,
            paid_zone=zone_name,
            amount=amount,
            method=str(self.method.currentData()),
            card_id=self.card.currentData(),
            plan_name=self.plan.text().strip(),
            period_days=self.days.value() or None,
            period_months=self.months.value() or None,
            reference=self.reference.text().strip(),
            code=self.code.text().strip(),
            vendor=self.vendor.text().strip(),
            notes=self.notes.toPlainText().strip(),
            attachment_ids=self.attachments.existing_ids(),
        ), problems

    def attachment_paths(self) -> list[Path]:
        """New files to copy in when the receipt is saved."""
        return self.attachments.new_paths()

    def state(self) -> tuple[object, ...]:
        """Everything the user can change in the form, to tell if anything was."""
        return (
            self.card.currentData(),
            self.paid.text(),
            self.paid_time.text(),
            self.zone.currentText(),
            self.amount.text(),
            self.currency.currentText(),
            self.method.currentData(),
            self.plan.text(),
            self.days.value(),
            self.months.value(),
            self.reference.text(),
            self.code.text(),
            self.vendor.text(),
            self.notes.toPlainText(),
            tuple(self.attachments.existing_ids()),
            tuple(self.attachments.new_paths()),
        )

    # ----- editing an existing receipt -------------------------------------------
    def load(self, receipt: Receipt) -> None:
        self._receipt_id = receipt.id
        self.set_card(receipt.card_id)
        self._set_zone(receipt.paid_zone)
        self._set_paid(receipt.paid_at)
        self.prefill(receipt.amount, receipt.plan_name, receipt.period_days, receipt.period_months)
        self.method.setCurrentIndex(max(self.method.findData(receipt.method), 0))
        self.reference.setText(receipt.reference)
        self.code.setText(receipt.code)
        self.vendor.setText(receipt.vendor)
        self.notes.setPlainText(receipt.notes)
        if receipt.id is not None:
            self.attachments.set_existing(AttachedFiles(self.ctx).of_receipt(receipt.id))

    # ----- SMS -------------------------------------------------------------------
    def ask_sms(self) -> None:
        text, ok = QInputDialog.getMultiLineText(
            self, _("Paste SMS"), _("Paste the text of the operator's top-up SMS:")
        )
        if ok:
            self.fill_from_sms(text)

    def fill_from_sms(self, text: str) -> bool:
        """Prefill what the SMS says; returns whether a top-up was read.

        A charge ("Списано 500 руб.") fills in nothing: it is not a payment,
        and the note under the amount says so. A date without a time sets
        the day only; a time without a date sets nothing (the note shows it).
        """
        zone_name = self.zone.currentText().strip()
        zone = zone_or_none(zone_name)
        if zone is None:
            # The SMS states a wall-clock time; without a real zone it cannot
            # be placed, so say so at the field instead of guessing one.
            self.paid_error.hide()
            self._fail(self.paid_error, zone_problem(zone_name))
            self.sms_info.hide()
            return False
        reading = parse_sms(text, self.ctx.now().astimezone(zone).date())
        if not reading.not_a_top_up:
            if reading.amount is not None:
                self._set_currency(reading.amount.currency)
                self.amount.setText(format_amount(reading.amount))
            if reading.paid_at is not None:
                self._set_paid(reading.paid_at.replace(tzinfo=zone))
            elif reading.paid_on is not None:
                # The day only: the time field keeps what it had.
                self.paid.set_date(reading.paid_on)
        self.sms_info.setText("\n".join(sms_notes(reading)))
        self.sms_info.show()
        return reading.amount is not None and not reading.not_a_top_up

    # ----- helpers -----------------------------------------------------------------
    def _fail(self, label: QLabel, message: str) -> None:
        label.setText(message)
        label.show()

    def _set_currency(self, code: str) -> None:
        index = self.currency.findData(code)
        if index >= 0:
            self.currency.setCurrentIndex(index)
        else:
            self.currency.setEditText(code)

    def _set_zone(self, name: str) -> None:
        index = self.zone.findText(name)
        if index >= 0:
            self.zone.setCurrentIndex(index)
        else:
            self.zone.setEditText(name)

    def _set_paid(self, when: dt.datetime) -> None:
        zone = zone_or_none(self.zone.currentText().strip())
        local = when.astimezone(zone) if when.tzinfo and zone else when
        self.paid.set_date(local.date())
        self.paid_time.set_time(local.time())
