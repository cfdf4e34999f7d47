"""Hostile CSV cells and a failing disk: a row error with line and column,
or one sentence, and nothing imported (issues 15 and 18)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.domain.money import Money
from companion.domain.receipt import Receipt
from companion.i18n import set_language
from companion.paths import data_paths
from companion.services.context import AppContext
from companion.services.receipts import ReceiptsService
from companion.services.receipts_io.receipts_csv import export_csv
from companion.services.receipts_io.receipts_csv_import import (
    ImportFailed,
    ImportPlan,
    apply_import,
    import_file,
    validate,
)
from companion.services.receipts_io.receipts_csv_read import (
    CsvFileError,
    default_mapping,
    parse_csv_bytes,
)
from companion.store.receipts_repo import ReceiptsRepo

HEADER = "paid_at,zone,amount,currency,method,reference\r\n"
GOOD = "2026-11-02T10:00:00+03:00,Europe/Moscow,100.00,RUB,sbp,OK\r\n"


def _plan(ctx: AppContext, text: str | bytes) -> ImportPlan:
    data = text.encode() if isinstance(text, str) else text
    table = parse_csv_bytes(data)
    return validate(
        table, default_mapping(table.header), ReceiptsRepo(ctx.conn), "Europe/Moscow", ctx.now()
    )


def _count(ctx: AppContext) -> int:
    return int(ctx.conn.execute("SELECT COUNT(*) FROM receipts").fetchone()[0])


OUT_OF_RANGE = [
    "0001-01-01",
    "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:59:59-12:00",
    "9999-12-31",
    "1900-01-01T00:00:00+03:00",
    "2030-01-01",
    "2026-11-26T12:00:00+03:00",
]


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_out_of_range_dates_are_row_errors_with_line_and_column(
    ctx: AppContext, value: str, language: str
) -> None:
    set_language(language)
    plan = _plan(ctx, HEADER + GOOD + f"{value},Europe/Moscow,5.00,RUB,sbp,X\r\n" + GOOD)
    ((error),) = plan.errors
    assert (error.line, error.column) == (3, "paid_at")
    assert "out of range" not in error.message
    if language == "ru":
        assert "Дата оплаты" in error.message
    assert len(plan.receipts) == 2


def test_import_and_form_refuse_the_same_dates(qtbot: object, ctx: AppContext) -> None:
    """One rule: the form's message is the import's message, for each date."""

    from companion.ui.receipts.receipt_form import ReceiptForm

    form = ReceiptForm(ctx)
    qtbot.addWidget(form)  # type: ignore[attr-defined]
    form.amount.setText("100")
    form._set_zone("Europe/Moscow")
    for day, refused in (
        ("2030-01-01T10:00", True),
        ("2026-11-26T10:00", True),
        ("1989-12-31T10:00", True),
        ("2026-11-24T10:00", False),
        ("1990-01-02T10:00", False),
    ):
        when = dt.datetime.fromisoformat(day)
        form.paid.set_date(when.date())
        form.paid_time.set_time(dt.time(when.hour, 0))
        form_result = form.validate()
        plan = _plan(ctx, HEADER + f"{day},Europe/Moscow,100,RUB,sbp,{day}\r\n")
        assert (form_result is None) == refused == bool(plan.errors), day
        if refused:
            assert form.paid_error.text() == plan.errors[0].message


@pytest.mark.parametrize(
    "zone", ["Europe", "America", "America/", "x" * 300, "../x", "/etc/passwd", "Mars/Olympus"]
)
def test_bad_zone_cells_are_row_errors(ctx: AppContext, zone: str) -> None:
    plan = _plan(ctx, HEADER + f"2026-11-01,{zone},5.00,RUB,sbp,X\r\n")
    ((error),) = plan.errors
    assert (error.line, error.column) == (2, "zone")
    assert "is not a time zone" in error.message
    assert len(error.message) < 200  # the cell is not echoed whole


@pytest.mark.parametrize(
    ("cell", "words"),
    [("2026-03-29T02:30", "did not exist"), ("2026-10-25T02:30", "happened twice")],
)
def test_a_wall_clock_time_the_clocks_skipped_or_repeated_is_refused(
    ctx: AppContext, cell: str, words: str
) -> None:
    plan = _plan(ctx, HEADER + f"{cell},Europe/Berlin,5.00,EUR,sbp,X\r\n")
    ((error),) = plan.errors
    assert error.column == "paid_at" and words in error.message
    with_offset = _plan(ctx, HEADER + f"{cell}:00+01:00,Europe/Berlin,5.00,EUR,sbp,X\r\n")
    assert not with_offset.errors


@pytest.mark.parametrize(
    ("cell", "column"),
    [("１２３", "amount"), ("1e3", "amount"), ("−5", "amount"), ("٣", "amount")],
)
def test_amounts_are_ascii_plain_numbers(ctx: AppContext, cell: str, column: str) -> None:
    plan = _plan(ctx, HEADER + f"2026-11-01,Europe/Moscow,{cell},RUB,sbp,X\r\n")
    ((error),) = plan.errors
    assert (error.line, error.column) == (2, column)


@pytest.mark.parametrize("cell", ["²", "٣", "3661", "-1", "1.5"])
def test_period_cells_follow_the_forms_limits(ctx: AppContext, cell: str) -> None:
    text = f"paid_at,amount,currency,period_days\r\n2026-11-01,5,RUB,{cell}\r\n"
    plan = _plan(ctx, text)
    ((error),) = plan.errors
    assert (error.line, error.column) == (2, "period_days")
    assert "0 to 3,660" in error.message


def _editor_line(text: str, marker: str) -> int:
    """The line a text editor shows ``marker`` on."""
    before = text[: text.index(marker)]
    return before.count("\n") + before.replace("\r\n", "").count("\r") + 1


def test_error_lines_are_the_files_physical_lines(ctx: AppContext) -> None:
    text = (
        "\r\n"
        + HEADER
        + GOOD
        + "\r\n\r\n"
        + '2026-11-03,Europe/Moscow,5.00,RUB,sbp,"a cell\r\nof three\r\nlines"\r\n'
        + "\n"
        + "2026-11-04,Europe/Moscow,BAD1,RUB,sbp,X\r\n"
        + '2026-11-05,Europe/Moscow,5.00,RUB,sbp,"two\nlines"\r\n'
        + "2026-11-06,Europe/Moscow,5.00,RUB,BAD2,X\r\n"
    )
    plan = _plan(ctx, text)
    assert [e.line for e in plan.errors] == [
        _editor_line(text, "BAD1"),
        _editor_line(text, "BAD2"),
    ] == [10, 13]
    assert [r.line for r in plan.receipts] == [3, 6, 11]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    blanks=st.lists(st.integers(0, 3), min_size=4, max_size=4),
    breaks=st.lists(st.integers(0, 3), min_size=4, max_size=4),
    bad=st.integers(0, 3),
)
def test_line_numbers_hold_for_any_blank_lines_and_multiline_cells(
    ctx: AppContext, blanks: list[int], breaks: list[int], bad: int
) -> None:
    text = HEADER
    for i in range(4):
        text += "\r\n" * blanks[i]
        note = "\r\n".join(["x"] * (breaks[i] + 1))
        amount = f"BAD{i}" if i == bad else "5"
        text += f'2026-11-0{i + 1},Europe/Moscow,{amount},RUB,sbp,"{note}"\r\n'
    plan = _plan(ctx, text)
    assert [e.line for e in plan.errors] == [_editor_line(text, f"BAD{bad}")]


def test_an_unclosed_quote_names_the_line_it_opens_on() -> None:
    text = HEADER + GOOD + "\r\n" + '2026-11-01,Europe/Moscow,5,RUB,sbp,"open\r\nmore\r\n'
    with pytest.raises(CsvFileError) as info:
        parse_csv_bytes(text.encode())
    assert "line 4" in str(info.value)


def test_files_that_are_not_utf8_csv_are_one_translated_sentence() -> None:
    set_language("ru")
    cases = {
        "utf16": (HEADER + GOOD).encode("utf-16"),
        "cp1251": HEADER.encode() + "2026-11-01,Europe/Moscow,5,RUB,sbp,Ж\r\n".encode("cp1251"),
        "nul": HEADER.encode() + b"2026\x00",
        "only quotes": b'""\r\n""\r\n',
        "huge cell": HEADER.encode() + b'2026-11-01,UTC,5,RUB,sbp,"' + b"x" * 200_000 + b'"\r\n',
    }
    for name, data in cases.items():
        with pytest.raises(CsvFileError) as info:
            parse_csv_bytes(data)
        message = str(info.value)
        assert any("а" <= c <= "я" for c in message), (name, message)


# ----- a disk that fills up ---------------------------------------------------------
def _big_file(ctx: AppContext, tmp_path: Path, rows: int) -> Path:
    lines = [HEADER] + [
        f"2026-11-01T10:{i % 60:02d}:00+03:00,Europe/Moscow,{i}.00,RUB,sbp,"
        f"REF-{i}-{'n' * 200}\r\n"
        for i in range(rows)
    ]
    path = tmp_path / "big.csv"
    path.write_text("".join(lines), "utf-8")
    return path


def _limit_pages(conn: sqlite3.Connection, extra: int) -> None:
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    conn.execute(f"PRAGMA max_page_count = {pages + extra}")


def test_a_full_disk_says_so_and_imports_nothing(ctx: AppContext, tmp_path: Path) -> None:
    ReceiptsService(ctx).log(
        Receipt(
            paid_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
            paid_zone="UTC",
            amount=Money(100, "RUB"),
            method="sbp",
        )
    )
    plan = _plan(ctx, _big_file(ctx, tmp_path, 3000).read_bytes())
    assert not plan.errors and len(plan.receipts) == 3000
    _limit_pages(ctx.conn, 20)
    with pytest.raises(ImportFailed) as info:
        apply_import(ReceiptsRepo(ctx.conn), plan, ctx.now())
    assert "disk is full" in str(info.value)
    assert "Nothing was imported" in str(info.value)
    assert "rollback" not in str(info.value)
    assert _count(ctx) == 1
    # The connection is usable afterwards: no transaction left open.
    assert not ctx.conn.in_transaction


def test_a_full_disk_in_russian(ctx: AppContext, tmp_path: Path) -> None:
    set_language("ru")
    plan = _plan(ctx, _big_file(ctx, tmp_path, 2000).read_bytes())
    _limit_pages(ctx.conn, 10)
    with pytest.raises(ImportFailed) as info:
        apply_import(ReceiptsRepo(ctx.conn), plan, ctx.now())
    assert "Диск заполнен" in str(info.value)
    assert _count(ctx) == 0


def test_import_file_reports_a_data_folder_it_cannot_open(
    ctx: AppContext, tmp_path: Path
) -> None:
    plan = _plan(ctx, HEADER + GOOD)
    broken = data_paths(tmp_path / "broken")
    broken.ensure()
    broken.database.write_bytes(b"not a database at all" * 100)
    with pytest.raises(ImportFailed) as info:
        import_file(broken, plan, ctx.now())
    assert "nothing was imported" in str(info.value)


def test_export_neutralises_formula_cells_in_the_card_column(
    ctx: AppContext, tmp_path: Path
) -> None:
    """The card name is user text too (the formula test of the other text
    columns lives in test_suite_gaps)."""
    from companion.domain.card import Card
    from companion.services.cards import save_card

    card_id = save_card(ctx, Card(label="@SUM(A1)"))
    ReceiptsService(ctx).log(
        Receipt(
            paid_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
            paid_zone="UTC",
            amount=Money(100, "RUB"),
            method="sbp",
            card_id=card_id,
        )
    )
    out = tmp_path / "out.csv"
    export_csv(ReceiptsRepo(ctx.conn), out)
    assert ",'@SUM(A1)," in out.read_text("utf-8")


def test_export_of_a_zone_this_computer_does_not_know_is_no_traceback(
    ctx: AppContext, tmp_path: Path
) -> None:
    """A database restored from elsewhere may hold any zone text."""
    ReceiptsService(ctx).log(
        Receipt(
            paid_at=dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC),
            paid_zone="UTC",
            amount=Money(100, "RUB"),
            method="sbp",
        )
    )
    ctx.conn.execute("UPDATE receipts SET paid_zone = 'Europe'")
    out = tmp_path / "out.csv"
    assert export_csv(ReceiptsRepo(ctx.conn), out) == 1
    line = out.read_text("utf-8").splitlines()[1]
    assert line.startswith("2026-11-01T12:00:00+00:00,Europe,1.00,RUB,")
    plan = _plan(ctx, out.read_bytes())
    assert [(e.line, e.column) for e in plan.errors] == [(2, "zone")]


def test_fractions_of_a_second_are_refused_not_cut_off(ctx: AppContext) -> None:
    plan = _plan(ctx, HEADER + "2026-11-01T10:00:00.5+03:00,Europe/Moscow,5.00,RUB,sbp,X\r\n")
    ((error),) = plan.errors
    assert (error.line, error.column) == (2, "paid_at")
    assert "fractions of a second" in error.message


def test_one_line_texts_longer_than_the_form_holds_are_refused(ctx: AppContext) -> None:
    """The form's line fields hold 32,767 characters; editing a longer text
    would cut it short without a word."""
    text = f"paid_at,amount,currency,reference,notes\r\n2026-11-01,5,RUB,{'r' * 32768},{'n' * 40000}\r\n"
    plan = _plan(ctx, text)
    assert [(e.line, e.column) for e in plan.errors] == [(2, "reference")]
    assert "32,768" in plan.errors[0].message


def test_a_file_with_only_a_header_says_so(ctx: AppContext) -> None:
    from companion.services.receipts_io.receipts_csv_messages import check_summary

    plan = _plan(ctx, HEADER + "\r\n\r\n")
    assert check_summary(plan) == "The file has a header row but no receipts."
