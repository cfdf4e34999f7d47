"""Card use cases: save with validation, archive, delete with undo, renew, timers.

Every change re-plans the card's reminders in the same transaction, so the
stored reminders always match the stored card.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from companion.domain.card import DATA_BLOCK, Card, CardTimer, RenewalRecord
from companion.domain.expiry import STATES, Period, Renewal, expiry_state, renew, renewal
from companion.domain.receipt import Receipt
from companion.guide.operators import bundled_operators
from companion.i18n import _
from companion.services.context import AppContext
from companion.store.cards_repo import CardsRepo
from companion.store.database import transaction
from companion.store.receipts_repo import ReceiptsRepo
from companion.store.renewals_repo import RenewalsRepo

#: Used when the operator's term is unknown (typed freely, or not in the guide).
DEFAULT_PROMISED_DAYS = 3


class CardError(ValueError):
    """Bad input for one field; ``message`` is translated for the user."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def validate(card: Card) -> None:
    if not card.label.strip():
        raise CardError("label", _("Give the card a name, for example “MTS SIM”."))
    if len(card.label) > 200:
        raise CardError("label", _("The name is too long (at most 200 characters)."))
    if card.low_balance is not None and card.balance is None:
        raise CardError("balance", _("Enter the current balance to be warned when it is low."))


def save_card(ctx: AppContext, card: Card) -> int:
    """Insert or update a card and re-plan its reminders, all or nothing."""
    from companion.services.reminders import replan_card

    validate(card)
    now = ctx.now()
    repo = CardsRepo(ctx.conn)
    with transaction(ctx.conn):
        if card.id is None:
            repo.insert(card, now)
        else:
            repo.update(card, now)
        replan_card(ctx, card)
    assert card.id is not None
    return card.id


def get_card(ctx: AppContext, card_id: int) -> Card | None:
    return CardsRepo(ctx.conn).get(card_id)


def urgency_key(card: Card, now: dt.datetime) -> tuple[int, dt.datetime, str]:
    state = expiry_state(card.expiry, now)
    when = card.expiry.instant if card.expiry else dt.datetime.max.replace(tzinfo=dt.UTC)
    return (STATES.index(state), when, card.label.casefold())


def list_cards(ctx: AppContext, archived: bool = False) -> list[Card]:
    """Cards sorted by urgency: expired, due today, soon, fine, no expiry."""
    now = ctx.now()
    return sorted(CardsRepo(ctx.conn).cards(archived), key=lambda c: urgency_key(c, now))


def set_archived(ctx: AppContext, card_id: int, archived: bool) -> None:
    from companion.services.reminders import replan_card

    repo = CardsRepo(ctx.conn)
    with transaction(ctx.conn):
        repo.set_archived(card_id, archived, ctx.now())
        card = repo.get(card_id)
        if card is not None:
            replan_card(ctx, card)


def delete_card(ctx: AppContext, card_id: int) -> None:
    """Hide the card at once; it is purged later so Undo can bring it back whole."""
    with transaction(ctx.conn):
        CardsRepo(ctx.conn).mark_deleted(card_id, ctx.now())


def undo_delete(ctx: AppContext, card_id: int) -> None:
    with transaction(ctx.conn):
        CardsRepo(ctx.conn).restore(card_id)


def purge_deleted(ctx: AppContext) -> int:
    """Purge deleted cards that no undo entry can bring back any more.

    At start that is every deleted card (left by a crash); during a session,
    none that is still on the undo stack.
    """
    with transaction(ctx.conn):
        return CardsRepo(ctx.conn).purge_deleted(keep=ctx.undo.deleted_cards())


def end_session(ctx: AppContext) -> int:
    """At quit: the undo offers end, and deleted cards are purged for good."""
    ctx.undo.clear()
    return purge_deleted(ctx)


def renewals(ctx: AppContext, card_id: int) -> list[RenewalRecord]:
    return RenewalsRepo(ctx.conn).for_card(card_id)


