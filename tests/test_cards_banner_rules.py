"""What the banner shows, as a rule over any history of a few cards: clock
jumps, checks, snoozes, dismissals, renewals, archives and deletions in any
order. Property-tested on the service the banner reads (reminders.on_show)."""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.domain.card import Card
from companion.domain.expiry import Expiry, Period, RenewalRule
from companion.paths import data_paths
from companion.services import cards as cards_service
from companion.services import reminders
from companion.services.context import open_context

START = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)

ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["wait", "snooze", "dismiss", "renew", "archive", "restore", "delete",
                         "timer"]),
        st.integers(0, 2),  # which card
        st.integers(1, 60 * 60),  # minutes to wait
    ),
    max_size=12,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ACTIONS)
def test_rows_are_unique_current_and_of_active_cards(actions: list[tuple[str, int, int]]) -> None:
    now = [START]
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_context(data_paths(Path(tmp)), clock=lambda: now[0])
        try:
            ids = [
                cards_service.save_card(ctx, Card(
                    f"SIM {n}", kind="esim", renewal=RenewalRule("days", 30),
                    esim_install_by=dt.date(2026, 11, 26 + n),
                    expiry=Expiry(dt.datetime(2026, 11, 25 + 2 * n, 12, 0), "Europe/Moscow"),
                ))
                for n in range(3)
            ]
            for action, which, minutes in actions:
                card_id = ids[which]
                shown = [n for n in reminders.on_show(ctx) if n.card_id == card_id]
                if action == "wait":
                    now[0] += dt.timedelta(minutes=minutes)
                    reminders.fire_due(ctx)
                elif action in ("snooze", "dismiss") and shown:
                    if action == "snooze":
                        reminders.snooze(ctx, shown[0].ids, "hour", "UTC")
                    else:
                        reminders.dismiss(ctx, shown[0].ids)
                elif action == "renew" and cards_service.get_card(ctx, card_id):
                    cards_service.renew_card(ctx, card_id, Period("days", 30))
                elif action in ("archive", "restore") and cards_service.get_card(ctx, card_id):
                    cards_service.set_archived(ctx, card_id, action == "archive")
                elif action == "delete":
                    cards_service.delete_card(ctx, card_id)
                elif action == "timer" and cards_service.get_card(ctx, card_id):
                    # Refused while one is running: that refusal is part of the rule.
                    with contextlib.suppress(cards_service.CardError):
                        cards_service.start_timer(ctx, card_id, "data_block")
                _check(ctx)
        finally:
            ctx.close()


def _check(ctx: object) -> None:
    from companion.services.context import AppContext
    from companion.store.reminders_repo import RemindersRepo

    assert isinstance(ctx, AppContext)
    notices = reminders.on_show(ctx)
    keys = [(n.card_id, n.kind) for n in notices]
    assert len(keys) == len(set(keys)), keys  # one row per card and kind
    active = {c.id for c in cards_service.list_cards(ctx)}
    repo = RemindersRepo(ctx.conn)
    for notice in notices:
        assert notice.card_id in active  # never an archived or deleted card
        for event_id in notice.ids:
            event = repo.get(event_id)
            assert event is not None and event.state == "fired"
            assert event.card_id == notice.card_id
        card = cards_service.get_card(ctx, notice.card_id)
        assert card is not None
        if notice.kind == "expiry":
            # Of the current cycle: the card's expiry as it is now.
            assert card.expiry is not None
            assert all(repo.get(i).cycle_key == card.expiry.key() for i in notice.ids)  # type: ignore[union-attr]
    # At most one timer row per card: a second identical timer is refused.
    timers = [k for k in keys if k[1] == "timer"]
    assert len(timers) == len(set(timers))
