"""Reminder planning and delivery: once per cycle, catch-up, snooze, dismiss, renewal."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

import pytest

from companion.domain.card import Card
from companion.domain.expiry import Expiry, Period
from companion.domain.money import Money
from companion.domain.receipt import Receipt
from companion.domain.reminders import plan_expiry
from companion.services import cards as cards_service
from companion.services import reminders
from companion.services.context import open_context

MOSCOW = "Europe/Moscow"


def _card(ctx: Any, when: dt.datetime, **kw: Any) -> int:
    card = Card(kw.pop("label", "MTS SIM"), expiry=Expiry(when, MOSCOW), **kw)
    return cards_service.save_card(ctx, card)


def _events(ctx: Any) -> list[sqlite3.Row]:
    return list(ctx.conn.execute("SELECT * FROM reminder_events ORDER BY due_utc"))


def test_plan_has_one_reminder_per_lead_at_the_local_time() -> None:
    expiry = Expiry(dt.datetime(2026, 12, 10, 23, 59), MOSCOW)
    plans = plan_expiry(1, expiry, (7, 3, 1, 0), dt.time(9, 0))
    assert [p.lead_minutes for p in plans] == [7 * 1440, 3 * 1440, 1440, 0]
    # 09:00 Moscow is 06:00 UTC
    assert plans[0].due == dt.datetime(2026, 12, 3, 6, 0, tzinfo=dt.UTC)
    assert plans[-1].due == dt.datetime(2026, 12, 10, 6, 0, tzinfo=dt.UTC)


def test_day_of_reminder_never_falls_after_an_early_morning_expiry() -> None:
    expiry = Expiry(dt.datetime(2026, 12, 10, 3, 0), MOSCOW)
    plans = plan_expiry(1, expiry, (0,), dt.time(9, 0))
    assert plans[0].due == expiry.instant


def test_nothing_fires_before_it_is_due(ctx: Any, clock: Any) -> None:
    _card(ctx, dt.datetime(2026, 12, 10, 23, 59))
    assert reminders.fire_due(ctx) == []
    assert len(_events(ctx)) == 4


def test_fires_once_and_not_again_after_restart(ctx: Any, clock: Any, data_dir: Any) -> None:
    _card(ctx, dt.datetime(2026, 12, 1, 23, 59))  # 7-day lead is 2026-11-24 06:00 UTC: due
    first = reminders.fire_due(ctx)
    assert len(first) == 1
    assert first[0].text.startswith("MTS SIM expires in 7 days (")
    assert reminders.fire_due(ctx) == []
    # A restart: a new connection plans again; UNIQUE keeps it from duplicating.
    from companion.paths import data_paths

    again = open_context(data_paths(data_dir), clock=clock)
    try:
        assert reminders.fire_due(again) == []
        assert len(_events(again)) == 4
    finally:
        again.close()


def test_catch_up_after_three_days_asleep_shows_the_latest_once(ctx: Any, clock: Any) -> None:
    _card(ctx, dt.datetime(2026, 12, 4, 23, 59))  # leads on 27 Nov, 1 Dec, 3 Dec, 4 Dec
    clock.set(dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC))
    assert reminders.fire_due(ctx) == []
    clock.set(dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC))  # laptop slept 7 days
    shown = reminders.fire_due(ctx)
    assert len(shown) == 1
    assert shown[0].missed
    assert "expires in" in shown[0].text
    states = [r["state"] for r in _events(ctx)]
    assert states == ["fired", "fired", "fired", "pending"]
    clock.set(dt.datetime(2026, 12, 4, 6, 1, tzinfo=dt.UTC))
    day_of = reminders.fire_due(ctx)
    assert len(day_of) == 1 and not day_of[0].missed


def test_snooze_is_remembered_and_fires_again(ctx: Any, clock: Any, data_dir: Any) -> None:
    _card(ctx, dt.datetime(2026, 12, 1, 23, 59))
    notice = reminders.fire_due(ctx)[0]
    until = reminders.snooze(ctx, notice.event_id, "hour", MOSCOW)
    assert until == clock.current + dt.timedelta(hours=1)
    row = ctx.conn.execute(
        "SELECT state FROM reminder_events WHERE id = ?", (notice.event_id,)
    ).fetchone()
    assert row["state"] == "snoozed"
    clock.advance(dt.timedelta(minutes=59))
    assert reminders.fire_due(ctx) == []
    clock.advance(dt.timedelta(minutes=1))
    assert [n.event_id for n in reminders.fire_due(ctx)] == [notice.event_id]


def test_snooze_until_tomorrow_morning_local(ctx: Any, clock: Any) -> None:
    _card(ctx, dt.datetime(2026, 12, 1, 23, 59))
    notice = reminders.fire_due(ctx)[0]
    until = reminders.snooze(ctx, notice.event_id, "morning", MOSCOW)
    assert until == dt.datetime(2026, 11, 25, 6, 0, tzinfo=dt.UTC)  # 09:00 Moscow


def test_dismiss_is_remembered(ctx: Any, clock: Any) -> None:
    _card(ctx, dt.datetime(2026, 12, 1, 23, 59))
    notice = reminders.fire_due(ctx)[0]
    reminders.snooze(ctx, notice.event_id, "hour", MOSCOW)
    reminders.dismiss(ctx, notice.event_id)
    clock.advance(dt.timedelta(hours=2))
    assert reminders.fire_due(ctx) == []
    row = ctx.conn.execute(
        "SELECT state FROM reminder_events WHERE id = ?", (notice.event_id,)
    ).fetchone()
    assert row["state"] == "dismissed"


def test_renewal_replans_for_the_new_cycle(ctx: Any, clock: Any) -> None:
    card_id = _card(ctx, dt.datetime(2026, 12, 1, 23, 59))
    reminders.fire_due(ctx)
    cards_service.renew_card(ctx, card_id, Period("days", 30))
    rows = _events(ctx)
    assert {r["cycle_key"] for r in rows} == {"2026-12-31T23:59|Europe/Moscow"}
    assert {r["state"] for r in rows} == {"pending"}
    assert len(rows) == 4


def test_renewal_with_receipt_is_one_transaction(ctx: Any, clock: Any) -> None:
    card_id = _card(ctx, dt.datetime(2026, 12, 1, 23, 59))
    receipt = Receipt(clock.current, MOSCOW, Money(45000, "RUB"), "sbp", reference="A1")
    record = cards_service.renew_card(ctx, card_id, Period("months", 1), receipt)
    row = ctx.conn.execute("SELECT * FROM receipts").fetchone()
    assert row["card_id"] == card_id and row["amount_minor"] == 45000
    assert record.receipt_id == row["id"]
    history = cards_service.renewals(ctx, card_id)
    assert [h.new_expiry.local for h in history] == [dt.datetime(2027, 1, 1, 23, 59)]


def test_failed_receipt_rolls_back_the_renewal(
    ctx: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    card_id = _card(ctx, dt.datetime(2026, 12, 1, 23, 59))

    def broken(self: object, receipt: object, now: object) -> int:
        raise sqlite3.IntegrityError("disk said no")

    monkeypatch.setattr("companion.store.receipts_repo.ReceiptsRepo.insert", broken)
    receipt = Receipt(clock.current, MOSCOW, Money(1, "RUB"), "sbp")
    with pytest.raises(sqlite3.IntegrityError):
        cards_service.renew_card(ctx, card_id, Period("days", 30), receipt)
    card = cards_service.get_card(ctx, card_id)
    assert card is not None and card.expiry is not None
    assert card.expiry.local == dt.datetime(2026, 12, 1, 23, 59)
    assert cards_service.renewals(ctx, card_id) == []


def test_low_balance_and_install_by_remind(ctx: Any, clock: Any) -> None:
    _card(
        ctx, dt.datetime(2027, 3, 1, 0, 0), kind="esim",
        balance=Money(5000, "RUB"), low_balance=Money(10000, "RUB"),
        esim_install_by=dt.date(2026, 11, 24),
    )
    texts = [n.text for n in reminders.fire_due(ctx)]
    assert any("below" in t for t in texts)
    assert any("Install the eSIM" in t for t in texts)


def test_promised_payment_uses_the_operators_term(ctx: Any, clock: Any) -> None:
    card_id = _card(ctx, dt.datetime(2027, 3, 1, 0, 0), operator_id="beeline")
    timer = cards_service.start_timer(ctx, card_id, "promised_payment")
    assert timer.ends - timer.started == dt.timedelta(days=3)
    block = cards_service.start_timer(ctx, card_id, "data_block")
    assert block.ends == clock.current + dt.timedelta(hours=24)
    clock.advance(dt.timedelta(hours=24))
    texts = [n.text for n in reminders.fire_due(ctx)]
    assert any("data and SMS should work from" in t for t in texts)
    clock.advance(dt.timedelta(hours=24))
    texts = [n.text for n in reminders.fire_due(ctx)]
    assert any("repay the promised payment" in t for t in texts)


def test_delete_hides_and_undo_restores(ctx: Any) -> None:
    card_id = _card(ctx, dt.datetime(2026, 12, 1, 23, 59))
    cards_service.delete_card(ctx, card_id)
    assert cards_service.list_cards(ctx) == []
    assert reminders.fire_due(ctx) == []
    cards_service.undo_delete(ctx, card_id)
    assert [c.id for c in cards_service.list_cards(ctx)] == [card_id]
    cards_service.delete_card(ctx, card_id)
    assert cards_service.purge_deleted(ctx) == 1
    assert ctx.conn.execute("SELECT COUNT(*) FROM reminder_events").fetchone()[0] == 0


def test_dashboard_order_is_by_urgency(ctx: Any, clock: Any) -> None:
    _card(ctx, dt.datetime(2027, 5, 1, 0, 0), label="fine")
    _card(ctx, dt.datetime(2026, 11, 20, 0, 0), label="expired")
    _card(ctx, dt.datetime(2026, 11, 24, 23, 0), label="today")
    cards_service.save_card(ctx, Card("never"))
    assert [c.label for c in cards_service.list_cards(ctx)] == [
        "expired", "today", "fine", "never"
    ]


def test_label_is_required(ctx: Any) -> None:
    with pytest.raises(cards_service.CardError) as err:
        cards_service.save_card(ctx, Card("  "))
    assert err.value.field == "label"
    assert ctx.conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 0
