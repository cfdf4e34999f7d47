"""The sentence shown for a payment time the log refuses (form and CSV import).

Why here and not in the domain: the rule (``domain.receipt_rules``) stays free
of translations; this turns its answer into the one sentence both the
receipt form and the import show, so the two can never drift apart.
"""

from __future__ import annotations

import datetime as dt

from companion.domain.receipt_rules import EARLIEST_PAYMENT, PaidProblem, paid_problem
from companion.i18n import _


def paid_at_message(paid: dt.datetime, now: dt.datetime) -> str | None:
    """None when ``paid`` is a possible payment time, else the translated reason."""
    problem = paid_problem(paid, now)
    if problem is PaidProblem.IN_FUTURE:
        return _("The payment date is in the future.")
    if problem is PaidProblem.TOO_EARLY:
        return _("The payment date is before {year}; check the year.").format(
            year=EARLIEST_PAYMENT.year
        )
    return None
