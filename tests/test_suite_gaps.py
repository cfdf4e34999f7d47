"""Rules that nothing else in the suite would notice breaking.

Each test here pins one boundary a plausible edit could move unnoticed: a
``<=`` turned into ``<``, "latest" turned into "first", a formula prefix
dropped from a list, a hash computed over part of a file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from receipts_helpers import make_receipt

from companion.domain.card import Card
from companion.domain.expiry import Expiry, expiry_state
from companion.services import cards as cards_service
from companion.services import reminders
from companion.services.receipts import ReceiptsService
from companion.services.receipts_io.receipts_csv import export_csv
from companion.store.database import transaction
from companion.store.receipts_repo import ReceiptsRepo

MOSCOW = "Europe/Moscow"


# ----- expiry at the very instant -------------------------------------------------
def test_an_expiry_exactly_now_is_expired() -> None:
    expiry = Expiry(dt.datetime(2026, 12, 1, 23, 59), MOSCOW)
    now = expiry.instant
    assert expiry_state(expiry, now) == "expired"
    assert expiry_state(expiry, now - dt.timedelta(microseconds=1)) == "due_today"


# ----- catch-up after sleep shows the latest missed lead --------------------------
def test_catch_up_shows_the_latest_missed_lead(ctx: Any, clock: Any) -> None:
    """Leads fall on 27 Nov (7 d), 1 Dec (3 d), 3 Dec (1 d) and 4 Dec (day of).

    Asleep from 26 Nov to 3 Dec 12:00, three of them are due. The one shown
    is the 1-day lead, the most recent and so the most truthful; the older
    two are marked fired without being shown.
    """
    card = Card("MTS SIM", expiry=Expiry(dt.datetime(2026, 12, 4, 23, 59), MOSCOW))
    cards_service.save_card(ctx, card)
    clock.set(dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC))
    assert reminders.fire_due(ctx) == []
    clock.set(dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC))
    shown = reminders.fire_due(ctx)
    assert len(shown) == 1
    row = ctx.conn.execute(
        "SELECT lead_minutes, due_utc FROM reminder_events WHERE id = ?", (shown[0].event_id,)
    ).fetchone()
    assert row["lead_minutes"] == 1440
    assert shown[0].due == dt.datetime(2026, 12, 3, 6, 0, tzinfo=dt.UTC)
    assert "expires in 1 day" in shown[0].text


# ----- CSV export never hands a spreadsheet a formula -----------------------------
@pytest.mark.parametrize(
    "text",
    [
        "=HYPERLINK(\"http://x\",\"y\")",
        "+7 916 000-00-00",
        "-500",
        "@SUM(A1)",
        "\t=1+1",
        "\r=1+1",
        "'=already quoted",
    ],
)
def test_csv_export_neutralises_formula_cells(ctx: Any, tmp_path: Path, text: str) -> None:
    import csv

    repo = ReceiptsRepo(ctx.conn)
    with transaction(ctx.conn):
        repo.insert(make_receipt(reference=text, notes=text, vendor=text), ctx.now())
    out = tmp_path / "log.csv"
    assert export_csv(repo, out) == 1
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for column in ("reference", "notes", "vendor"):
        cell = rows[0][column]
        assert cell == "'" + text, column
        assert cell[0] not in "=+-@\t\r"


def test_csv_export_leaves_ordinary_cells_alone(ctx: Any, tmp_path: Path) -> None:
    import csv

    repo = ReceiptsRepo(ctx.conn)
    with transaction(ctx.conn):
        repo.insert(make_receipt(reference="SBP 42", notes="a=b, c+d"), ctx.now())
    out = tmp_path / "log.csv"
    export_csv(repo, out)
    with out.open(encoding="utf-8", newline="") as fh:
        row = next(csv.DictReader(fh))
    assert (row["reference"], row["notes"]) == ("SBP 42", "a=b, c+d")


# ----- attachments differing anywhere are different files -------------------------
_SIZE = 10 * 1024 * 1024


@pytest.mark.parametrize("where", [9, _SIZE // 2, _SIZE - 1])  # 9: first byte after the magic
def test_attachments_differing_in_one_byte_are_two_files(
    ctx: Any, tmp_path: Path, where: int
) -> None:
    data = bytearray(b"%PDF-1.4\n" + bytes(range(256)) * (_SIZE // 256))[:_SIZE]
    first = tmp_path / "a.pdf"
    first.write_bytes(bytes(data))
    data[where] ^= 0x01
    second = tmp_path / "b.pdf"
    second.write_bytes(bytes(data))
    service = ReceiptsService(ctx)
    one = service.log(make_receipt(reference="A"), [first])
    two = service.log(make_receipt(reference="B"), [second])
    ids_one = service.repo.get(one).attachment_ids  # type: ignore[union-attr]
    ids_two = service.repo.get(two).attachment_ids  # type: ignore[union-attr]
    assert ids_one != ids_two
    stored = sorted(p for p in ctx.paths.attachments.rglob("*") if p.is_file())
    assert len(stored) == 2
    assert {p.read_bytes() for p in stored} == {first.read_bytes(), second.read_bytes()}
