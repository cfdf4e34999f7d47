"""Writes receipts through the real store in a loop, printing each id once its
transaction has committed. Started and SIGKILLed by test_safety_crash.py."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from companion.domain.money import Money
from companion.domain.receipt import Receipt
from companion.paths import data_paths
from companion.services.context import open_context
from companion.store.database import transaction
from companion.store.receipts_repo import ReceiptsRepo


def main(data_dir: str) -> None:
    ctx = open_context(data_paths(Path(data_dir)))
    repo = ReceiptsRepo(ctx.conn)
    n = 0
    print("ready", flush=True)
    while True:
        n += 1
        now = dt.datetime.now(dt.UTC)
        receipt = Receipt(
            paid_at=now,
            paid_zone="Europe/Moscow",
            amount=Money(n, "RUB"),
            method="sbp",
            notes="crash test " + "x" * (n % 500),
        )
        with transaction(ctx.conn):
            rid = repo.insert(receipt, now)
        print(rid, flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
