"""A small, fixed demo data set for screenshots and manual checks.

Why fixed: screenshots are retaken after every UI change and compared by eye;
the same cards, receipts and "today" must appear every time. Everything goes
through the store/services layer where one exists. Each seeder is independent
and reports instead of failing, because the features it feeds are changing in
parallel; a seeder that no longer fits the schema says so and the screenshots
are still taken.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from zoneinfo import ZoneInfo

from companion.services.context import AppContext

#: "Today" in every screenshot: a weekday morning in Moscow.
DEMO_NOW = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC)
MOSCOW = "Europe/Moscow"


def demo_clock() -> dt.datetime:
    return DEMO_NOW


def seed_settings(ctx: AppContext) -> None:
    settings = ctx.settings.load()
    settings.welcome_done = True  # no first-run dialog over the screenshots
    settings.default_currency = "RUB"
    ctx.settings.save(settings)


def seed_cards(ctx: AppContext) -> None:
    """Three cards: one running out soon, one fine, one transport card.

    There is no cards repository on this branch yet, so the rows are written
    against the V1 ``cards`` table; replace with the cards service once merged.
    """
    from companion.store.database import transaction

    now = DEMO_NOW.isoformat(timespec="seconds")
    zone = ZoneInfo(MOSCOW)
    rows = [
        ("MTS travel SIM", "sim", "mts", "MTS", "+7 916 555-01-23", "Tariff «Moya Rossiya»",
         35000, "monthly", 1, dt.datetime(2026, 11, 27, 23, 59), 11230, ""),
        ("Beeline eSIM", "esim", "beeline", "Beeline", "+7 903 555-44-10", "Travel 30 GB",
         60000, "days", 30, dt.datetime(2026, 12, 19, 12, 0), 42000, ""),
        ("Troika", "transport", None, "Moscow Metro", "0012 3456 7890", "90 minutes",
         None, "none", None, None, 18500, "Top up at any metro station"),
    ]
    with transaction(ctx.conn):
        for (label, kind, op_id, op_name, number, plan, price, r_kind, r_value, expiry,
             balance, notes) in rows:
            expiry_utc = (
                None if expiry is None
                else expiry.replace(tzinfo=zone).astimezone(dt.UTC).isoformat(timespec="seconds")
            )
            ctx.conn.execute(
                """INSERT INTO cards (label, kind, operator_id, operator_name, number, plan_name,
                       plan_price_minor, plan_currency, renewal_kind, renewal_value,
                       expiry_local, expiry_zone, expiry_utc, balance_minor, balance_currency,
                       notes, created_utc, updated_utc)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (label, kind, op_id, op_name, number, plan, price,
                 "RUB" if price is not None else None, r_kind, r_value,
                 None if expiry is None else expiry.isoformat(timespec="minutes"),
                 None if expiry is None else MOSCOW, expiry_utc, balance, "RUB", notes,
                 now, now),
            )


def seed_receipts(ctx: AppContext) -> None:
    from companion.domain.money import Money
    from companion.domain.receipt import Receipt
    from companion.store.database import transaction
    from companion.store.receipts_repo import ReceiptsRepo

    zone = ZoneInfo(MOSCOW)
    card_ids = [row[0] for row in ctx.conn.execute("SELECT id FROM cards ORDER BY id")]
    mts, beeline, troika = ([*card_ids, None, None, None])[:3]
    receipts = [
        (dt.datetime(2026, 10, 27, 18, 5), 35000, "RUB", "sbp", mts, "Tariff «Moya Rossiya»",
         None, 1, "SBP 4021-7781", "MTS shop, Tverskaya 6"),
        (dt.datetime(2026, 11, 2, 10, 40), 5000, "RUB", "payment_terminal", troika, "",
         None, None, "T-118 204", "Metro Okhotny Ryad"),
        (dt.datetime(2026, 11, 19, 12, 0), 60000, "RUB", "operator_app", beeline,
         "Travel 30 GB", 30, None, "BL-20261119-553", "Beeline app"),
        (dt.datetime(2026, 11, 21, 16, 20), 1290, "USD", "travel_esim_store", None,
         "Russia 5 GB / 7 days", 7, None, "ORD-88213", "Travel eSIM store"),
        (dt.datetime(2026, 11, 23, 20, 15), 20000, "RUB", "cash_operator_shop", mts, "",
         None, None, "", "MTS shop, Nevsky 28"),
    ]
    repo = ReceiptsRepo(ctx.conn)
    with transaction(ctx.conn):
        for (paid, minor, currency, method, card, plan, days, months, reference,
             vendor) in receipts:
            repo.insert(
                Receipt(
                    paid_at=paid.replace(tzinfo=zone),
                    paid_zone=MOSCOW,
                    amount=Money(minor, currency),
                    method=method,
                    card_id=card,
                    plan_name=plan,
                    period_days=days,
                    period_months=months,
                    reference=reference,
                    vendor=vendor,
                ),
                DEMO_NOW,
            )


SEEDERS: tuple[tuple[str, Callable[[AppContext], None]], ...] = (
    ("settings", seed_settings),
    ("cards", seed_cards),
    ("receipts", seed_receipts),
)


def seed(ctx: AppContext) -> list[str]:
    """Run every seeder; returns the names of those that failed (and says why)."""
    failed = []
    for name, seeder in SEEDERS:
        try:
            seeder(ctx)
        except Exception as exc:  # a changed schema must not stop the screenshots
            print(f"demo data: {name} not seeded: {exc!r}", file=sys.stderr)
            failed.append(name)
    return failed
