"""What the note under the amount says after reading a top-up SMS.

Why apart from the form: the form fills its fields from the reading; these
sentences tell the user what to check and what was left out (a charge that
is not a top-up, a bonus, a day without a time), and read the same whether
the form sits in the receipt dialog or in the Renew dialog.
"""

from __future__ import annotations

from companion.domain.sms_parser import SmsReading
from companion.i18n import _
from companion.i18n.formatting import format_money, format_time


def sms_notes(reading: SmsReading) -> list[str]:
    """The lines of the note, in the order the user should read them."""
    if reading.not_a_top_up:
        assert reading.debit is not None
        return [
            _("This message reports a charge of {amount}, not a top-up: nothing was filled in.")
            .format(amount=format_money(reading.debit))
        ]
    notes: list[str] = []
    if reading.paid_at is None and reading.paid_on is not None:
        notes.append(_("The message shows the day but not the time: check the time."))
    elif reading.paid_at is None and reading.time_only is not None:
        notes.append(
            _("The message shows a time ({time}) but no date: set the date and time yourself.")
            .format(time=format_time(reading.time_only))
        )
    if reading.balance is not None:
        notes.append(
            _("Balance after the top-up: {balance}").format(balance=format_money(reading.balance))
        )
    if reading.bonus is not None:
        notes.append(
            _("Bonus: {bonus} (not part of the amount paid)").format(
                bonus=format_money(reading.bonus)
            )
        )
    if reading.debit is not None:
        notes.append(
            _("Also charged: {amount} (not part of the amount paid)").format(
                amount=format_money(reading.debit)
            )
        )
    if reading.empty:
        notes.append(_("No amount or date could be read from this text."))
    elif reading.amount is None:
        notes.append(_("No top-up amount could be read for sure: enter it yourself."))
    else:
        notes.append(_("Check the amount and date read from the SMS."))
    return notes
