"""Fuzzing the CSV import with seeded mutations of a real exported file.

Every case must end in one of two ways: refused with translated sentences
(each row error with its line and column), and nothing written; or accepted
whole, with exactly the rows the check promised. Never an exception, never
half a file. The whole run is in Russian, so an English sentence that
escaped translation (or a raw exception text) is caught too.

The normal suite runs ``DEFAULT_CASES`` cases in a few seconds. A bigger run:

    COMPANION_FUZZ_CASES=20000 ./run.sh pytest tests/test_receipts_csv_fuzz.py -q

``COMPANION_FUZZ_SEED`` moves the whole run to other seeds; a failure names
the seed of its case, and ``COMPANION_FUZZ_ONLY=<seed>`` replays just that one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import random
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from companion.domain.card import Card
from companion.domain.money import Money
from companion.domain.receipt import Receipt
from companion.i18n import set_language
from companion.paths import data_paths
from companion.services.cards import save_card
from companion.services.context import AppContext, open_context
from companion.services.receipts import ReceiptsService
from companion.services.receipts_io.receipts_csv import FIELDS, export_csv
from companion.services.receipts_io.receipts_csv_import import ImportFailed, apply_import, validate
from companion.services.receipts_io.receipts_csv_messages import (
    check_summary,
    import_summary,
    new_rows,
)
from companion.services.receipts_io.receipts_csv_read import (
    CsvFileError,
    default_mapping,
    parse_csv_bytes,
)
from companion.store.receipts_repo import ReceiptsRepo

DEFAULT_CASES = 600
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
CYRILLIC = re.compile("[а-яА-ЯёЁ]")

HOSTILE_CELLS: list[str] = [
    "", " ", "=1+1", "+7 916", "-5", "@SUM(A1)", "\t=x", "\r=x", "'=x", "''", "'",
    '"', '""', 'a"b', "\n", "\r\n", "\r", "line\nbreak",
    "0001-01-01", "0001-01-01T00:00+05:00", "9999-12-31T23:59:59-12:00", "9999-12-31",
    "2026-02-30", "2026-13-01", "2030-01-01", "1989-12-31", "2026-11-24T25:00",
    "2026-03-29T02:30", "2026-10-25T02:30", "2026-11-25T23:00", "20261124", "2026-W48-1",
    "24.11.2026", "11/24/2026", "2026-11-24T14:30:00+25:00", "2026-11-24T14:30Z",
    "Europe", "America", "America/", "Europe/Moscow/", "x" * 300, "../x", "/etc/passwd",
    "Etc/UTC", "UTC", "Europe/Berlin", "Asia/Vladivostok", "EUROPE/MOSCOW",
    "1e9", "１２３", "12,3,4", "350,50", "1,234.50", "1 234,50", "-0", "0", "0.000",
    "99999999999999999999", "0.001", "NaN", "Infinity", "٣", "²", ".5", "5.", "−5",
    "rub", "RUB", "XXX", "US", "€", "JPY", "KWD", " usd ",
    "sbp", "other", "pigeon", "SBP",
    "3661", "121", "3660", "120", "00", "-1",
    "\u202eevil", "😀" * 10, "<b>x</b><img src=http://x>", "\x01\x02", "\ufeff", "中国联通",
    "Карта «МТС»", "MTS SIM", "Travel eSIM", "ß" * 5000, "y" * 140_000,
    "attachments/ab/abcdef.jpg",
]


@dataclass
class Target:
    ctx: AppContext
    base: bytes
    receipts: int
    cards: int


def _fill_source(ctx: AppContext) -> None:
    cards = [save_card(ctx, Card(label=name)) for name in ("MTS SIM", "Travel eSIM", "=Beeline")]
    service = ReceiptsService(ctx)
    zones = ["Europe/Moscow", "Asia/Vladivostok", "UTC", "Europe/Kaliningrad"]
    amounts = [Money(123450, "RUB"), Money(500, "JPY"), Money(1234, "KWD"), Money(99, "USD")]
    texts = ["", "=SUM(A1)", "Кафе «Ромашка», Тверская 1", 'say "hi"', "two\nlines", "中国联通"]
    for i in range(12):
        service.log(
            Receipt(
                paid_at=dt.datetime(2025, 1 + i, 1 + i, 10 + i, 5, tzinfo=ZoneInfo(zones[i % 4])),
                paid_zone=zones[i % 4],
                amount=amounts[i % 4],
                method=["sbp", "alipay", "cash_operator_shop", "other"][i % 4],
                card_id=cards[i % 3] if i % 4 else None,
                plan_name=texts[i % 6],
                period_days=i or None,
                period_months=i % 3 or None,
                reference=f"R-{i}",
                code=texts[(i + 1) % 6],
                vendor=texts[(i + 2) % 6],
                notes=texts[(i + 3) % 6],
            )
        )


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    root = tmp_path_factory.mktemp("fuzz")
    source = open_context(data_paths(root / "source"), clock=lambda: NOW)
    _fill_source(source)
    exported = root / "export.csv"
    export_csv(ReceiptsRepo(source.conn), exported)
    source.close()
    ctx = open_context(data_paths(root / "target"), clock=lambda: NOW)
    save_card(ctx, Card(label="MTS SIM"))
    # One receipt already logged, so some rows are duplicates.
    table = parse_csv_bytes(exported.read_bytes())
    plan = validate(table, default_mapping(table.header), ReceiptsRepo(ctx.conn), "UTC", NOW)
    apply_import(ReceiptsRepo(ctx.conn), plan, NOW, skip_lines=[r.line for r in plan.receipts[1:]])
    yield Target(ctx, exported.read_bytes(), _count(ctx, "receipts"), _count(ctx, "cards"))
    ctx.close()


def _count(ctx: AppContext, table: str) -> int:
    return int(ctx.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


# ----- mutations -----------------------------------------------------------------
def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _write(rows: list[list[str]], rng: random.Random) -> bytes:
    out = io.StringIO(newline="")
    delimiter = rng.choice([",", ",", ",", ";"])
    terminator = rng.choice(["\r\n", "\r\n", "\n", "\r"])
    if rng.random() < 0.15:  # a hand-made file: no quoting at all
        out.write(terminator.join(delimiter.join(r) for r in rows) + terminator)
    else:
        csv.writer(out, delimiter=delimiter, lineterminator=terminator).writerows(rows)
    return out.getvalue().encode("utf-8")


def _field_mutation(data: bytes, rng: random.Random) -> bytes:
    try:
        rows = _rows(data)
    except (UnicodeDecodeError, csv.Error):
        return data
    if not rows:
        return data
    kind = rng.randrange(9)
    body = rows[1:] or [[]]
    row = rng.choice(body)
    if kind <= 2 and row:  # a hostile value in a random cell, most often
        row[rng.randrange(len(row))] = rng.choice(HOSTILE_CELLS)
    elif kind == 3 and row:  # too few cells
        del row[rng.randrange(len(row))]
    elif kind == 4:  # too many cells
        row.insert(rng.randrange(len(row) + 1), rng.choice(HOSTILE_CELLS))
    elif kind == 5:  # the same row twice
        body.insert(rng.randrange(len(body) + 1), list(row))
    elif kind == 6 and rows[0]:  # a header renamed, dropped or said twice
        col = rng.randrange(len(rows[0]))
        rows[0][col] = rng.choice([*FIELDS, "Дата", "sum", "", "?", rows[0][0]])
    elif kind == 7:  # blank lines anywhere
        body.insert(rng.randrange(len(body) + 1), [])
    else:  # rows in another order
        rng.shuffle(body)
    return _write([rows[0], *body], rng)


def _byte_mutation(data: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(10)
    pos = rng.randrange(len(data) + 1)
    if kind == 0 and data:
        index = rng.randrange(len(data))
        return data[:index] + bytes([rng.randrange(256)]) + data[index + 1 :]
    if kind == 1:
        junk = rng.choice([b"\x00", b"\xff", b"\xef\xbb\xbf", b'"', b"\r", b"\n", b",", b";"])
        return data[:pos] + junk * rng.randrange(1, 4) + data[pos:]
    if kind == 2:
        return data[:pos] + data[pos + rng.randrange(1, 40) :]
    if kind == 3:
        return data[:pos]
    if kind == 4:
        piece = data[pos : pos + rng.randrange(1, 200)]
        return data[:pos] + piece + data[pos:]
    if kind == 5:
        return rng.choice([b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf", b"\xff\xfe"]) + data
    if kind == 6:
        text = data.decode("utf-8", "replace")
        encoding = rng.choice(["utf-16", "utf-16-le", "cp1251", "latin-1", "utf-8-sig", "gb18030"])
        return text.encode(encoding, "replace")
    if kind == 7:
        return data.replace(b"\r\n", rng.choice([b"\n", b"\r", b"\n\r", b"\r\r\n"]))
    if kind == 8:
        return data.replace(b",", b";") if rng.random() < 0.5 else data.replace(b'"', b"")
    return data[:pos] + b"\xd0" + data[pos:]  # half a Cyrillic letter


def mutate(base: bytes, rng: random.Random) -> bytes:
    data = base
    for _ in range(rng.randrange(1, 4)):
        data = _field_mutation(data, rng) if rng.random() < 0.6 else _byte_mutation(data, rng)
    return data


# ----- the oracle -----------------------------------------------------------------
def _physical_lines(data: bytes) -> int:
    text = data.decode("utf-8-sig", "replace")
    return len(re.split(r"\r\n|\r|\n", text))


def _translated(message: str) -> bool:
    return bool(message.strip()) and bool(CYRILLIC.search(message)) and len(message) < 2000


def run_case(target: Target, seed: int) -> str:
    """One case; returns how it ended. Fails the test on any broken promise."""
    rng = random.Random(seed)
    data = mutate(target.base, rng)
    ctx = target.ctx
    try:
        table = parse_csv_bytes(data)
    except CsvFileError as exc:
        assert _translated(str(exc)), (seed, str(exc))
        return "file refused"
    repo = ReceiptsRepo(ctx.conn)
    mapping = default_mapping(table.header)
    if table.header and rng.random() < 0.2:  # the user matched a column by hand
        name = rng.choice(FIELDS)
        mapping[name] = rng.randrange(len(table.header))
    plan = validate(table, mapping, repo, "Europe/Moscow", NOW)
    assert _translated(check_summary(plan)), (seed, check_summary(plan))
    last_line = _physical_lines(data)
    for error in plan.errors:
        assert 1 < error.line <= last_line, (seed, error)
        assert error.column in (*FIELDS, ""), (seed, error)
        assert _translated(error.message), (seed, error)
    try:
        result = apply_import(repo, plan, NOW)
    except ImportFailed as exc:
        assert plan.errors or plan.file_error, (seed, str(exc))
        assert _translated(str(exc)), (seed, str(exc))
        assert _count(ctx, "receipts") == target.receipts, seed
        assert _count(ctx, "cards") == target.cards, seed
        if plan.file_error:
            return "rows refused"
        # The user ticks "Skip the rows with problems": the rest goes in whole.
        skipped = apply_import(repo, plan, NOW, skip_lines=plan.error_lines())
        assert skipped.imported == new_rows(plan), seed
        assert skipped.skipped_errors == plan.error_lines(), seed
        assert _count(ctx, "receipts") == target.receipts + skipped.imported, seed
        assert _translated(import_summary(skipped)), (seed, import_summary(skipped))
        _forget_import(ctx, target)
        return "rows refused"
    assert not plan.errors and not plan.file_error, seed
    assert result.imported == new_rows(plan), seed
    assert _count(ctx, "receipts") == target.receipts + result.imported, seed
    assert _count(ctx, "cards") == target.cards + len(result.created_cards), seed
    duplicates = set(plan.duplicates)
    wanted = {r.new_card for r in plan.receipts if r.new_card and r.line not in duplicates}
    assert sorted(result.created_cards) == sorted(wanted), seed
    assert _translated(import_summary(result)), (seed, import_summary(result))
    assert not ctx.conn.in_transaction
    _forget_import(ctx, target)
    return "accepted"


def _forget_import(ctx: AppContext, target: Target) -> None:
    """Back to the target's starting data for the next case."""
    conn: sqlite3.Connection = ctx.conn
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(
        "DELETE FROM receipts WHERE id NOT IN (SELECT id FROM receipts ORDER BY id LIMIT ?)",
        (target.receipts,),
    )
    conn.execute(
        "DELETE FROM cards WHERE id NOT IN (SELECT id FROM cards ORDER BY id LIMIT ?)",
        (target.cards,),
    )
    conn.execute("COMMIT")


