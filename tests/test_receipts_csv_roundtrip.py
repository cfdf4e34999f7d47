"""CSV round trips keep everything: every field and the card link (issue 15).

The user's steps: export the log from one data folder, import the file into
another (a new computer, an empty folder), and find every receipt as it was,
still belonging to its card.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from companion.domain.card import Card
from companion.domain.money import Money
from companion.domain.receipt import Receipt
from companion.domain.receipt_query import ReceiptFilter, ReceiptSort
from companion.paths import data_paths
from companion.services.cards import save_card, set_archived
from companion.services.context import AppContext, open_context
from companion.services.receipts import ReceiptsService
from companion.services.receipts_io.receipts_csv import export_csv
from companion.services.receipts_io.receipts_csv_import import (
    CardChoice,
    ImportPlan,
    apply_import,
    validate,
)
from companion.services.receipts_io.receipts_csv_messages import check_summary, import_summary
from companion.services.receipts_io.receipts_csv_read import (
    default_mapping,
    parse_csv_bytes,
    read_csv,
)
from companion.store.receipts_repo import ReceiptsRepo

TEXTS = ["=SUM(A1)", "Кафе «Ромашка»", "two\nlines", 'say "hi"', "  spaced  ", "中国联通", ""]


@pytest.fixture
def other(tmp_path: Path, clock: object) -> Iterator[AppContext]:
    """A second, empty data folder: the new computer."""
    context = open_context(data_paths(tmp_path / "other"), clock=clock)  # type: ignore[arg-type]
    yield context
    context.close()


def _card(ctx: AppContext, label: str, archived: bool = False) -> int:
    card_id = save_card(ctx, Card(label=label, kind="esim", operator_name="MTS"))
    if archived:
        set_archived(ctx, card_id, True)
    return card_id


def _fill(ctx: AppContext) -> None:
    cards = [
        _card(ctx, "MTS SIM"),
        _card(ctx, "Travel eSIM «Лето»"),
        _card(ctx, "Old Beeline", archived=True),
        _card(ctx, "=cmd|' /C calc'!A0"),
    ]
    service = ReceiptsService(ctx)
    zones = ["Europe/Moscow", "Asia/Vladivostok", "Europe/Kaliningrad", "UTC", "Asia/Shanghai"]
    amounts = [Money(123450, "RUB"), Money(500, "JPY"), Money(1234, "KWD"), Money(1, "USD")]
    for i in range(15):
        zone = zones[i % len(zones)]
        text = TEXTS[i % len(TEXTS)]
        service.log(
            Receipt(
                paid_at=dt.datetime(2026, 1 + i % 10, 1 + i, 23, 59, 1, tzinfo=ZoneInfo(zone)),
                paid_zone=zone,
                amount=amounts[i % len(amounts)],
                method=["sbp", "cash_operator_shop", "alipay", "other"][i % 4],
                card_id=None if i % 5 == 4 else cards[i % len(cards)],
                plan_name=text,
                period_days=i or None,
                period_months=None if i % 2 else i,
                reference=f"REF-{i}{text}",
                code=text,
                vendor=text,
                notes=text,
            )
        )


def _everything(ctx: AppContext) -> list[tuple[object, ...]]:
    """Every field of every receipt a user can see, with its card's name."""
    rows = ReceiptsRepo(ctx.conn).page(ReceiptFilter(), ReceiptSort("paid", False), 0, 1000)
    return [
        (
            r.receipt.paid_at,
            r.receipt.paid_at.utcoffset(),
            r.receipt.paid_zone,
            r.receipt.amount,
            r.receipt.method,
            r.card_label,
            r.receipt.plan_name,
            r.receipt.period_days,
            r.receipt.period_months,
            r.receipt.reference,
            r.receipt.code,
            r.receipt.vendor,
            r.receipt.notes,
        )
        for r in rows
    ]


def _plan(ctx: AppContext, path: Path) -> ImportPlan:
    table = read_csv(path)
    return validate(
        table, default_mapping(table.header), ReceiptsRepo(ctx.conn), "Europe/Moscow", ctx.now()
    )


def _card_labels(ctx: AppContext) -> list[str]:
    return sorted(
        str(r[0]) for r in ctx.conn.execute("SELECT label FROM cards WHERE deleted_utc IS NULL")
    )