def preview_renewal(card: Card, period: Period, now: dt.datetime, zone: str) -> Renewal:
    """What ``renew_card`` would do now: the new expiry, and the skipped wall
    time it was moved from when the period reached one."""
    return renewal(card.expiry, now, period, zone, card.renewal.anchor_day)


def renew_card(
    ctx: AppContext,
    card_id: int,
    period: Period,
    receipt: Receipt | None = None,
    zone: str = "UTC",
    receipt_files: Sequence[Path] = (),
) -> RenewalRecord:
    """Buy ``period`` for the card: new expiry, history row, optional receipt, one transaction.

    ``zone`` is used only when the card had no expiry yet.
    """
    from companion.services.reminders import replan_card

    now = ctx.now()
    repo = CardsRepo(ctx.conn)
    with transaction(ctx.conn):
        card = repo.get(card_id)
        if card is None:
            raise CardError("card", _("This card no longer exists."))
        new_expiry = renew(card.expiry, now, period, zone, card.renewal.anchor_day)
        receipt_id = None
        if receipt is not None:
            from companion.store.attachments_store import AttachmentStore

            receipt.card_id = card_id
            receipt_id = ReceiptsRepo(ctx.conn).insert(receipt, now)
            store = AttachmentStore(ctx.conn, ctx.paths.attachments)
            ids = list(receipt.attachment_ids)
            ids += [store.add_file(path, now).id for path in receipt_files]
            store.link(receipt_id, ids)
        record = RenewalRecord(
            card_id=card_id,
            renewed_at=now,
            old_expiry=card.expiry,
            new_expiry=new_expiry,
            period=period.code(),
            receipt_id=receipt_id,
        )
        RenewalsRepo(ctx.conn).insert(record)
        card.expiry = new_expiry
        repo.update(card, now)
        replan_card(ctx, card)
    return record


def promised_payment_days(card: Card) -> int:
    """The operator's term for a promised/trust payment, from the guide's data."""
    op = bundled_operators().get(card.operator_id or "")
    fact = op.fact("credit_days") if op else None
    if fact is not None and fact.value.isdigit():
        return int(fact.value)
    return DEFAULT_PROMISED_DAYS


def start_timer(ctx: AppContext, card_id: int, kind: str, started: dt.datetime | None = None) -> (
    CardTimer
):
    """A promised payment (operator's term) or the 24-hour data/SMS block.

    Refused while the card has a timer of the same kind running: a second,
    identical timer would only double its reminders. The user cancels the
    running one first (and can undo that).
    """
    from companion.services.reminders import replan_card

    repo = CardsRepo(ctx.conn)
    card = repo.get(card_id)
    if card is None:
        raise CardError("card", _("This card no longer exists."))
    if any(t.kind == kind for t in repo.timers(card_id, ending_after=ctx.now())):
        raise CardError("timer", _(
            "This timer is already running for this card. Cancel it first to start it again."
        ))
    begin = started or ctx.now()
    length = (
        dt.timedelta(days=promised_payment_days(card)) if kind == "promised_payment" else DATA_BLOCK
    )
    timer = CardTimer(card_id=card_id, kind=kind, started=begin, ends=begin + length)
    with transaction(ctx.conn):
        repo.add_timer(timer)
        replan_card(ctx, card)
    return timer


def active_timers(ctx: AppContext, card_id: int | None = None) -> list[CardTimer]:
    return CardsRepo(ctx.conn).timers(card_id, ending_after=ctx.now())


def cancel_timer(ctx: AppContext, timer_id: int, card_id: int) -> None:
    from companion.services.reminders import replan_card

    repo = CardsRepo(ctx.conn)
    with transaction(ctx.conn):
        repo.delete_timer(timer_id)
        card = repo.get(card_id)
        if card is not None:
            replan_card(ctx, card)