def _seeds() -> list[int]:
    only = os.environ.get("COMPANION_FUZZ_ONLY")
    if only:
        return [int(only)]
    start = int(os.environ.get("COMPANION_FUZZ_SEED", "0"))
    count = int(os.environ.get("COMPANION_FUZZ_CASES", str(DEFAULT_CASES)))
    return list(range(start, start + count))


def test_every_mutated_csv_is_refused_in_a_sentence_or_accepted_whole(
    target: Target, capsys: pytest.CaptureFixture[str]
) -> None:
    set_language("ru")
    outcomes: dict[str, int] = {}
    for seed in _seeds():
        outcome = run_case(target, seed)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    with capsys.disabled():
        print(f"\nCSV fuzz: {sum(outcomes.values())} cases: {outcomes}")
    # The mutations reach every ending, or the fuzzer tests less than it claims.
    if len(_seeds()) >= DEFAULT_CASES:
        assert set(outcomes) == {"file refused", "rows refused", "accepted"}, outcomes


def test_the_unmutated_export_is_accepted_whole(target: Target) -> None:
    set_language("ru")
    table = parse_csv_bytes(target.base)
    repo = ReceiptsRepo(target.ctx.conn)
    plan = validate(table, default_mapping(table.header), repo, "UTC", NOW)
    assert not plan.errors and plan.duplicates == [2]
    labels = {str(r[0]) for r in target.ctx.conn.execute("SELECT label FROM cards")}
    assert not labels & set(plan.missing_cards)
    assert labels | set(plan.missing_cards) == {"MTS SIM", "Travel eSIM", "=Beeline"}
    assert new_rows(plan) == len(table.rows) - 1