@pytest.mark.parametrize("excel", [False, True])
def test_export_then_import_into_an_empty_folder_keeps_every_field_and_card(
    ctx: AppContext, other: AppContext, tmp_path: Path, excel: bool
) -> None:
    _fill(ctx)
    out = tmp_path / "log.csv"
    assert export_csv(ReceiptsRepo(ctx.conn), out, excel=excel) == 15
    plan = _plan(other, out)
    assert not plan.errors and not plan.duplicates
    assert sorted(plan.missing_cards) == sorted(
        ["MTS SIM", "Travel eSIM «Лето»", "Old Beeline", "=cmd|' /C calc'!A0"]
    )
    assert "4 cards named in the file are not in your list" in check_summary(plan)
    result = apply_import(ReceiptsRepo(other.conn), plan, other.now())
    assert result.imported == 15
    assert sorted(result.created_cards) == sorted(plan.missing_cards)
    assert _everything(other) == _everything(ctx)
    assert _card_labels(other) == _card_labels(ctx)


def test_import_links_to_existing_cards_by_name(
    ctx: AppContext, other: AppContext, tmp_path: Path
) -> None:
    _fill(ctx)
    out = tmp_path / "log.csv"
    export_csv(ReceiptsRepo(ctx.conn), out)
    for label in ("MTS SIM", "Travel eSIM «Лето»", "=cmd|' /C calc'!A0"):
        _card(other, label)
    _card(other, "Old Beeline", archived=True)
    plan = _plan(other, out)
    assert plan.missing_cards == {}
    result = apply_import(ReceiptsRepo(other.conn), plan, other.now())
    assert result.created_cards == []
    assert _everything(other) == _everything(ctx)
    assert len(_card_labels(other)) == 4


def test_rows_naming_unknown_cards_are_never_silently_unlinked(
    ctx: AppContext, tmp_path: Path
) -> None:
    header = "paid_at,zone,amount,currency,method,card,reference\r\n"
    body = (
        "2026-11-01T10:00:00+03:00,Europe/Moscow,100.00,RUB,sbp,MTS SIM,A\r\n"
        "\r\n"
        "2026-11-02T10:00:00+03:00,Europe/Moscow,200.00,RUB,sbp,,B\r\n"
        "2026-11-03T10:00:00+03:00,Europe/Moscow,300.00,RUB,sbp,MTS SIM,C\r\n"
    )
    path = tmp_path / "in.csv"
    path.write_text(header + body, "utf-8")
    plan = _plan(ctx, path)
    assert plan.missing_cards == {"MTS SIM": [2, 5]}
    repo = ReceiptsRepo(ctx.conn)

    skipped = apply_import(repo, plan, ctx.now(), cards=CardChoice.SKIP)
    assert (skipped.imported, skipped.skipped_unknown_card) == (1, [2, 5])
    assert "Skipped 2 rows whose cards are not in your list: lines 2, 5." in import_summary(
        skipped
    )
    assert _card_labels(ctx) == []
    ctx.conn.execute("DELETE FROM receipts")

    unlinked = apply_import(repo, plan, ctx.now(), cards=CardChoice.NO_CARD)
    assert (unlinked.imported, unlinked.without_card) == (3, [2, 5])
    assert "Imported 2 rows without their cards: lines 2, 5." in import_summary(unlinked)
    assert _card_labels(ctx) == []


def test_several_cards_with_the_name_is_a_row_error(ctx: AppContext) -> None:
    _card(ctx, "SIM")
    _card(ctx, "SIM")
    text = "paid_at,amount,currency,card\r\n2026-11-01,100,RUB,SIM\r\n"
    table = parse_csv_bytes(text.encode())
    plan = validate(
        table, default_mapping(table.header), ReceiptsRepo(ctx.conn), "UTC", ctx.now()
    )
    ((error),) = plan.errors
    assert (error.line, error.column) == (2, "card")
    assert "Several cards are named “SIM”" in error.message


def test_a_card_name_the_card_form_refuses_is_a_row_error(ctx: AppContext) -> None:
    text = f"paid_at,amount,currency,card\r\n2026-11-01,100,RUB,{'x' * 201}\r\n"
    table = parse_csv_bytes(text.encode())
    plan = validate(
        table, default_mapping(table.header), ReceiptsRepo(ctx.conn), "UTC", ctx.now()
    )
    ((error),) = plan.errors
    assert (error.line, error.column) == (2, "card")
    assert "too long" in error.message


def test_check_names_files_a_csv_cannot_bring(ctx: AppContext) -> None:
    text = (
        "paid_at,amount,currency,attachments\r\n"
        "2026-11-01,100,RUB,attachments/ab/abcd.jpg\r\n"
        "2026-11-02,100,RUB,\r\n"
    )
    table = parse_csv_bytes(text.encode())
    plan = validate(
        table, default_mapping(table.header), ReceiptsRepo(ctx.conn), "UTC", ctx.now()
    )
    assert plan.attachment_lines == [2]
    assert "1 row names attached files" in check_summary(plan)
