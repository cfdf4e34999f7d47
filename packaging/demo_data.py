"""A small, fixed demo data set for screenshots and manual checks.

Why fixed: screenshots are retaken after every UI change and compared by eye;
the same cards, receipts and "today" must appear every time.

Why through the services: the demo data is made the way the app makes data
(``cards.save_card``, ``ReceiptsService.log``, the settings the Settings page
saves), so it always fits the current schema, its reminders are planned, and
a value the app would refuse is refused here too. A seeder that fails stops
the run with its error: screenshots of half a data set would be compared by
eye against whole ones and mislead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from companion.domain.card import Card, normalize_number
from companion.domain.expiry import Expiry, RenewalRule
from companion.domain.money import Money
from companion.domain.receipt import Receipt
from companion.services import cards as cards_service
from companion.services.context import AppContext
from companion.services.receipts import ReceiptsService

#: "Today" in every screenshot: a weekday morning in Moscow.
DEMO_NOW = dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC)
MOSCOW = "Europe/Moscow"


def demo_clock() -> dt.datetime:
    return DEMO_NOW


@dataclass(frozen=True)
class DemoCards:
    """The ids the demo cards were given, for the receipts that name them."""

    mts: int
    beeline: int
    troika: int


def seed_settings(ctx: AppContext) -> None:
    settings = ctx.settings.load()
    settings.welcome_done = True  # no first-run dialog over the screenshots
    settings.default_currency = "RUB"
    ctx.settings.save(settings)


def _rub(minor: int) -> Money:
    return Money(minor, "RUB")


def seed_cards(ctx: AppContext) -> DemoCards:
    """Three cards: one running out soon, one fine, one transport card."""
    mts = Card(
        "MTS travel SIM",
        kind="sim",
        operator_id="mts",
        operator_name="MTS",
        number=normalize_number("+7 916 555-01-23", "sim"),
        plan_name="Tariff «Moya Rossiya»",
        plan_price=_rub(35000),
        renewal=RenewalRule("monthly", 1),
        expiry=Expiry(dt.datetime(2026, 11, 27, 23, 59), MOSCOW),
        balance=_rub(11230),
    )
    beeline = Card(
        "Beeline eSIM",
        kind="esim",
        operator_id="beeline",
        operator_name="Beeline",
        number=normalize_number("+7 903 555-44-10", "esim"),
        plan_name="Travel 30 GB",
        plan_price=_rub(60000),
        renewal=RenewalRule("days", 30),
        expiry=Expiry(dt.datetime(2026, 12, 19, 12, 0), MOSCOW),
        balance=_rub(42000),
    )
    troika = Card(
        "Troika",
        kind="transport",
        operator_name="Moscow Metro",
        number=normalize_number("0012 3456 7890", "transport"),
        plan_name="90 minutes",
        balance=_rub(18500),
        notes="Top up at any metro station",
    )
    return DemoCards(
        mts=cards_service.save_card(ctx, mts),
        beeline=cards_service.save_card(ctx, beeline),
        troika=cards_service.save_card(ctx, troika),
    )


def seed_receipts(ctx: AppContext, cards: DemoCards) -> list[int]:
    """Five receipts of the last month, in Moscow time; returns their ids."""
    zone = ZoneInfo(MOSCOW)

    def paid(month: int, day: int, hour: int, minute: int) -> dt.datetime:
        return dt.datetime(2026, month, day, hour, minute, tzinfo=zone)

    receipts = [
        Receipt(paid(10, 27, 18, 5), MOSCOW, _rub(35000), "sbp", card_id=cards.mts,
                plan_name="Tariff «Moya Rossiya»", period_months=1,
                reference="SBP 4021-7781", vendor="MTS shop, Tverskaya 6"),
        Receipt(paid(11, 2, 10, 40), MOSCOW, _rub(5000), "payment_terminal",
                card_id=cards.troika, reference="T-118 204", vendor="Metro Okhotny Ryad"),
        Receipt(paid(11, 19, 12, 0), MOSCOW, _rub(60000), "operator_app", card_id=cards.beeline,
                plan_name="Travel 30 GB", period_days=30, reference="BL-20261119-553",
                vendor="Beeline app"),
        Receipt(paid(11, 21, 16, 20), MOSCOW, Money(1290, "USD"), "travel_esim_store",
                plan_name="Russia 5 GB / 7 days", period_days=7, reference="ORD-88213",
                vendor="Travel eSIM store"),
        Receipt(paid(11, 23, 20, 15), MOSCOW, _rub(20000), "cash_operator_shop",
                card_id=cards.mts, vendor="MTS shop, Nevsky 28"),
    ]
    service = ReceiptsService(ctx)
    return [service.log(receipt) for receipt in receipts]


def seed(ctx: AppContext) -> DemoCards:
    """Fill an empty data folder with the demo data set."""
    seed_settings(ctx)
    cards = seed_cards(ctx)
    seed_receipts(ctx, cards)
    return cards
