"""CSV export and import: exact round trip, formula safety, broken files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from receipts_helpers import make_receipt

from companion.domain.money import Money
from companion.domain.receipt import Receipt
from companion.domain.receipt_query import ReceiptFilter, ReceiptSort
from companion.services.context import AppContext
from companion.services.receipts_io.receipts_csv import export_csv, neutralise, unneutralise
from companion.services.receipts_io.receipts_csv_import import ImportFailed, apply_import, validate
from companion.services.receipts_io.receipts_csv_read import (
    CsvFileError,
    default_mapping,
    parse_csv_bytes,
    read_csv,
)
from companion.store.database import transaction
from companion.store.receipts_repo import ReceiptsRepo

HEADER = "paid_at,zone,amount,currency,method,reference\r\n"


def _count(ctx: AppContext) -> int:
    return int(ctx.conn.execute("SELECT COUNT(*) FROM receipts").fetchone()[0])


def _fields(r: Receipt) -> tuple[object, ...]:
    return (
        r.paid_at,
        r.paid_at.utcoffset(),
        r.paid_zone,
        r.amount,
        r.method,
        r.plan_name,
        r.period_days,
        r.period_months,
        r.reference,
        r.code,
        r.vendor,
        r.notes,
    )


def _import(ctx: AppContext, path: Path, skip: set[int] = frozenset()) -> int:  # type: ignore[assignment]
    repo = ReceiptsRepo(ctx.conn)
    table = read_csv(path)
    plan = validate(table, default_mapping(table.header), repo, "Europe/Moscow", ctx.now())
    return apply_import(repo, plan, ctx.now(), skip_lines=skip).imported


TRICKY = [
    '=HYPERLINK("http://x")',
    "+7 916 000-00-00",
    "-5 days",
    "@SUM(A1)",
    "'=already quoted",
    "''+two",
    "Кафе «Ромашка», Тверская 1",
    "line one\nline two",
    'say "hi"',
    "  spaced  ",
    "中国联通",
    "",
]


@pytest.mark.parametrize("excel", [False, True])
def test_round_trip_is_exact(ctx: AppContext, tmp_path: Path, data_dir: Path, excel: bool) -> None:
    repo = ReceiptsRepo(ctx.conn)
    originals = []
    zones = ["Europe/Moscow", "Asia/Vladivostok", "Europe/Kaliningrad", "UTC"]
    currencies = [("RUB", 12345), ("JPY", 500), ("KWD", 1234), ("USD", 1)]
    with transaction(ctx.conn):
        for i, text in enumerate(TRICKY):
            zone = zones[i % len(zones)]
            code, minor = currencies[i % len(currencies)]
            r = Receipt(
                paid_at=dt.datetime(2025, 1 + i % 12, 1 + i, 23, 59, 1, tzinfo=ZoneInfo(zone)),
                paid_zone=zone,
                amount=Money(minor * (i + 1), code),
                method=["sbp", "cash_operator_shop", "alipay", "other"][i % 4],
                plan_name=text,
                period_days=i or None,
                period_months=None if i % 2 else i,
                reference=f"REF-{i}{text}",
                code=text,
                vendor=text,
                notes=text,
            )
            repo.insert(r, ctx.now())
            originals.append(r)
    out = tmp_path / "log.csv"
    assert export_csv(repo, out, excel=excel) == len(TRICKY)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == excel
    assert raw.split(b"\r\n", 1)[0].decode("utf-8-sig").split(";" if excel else ",")[0] == "paid_at"
    with transaction(ctx.conn):
        ctx.conn.execute("DELETE FROM receipts")
    assert _import(ctx, out) == len(TRICKY)
    back = [row.receipt for row in repo.page(ReceiptFilter(), ReceiptSort("paid", False), 0, 100)]
    want = sorted(originals, key=lambda r: r.paid_at)
    assert [_fields(r) for r in back] == [_fields(r) for r in want]


def test_export_uses_iso_dates_and_plain_amounts(ctx: AppContext, tmp_path: Path) -> None:
    repo = ReceiptsRepo(ctx.conn)
    with transaction(ctx.conn):
        repo.insert(make_receipt(minor=123450, reference="=cmd|' /C calc'!A0"), ctx.now())
    out = tmp_path / "a.csv"
    export_csv(repo, out)
    lines = out.read_text("utf-8").splitlines()
    assert lines[0].startswith("paid_at,zone,amount,currency,method")
    assert lines[1].startswith("2026-11-24T14:30:00+03:00,Europe/Moscow,1234.50,RUB,sbp,")
    assert ",'=cmd|' /C calc'!A0," in lines[1]


@given(st.text(max_size=30))
def test_neutralise_is_reversible_and_safe(text: str) -> None:
    cell = neutralise(text)
    assert unneutralise(cell) == text
    assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")


BROKEN: dict[str, bytes] = {
    "empty file": b"",
    "binary data": b"PK\x03\x04\x00\x00binary",
    "not utf-8": "paid_at,amount,currency\r\n2026-11-01,100,RUB\r\n".encode("cp1251")
    + "Ж".encode("cp1251"),
    "unterminated quote": (HEADER + '2026-11-01,Europe/Moscow,100,RUB,sbp,"open\r\n').encode(),
    "duplicate header": b"paid_at,amount,amount,currency\r\n2026-11-01,1,1,RUB\r\n",
}

ROW_ERRORS: dict[str, str] = {
    "missing required column": "paid_at,zone,currency\r\n2026-11-01,Europe/Moscow,RUB\r\n",
    "letters in amount": HEADER + "2026-11-01,Europe/Moscow,12abc,RUB,sbp,A\r\n",
    "negative amount": HEADER + "2026-11-01,Europe/Moscow,-5.00,RUB,sbp,A\r\n",
    "too many decimals": HEADER + "2026-11-01,Europe/Moscow,5.001,RUB,sbp,A\r\n",
    "unknown currency": HEADER + "2026-11-01,Europe/Moscow,5.00,XYZ,sbp,A\r\n",
    "bad date": HEADER + "31.02.2026,Europe/Moscow,5.00,RUB,sbp,A\r\n",
    "unknown zone": HEADER + "2026-11-01,Mars/Olympus,5.00,RUB,sbp,A\r\n",
    "unknown method": HEADER + "2026-11-01,Europe/Moscow,5.00,RUB,carrier_pigeon,A\r\n",
    "ragged row": HEADER + "2026-11-01,Europe/Moscow,5.00\r\n",
    "absurd amount": HEADER + "2026-11-01,Europe/Moscow,999999999999999,RUB,sbp,A\r\n",
}

GOOD_ROWS = "2026-11-02,Europe/Moscow,100.00,RUB,sbp,OK1\r\n2026-11-03,,200,RUB,,OK2\r\n"


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_file_is_refused_with_a_message(ctx: AppContext, tmp_path: Path, kind: str) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes(BROKEN[kind])
    with pytest.raises(CsvFileError) as info:
        read_csv(path)
    assert str(info.value)
    assert _count(ctx) == 0


@pytest.mark.parametrize("kind", sorted(ROW_ERRORS))
def test_bad_rows_import_nothing(ctx: AppContext, tmp_path: Path, kind: str) -> None:
    text = ROW_ERRORS[kind]
    if text.startswith(HEADER):
        text = HEADER + GOOD_ROWS + text[len(HEADER) :]
    path = tmp_path / "bad.csv"
    path.write_text(text, "utf-8")
    repo = ReceiptsRepo(ctx.conn)
    table = read_csv(path)
    plan = validate(table, default_mapping(table.header), repo, "Europe/Moscow", ctx.now())
    assert plan.file_error or plan.errors
    with pytest.raises(ImportFailed):
        apply_import(repo, plan, ctx.now())
    assert _count(ctx) == 0
    if plan.errors:
        # Skipping the bad rows lets the good ones in, and only them.
        assert {e.line for e in plan.errors} == {4}
        assert apply_import(repo, plan, ctx.now(), skip_lines=plan.error_lines()).imported == 2
        assert _count(ctx) == 2


def test_error_report_names_row_and_column(ctx: AppContext) -> None:
    table = parse_csv_bytes((HEADER + "2026-11-01,Europe/Moscow,1.234,RUB,sbp,A\r\n").encode())
    plan = validate(
        table, default_mapping(table.header), ReceiptsRepo(ctx.conn), "UTC", ctx.now()
    )
    (error,) = plan.errors
    assert (error.line, error.column) == (2, "amount")
    assert "RUB" in error.message


def test_duplicates_are_detected_and_skipped(ctx: AppContext, tmp_path: Path) -> None:
    repo = ReceiptsRepo(ctx.conn)
    with transaction(ctx.conn):
        repo.insert(make_receipt(minor=10000, reference="DUP", hour=0, day=2), ctx.now())
    text = (
        HEADER
        + "2026-11-02T00:30:00+03:00,Europe/Moscow,100.00,RUB,sbp,DUP\r\n"
        + ("2026-11-05,Europe/Moscow,100.00,RUB,sbp,NEW\r\n" * 2)
    )
    table = parse_csv_bytes(text.encode())
    plan = validate(table, default_mapping(table.header), repo, "UTC", ctx.now())
    assert plan.duplicates == [2, 4]
    assert apply_import(repo, plan, ctx.now()).imported == 1
    assert _count(ctx) == 2


def test_semicolon_file_with_bom_and_mapping(ctx: AppContext) -> None:
    text = "\ufeffДата;Сумма;Валюта;Номер\r\n2026-11-01;350,50;rub;A-1\r\n"
    table = parse_csv_bytes(text.encode("utf-8"))
    mapping = default_mapping(table.header)
    assert mapping == {"paid_at": 0, "amount": 1, "currency": 2, "reference": 3}
    plan = validate(table, mapping, ReceiptsRepo(ctx.conn), "Europe/Moscow", ctx.now())
    assert not plan.errors
    ((_line, receipt, _card),) = ((r.line, r.receipt, r.new_card) for r in plan.receipts)
    assert receipt.amount == Money(35050, "RUB")
    assert receipt.paid_at.tzinfo == ZoneInfo("Europe/Moscow")


def test_cancelled_export_leaves_no_file(ctx: AppContext, tmp_path: Path) -> None:
    from companion.services.job_control import JobCancelled

    repo = ReceiptsRepo(ctx.conn)
    with transaction(ctx.conn):
        repo.insert_many([make_receipt(reference=str(i)) for i in range(4500)], ctx.now())
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "big.csv"
    seen: list[tuple[int, int]] = []
    with pytest.raises(JobCancelled):
        export_csv(
            repo,
            target,
            progress=lambda d, t: seen.append((d, t)),
            cancelled=lambda: len(seen) >= 1,
        )
    assert seen == [(2000, 4500)]
    assert list(out_dir.iterdir()) == []


def test_import_dialog_checks_then_imports_all_or_nothing(
    qtbot: object, ctx: AppContext, tmp_path: Path
) -> None:
    from companion.ui.receipts.receipts_import_dialog import ImportDialog

    path = tmp_path / "in.csv"
    path.write_text(HEADER + GOOD_ROWS + "2026-11-04,Europe/Moscow,oops,RUB,sbp,BAD\r\n", "utf-8")
    dialog = ImportDialog(ctx, path)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not dialog.reading, timeout=10000)  # type: ignore[attr-defined]
    assert dialog.mapping()["amount"] == 2
    assert not dialog.import_button.isEnabled()
    dialog.check()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10000)  # type: ignore[attr-defined]
    assert dialog.errors.count() == 1
    assert "Line 4" in dialog.errors.item(0).text()
    assert not dialog.import_button.isEnabled()
    dialog.skip_errors.setChecked(True)
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=10000):  # type: ignore[attr-defined]
        dialog.run_import()
    assert _count(ctx) == 2
