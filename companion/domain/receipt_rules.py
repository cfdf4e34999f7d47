"""What a receipt may hold: one set of rules for the form and the CSV import.

Why one place: a value the receipt form refuses must not enter the log
through a file either, so both ask these rules and show the same sentence.

Why a lower bound: the first Russian mobile networks opened in 1991, so an
earlier top-up is a typo (``0026-11-24``, a two-digit year). It also keeps
every accepted instant far from ``datetime.min`` and ``datetime.max``, where
converting between zones raises ``OverflowError`` ("date value out of range").
Comparing aware datetimes never overflows, so the check is safe on any value
``fromisoformat`` returns, and conversions happen only after it passed.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

#: No top-up of a Russian SIM or travel card is older than this.
EARLIEST_PAYMENT = dt.datetime(1990, 1, 1, tzinfo=dt.UTC)

#: A payment may lie up to a day ahead of this computer's clock: the payer's
#: zone can be ahead of the computer's, and clocks drift.
FUTURE_MARGIN = dt.timedelta(days=1)


#: The most a single top-up can add; the form's spin boxes stop here too.
MAX_PERIOD_DAYS = 3660
MAX_PERIOD_MONTHS = 120

#: The receipt form's one-line fields (plan, reference, code, vendor) hold at
#: most this many characters (Qt's QLineEdit limit); a longer text from a
#: file would be cut short the first time the receipt is edited.
MAX_LINE_TEXT = 32767


class PaidProblem(Enum):
    TOO_EARLY = "too_early"
    IN_FUTURE = "in_future"


def paid_problem(paid: dt.datetime, now: dt.datetime) -> PaidProblem | None:
    """What is wrong with ``paid`` (timezone-aware) as a payment time, if anything."""
    if paid.tzinfo is None or now.tzinfo is None:
        raise ValueError("paid and now must be timezone-aware")
    if paid < EARLIEST_PAYMENT:
        return PaidProblem.TOO_EARLY
    if paid > now + FUTURE_MARGIN:
        return PaidProblem.IN_FUTURE
    return None
