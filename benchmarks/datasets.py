"""Deterministic data sets for the benchmarks, built through the real layers.

Receipts go in with one executemany (benchmarks.receipts.generate_receipts)
because 100,000 single inserts would measure the generator, not the app.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from benchmarks.receipts import generate_receipts
from companion.paths import data_paths
from companion.services.context import AppContext, open_context
from companion.store.attachments_store import AttachmentStore
from companion.store.database import transaction

ZONES = ("Europe/Moscow", "Asia/Yekaterinburg", "Asia/Shanghai", "Europe/Berlin")


def make_cards(ctx: AppContext, count: int, seed: int = 3) -> list[int]:
    from companion.domain.card import Card
    from companion.domain.expiry import Expiry, RenewalRule
    from companion.domain.money import Money
    from companion.services.cards import save_card

    rng = random.Random(seed)
    base = dt.datetime(2026, 11, 24, 23, 59)
    ids: list[int] = []
    for i in range(count):
        card = Card(
            label=f"Card {i:04d}",
            kind=("sim", "esim", "travel_esim", "transport")[i % 4],
            operator_id=("mts", "megafon", "beeline", "t2", "yota")[i % 5],
            plan_name=f"Plan {i % 7}",
            plan_price=Money(rng.randrange(30000, 90000), "RUB"),
            renewal=RenewalRule("days", 30),
            expiry=Expiry(base + dt.timedelta(hours=rng.randrange(-200, 2000)), ZONES[i % 4]),
        )
        ids.append(save_card(ctx, card))
    return ids


def make_attachments(ctx: AppContext, count: int, folder: Path, seed: int = 5) -> None:
    """``count`` small distinct PNG-named files linked to the first receipts."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    store = AttachmentStore(ctx.conn, ctx.paths.attachments)
    receipt_ids = [r[0] for r in ctx.conn.execute("SELECT id FROM receipts ORDER BY id LIMIT ?",
                                                   (count,))]
    with transaction(ctx.conn):
        for i, receipt_id in enumerate(receipt_ids):
            source = folder / f"receipt-{i:05d}.pdf"
            source.write_bytes(b"%PDF-1.4\n" + rng.randbytes(2048))
            att = store.add_file(source, ctx.now())
            store.link(receipt_id, [att.id])


def startup_data(root: Path) -> Path:
    """20 cards, 10,000 receipts, 1,000 attachments: a well-used install."""
    data = root / "startup-data"
    if (data / "companion.sqlite3").exists():
        return data
    ctx = open_context(data_paths(data))
    make_cards(ctx, 20)
    generate_receipts(ctx.conn, 10_000)
    make_attachments(ctx, 1_000, root / "sources")
    # A real install has welcome done and a backup from today.
    settings = ctx.settings.load()
    settings.welcome_done = True
    ctx.settings.save(settings)
    ctx.close()
    return data
