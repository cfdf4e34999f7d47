"""Reading a top-up confirmation (SMS, bank SMS, eSIM shop e-mail) into fields.

Why heuristics and not one pattern per operator: operators reword their
messages often and users paste them with line breaks lost. Each amount with
a currency (``sms_amounts``) is given the role the words of its sentence
before it name (topped up, balance, bonus, charged); if no word stands
before it, the words after it in the same sentence. An amount whose role no
word names, or two different amounts for one role, are not read: a field the
reader is not sure of stays empty for the user, never guessed. The date and
time come from ``sms_dates`` with the same rule.

A message that only reports a charge ("Списано 500 руб.") is not a top-up:
the reading says so (``not_a_top_up``) and has no amount, so nothing is
filled in as a payment. A bank SMS names a card (``*1234``, ``MIR-1234``):
the balance it shows is the card's, so it is not reported as the phone's.
Currency: what the text shows next to the number; Russian words and ``₽``
mean roubles.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from companion.domain.money import Money
from companion.domain.sms_amounts import FoundAmount, find_amounts
from companion.domain.sms_dates import read_when

#: Words that name what an amount is. Advice, bonus and debit words are
#: specific and win; then the first balance or top-up noun ("Баланс после
#: пополнения" is a balance, "Пополнение баланса" a top-up), unless a verb
#: after it says money came in ("Баланс пополнен на"); "Сумма" last.
_ROLE_WORDS: tuple[tuple[str, str], ...] = (
    # Advice and limits ("Пополните на 300 руб.", "minimum 100 RUB"): no role.
    (
        "other",
        r"пополните|внесите|оплатите|рекоменд\w*|недостаточно|не хватает|минимальн\w*|"
        r"please top up|top up now|recommend\w*|not enough|insufficient|minimum|"
        r"комисси\w*|commission|скидк\w*|discount|цена|стоимость|price|tax|vat|ндс|"
        r"лимит\w*|limit|долг\w*|debt|задолженност\w*",
    ),
    (
        "debit",
        r"списан\w*|списание|снят\w*|удержан\w*|абонентская плата|абонплата|spisan\w*|"
        r"debited|deducted|withdrawn|subscription fee|monthly fee",
    ),
    (
        "bonus",
        r"бонус\w*|кешб[эе]к\w*|кэшб[эе]к\w*|подар\w*|bonus\w*|cash ?back|gift|promo\w*",
    ),
    (
        "came_in",
        r"пополнен[аоы]?|зачислен[аоы]?|зачислено|поступил[аои]?|внес[её]н[аоы]?|"
        r"оплачен[аоы]?|popolnen[aoy]?|zachisleno|zachislen|topped up|replenished|credited|"
        r"received|paid|recharged",
    ),
    (
        "balance",
        r"баланс\w*|остат\w*|на сч[её]те|доступно|balans\w*|ostatok|balance|available|"
        r"remaining",
    ),
    (
        "topup",
        r"пополнени\w*|зачислени\w*|поступлени\w*|плат[её]ж\w*|оплат\w*|покупка|"
        r"перевод\w*|platezh\w*|oplat\w*|top-?up|top up|recharge|payment|purchase\w*|"
        r"deposit\w*|transfer\w*",
    ),
    ("weak", r"сумм\w*|итого|amount|total|sum"),
)
_SPECIFIC = ("other", "debit", "bonus")
_WORDS = [
    (role, re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)) for role, words in _ROLE_WORDS
]
#: A bank card named in the message: its balance is the card's, not the SIM's.
_BANK_CARD = re.compile(
    r"(?<!\w)(?:\*\d{4}|(?:mir|visa|ecmc|mc|maestro|карт[аыеуо]й?|card)\s?[*-]?\s?\d{4})(?!\d)",
    re.IGNORECASE,
)
#: The end of a sentence: . ! ? ; or a line break, then a capital or digit.
_SENTENCE_END = re.compile(r"[.!?;]\s+(?=[A-ZА-ЯЁ0-9])|[!?;]|\n(?=[A-ZА-ЯЁ])")


@dataclass(frozen=True)
class SmsReading:
    amount: Money | None = None
    balance: Money | None = None
    #: Wall-clock time the message shows, when it writes both day and time;
    #: the zone is the user's to choose.
    paid_at: dt.datetime | None = None
    #: The day alone, when the message writes no time (or only the day).
    paid_on: dt.date | None = None
    #: A time written without any date: the day is the user's to set.
    time_only: dt.time | None = None
    #: A bonus the operator added; not part of the amount paid.
    bonus: Money | None = None
    #: An amount the message says was charged, not paid in.
    debit: Money | None = None

    @property
    def empty(self) -> bool:
        return (
            self.amount is None
            and self.balance is None
            and self.paid_on is None
            and self.time_only is None
            and self.bonus is None
            and self.debit is None
        )

    @property
    def not_a_top_up(self) -> bool:
        """The message reports a charge and no payment in."""
        return self.debit is not None and self.amount is None


def _role_in(clause: str, preceding: bool) -> str | None:
    """What the words of ``clause`` say an amount is (see ``_ROLE_WORDS``)."""
    hits = sorted((m.start(), role) for role, pattern in _WORDS for m in pattern.finditer(clause))
    specific = [role for _start, role in hits if role in _SPECIFIC]
    if specific:
        return specific[-1] if preceding else specific[0]
    nouns = [(start, role) for start, role in hits if role in ("balance", "topup")]
    came_in = [start for start, role in hits if role == "came_in"]
    if nouns:
        # "Баланс пополнен на": the verb after the noun says money came in;
        # "received … balance": a verb before it belongs to an earlier amount.
        first, role = nouns[0]
        return "topup" if any(start > first for start in came_in) else role
    if came_in:
        return "topup"
    return "topup" if any(role == "weak" for _start, role in hits) else None


def _sentence_tail(text: str) -> str:
    """The end of ``text`` after its last sentence break."""
    cut = 0
    for match in _SENTENCE_END.finditer(text):
        cut = match.end()
    return text[cut:]


def _following_clause(text: str, start: int, stop: int) -> str:
    end = _SENTENCE_END.search(text, start, stop)
    return text[start : end.start() if end else stop]


def _roles(text: str, amounts: list[FoundAmount]) -> list[str | None]:
    roles: list[str | None] = []
    for i, item in enumerate(amounts):
        previous_end = amounts[i - 1].end if i else 0
        role = _role_in(_sentence_tail(text[previous_end : item.start]), preceding=True)
        if role is None:
            next_start = amounts[i + 1].start if i + 1 < len(amounts) else len(text)
            role = _role_in(_following_clause(text, item.end, next_start), preceding=False)
        roles.append(role)
    return roles


def _only(values: list[Money]) -> Money | None:
    """The one value a role has; two different ones mean the reader is not sure."""
    return values[0] if values and all(v == values[0] for v in values) else None


def _masked(text: str, amounts: list[FoundAmount]) -> str:
    """``text`` with the amounts blanked, so ``25.11 руб.`` is never a date."""
    out = list(text)
    for item in amounts:
        out[item.start : item.end] = " " * (item.end - item.start)
    return "".join(out)


def parse_sms(text: str, today: dt.date) -> SmsReading:
    """Read what a payment message says; ``today`` (the user's date) gives a
    year to a date written as day and month only."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    flat = "\n".join(line for line in lines if line)
    amounts = find_amounts(flat)
    by_role: dict[str, list[Money]] = {}
    for item, role in zip(amounts, _roles(flat, amounts), strict=True):
        if role is not None:
            by_role.setdefault(role, []).append(item.money)
    when = read_when(_masked(flat, amounts), today)
    paid_at = (
        dt.datetime.combine(when.day, when.time)
        if when.day is not None and when.time is not None
        else None
    )
    return SmsReading(
        amount=_only(by_role.get("topup", [])),
        balance=None if _BANK_CARD.search(flat) else _only(by_role.get("balance", [])),
        paid_at=paid_at,
        paid_on=when.day,
        time_only=when.time if when.day is None else None,
        bonus=_only(by_role.get("bonus", [])),
        debit=_only(by_role.get("debit", [])),
    )
