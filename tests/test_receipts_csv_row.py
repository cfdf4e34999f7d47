"""The per-row validator of the CSV import, and the one rule for wall times.

Issue 22: ``validate`` checks each row through one small named function
(``check_row``), and the import's wall-clock check uses the domain's
``wall_time_exists``/``wall_time_repeats`` (the forms' rule) instead of a
second way of its own.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from dst_helpers import near_a_change
from hypothesis import HealthCheck, given, settings

from companion.domain.expiry import wall_time_exists, wall_time_repeats
from companion.i18n.formatting import known_currencies
from companion.services.context import AppContext
from companion.services.receipts_io.receipts_csv_import import validate
from companion.services.receipts_io.receipts_csv_read import default_mapping, parse_csv_bytes
from companion.services.receipts_io.receipts_csv_row import RowRules, check_row
from companion.store.receipts_repo import ReceiptsRepo

HEADER = ["paid_at", "zone", "amount", "currency", "method", "reference"]
NOW = dt.datetime(2070, 1, 1, tzinfo=dt.UTC)


def _rules(default_zone: str = "Europe/Moscow", now: dt.datetime = NOW) -> RowRules:
    return RowRules(
        mapping=default_mapping(HEADER),
        width=len(HEADER),
        default_zone=default_zone,
        now=now,
        cards={},
        currencies=known_currencies(),
    )


def _instants_showing(local: dt.datetime, zone: str) -> set[dt.datetime]:
    """Every UTC instant whose wall clock in ``zone`` reads ``local``, found
    by looking at each candidate offset, independently of fold."""
    tz = ZoneInfo(zone)
    found = set()
    for hours in range(-16, 17):
        for minutes in (0, 30, 45):
            offset = dt.timedelta(hours=hours, minutes=minutes if hours >= 0 else -minutes)
            instant = (local - offset).replace(tzinfo=dt.UTC)
            if instant.astimezone(tz).replace(tzinfo=None) == local:
                found.add(instant)
    return found


@given(near_a_change())
def test_a_wall_time_repeats_exactly_when_two_instants_show_it(
    sample: tuple[str, dt.datetime],
) -> None:
    zone, local = sample
    count = len(_instants_showing(local, zone))
    assert wall_time_exists(local, zone) == (count >= 1)
    assert wall_time_repeats(local, zone) == (count == 2)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(near_a_change())
def test_a_file_time_near_a_clock_change_is_kept_exactly_or_refused(
    sample: tuple[str, dt.datetime],
) -> None:
    zone, local = sample
    cells = [local.isoformat(timespec="minutes"), zone, "5.00", "EUR", "sbp", "X"]
    checked = check_row(2, cells, _rules())
    instants = _instants_showing(local, zone)
    if len(instants) == 1:
        assert checked.errors == ()
        assert checked.planned is not None
        paid = checked.planned.receipt.paid_at
        assert paid.replace(tzinfo=None) == local  # the wall time as written
        assert {paid.astimezone(dt.UTC)} == instants  # and the one instant it names
    else:
        assert checked.planned is None
        ((error),) = checked.errors
        assert (error.line, error.column) == (2, "paid_at")
        words = "did not exist" if not instants else "happened twice"
        assert words in error.message and zone in error.message


def test_validate_lists_what_check_row_finds_row_by_row(ctx: AppContext) -> None:
    rows = [
        ["2026-11-02T10:00:00+03:00", "Europe/Moscow", "100.00", "RUB", "sbp", "ok"],
        ["2026-11-02T10:00", "Mars/Olympus", "1e3", "ZZZ", "barter", "four problems"],
        ["2026-03-29T02:30", "Europe/Berlin", "5.00", "EUR", "sbp", "skipped hour"],
        ["2026-11-02T10:00:00+03:00", "Europe/Moscow", "100.00"],  # cut short
        ["2026-11-02T10:00:00+03:00", "Europe/Moscow", "100.00", "RUB", "sbp", "ok"],
    ]
    text = "\r\n".join(",".join(r) for r in [HEADER, *rows]) + "\r\n"
    table = parse_csv_bytes(text.encode())
    rules = _rules(now=ctx.now())
    plan = validate(
        table, default_mapping(table.header), ReceiptsRepo(ctx.conn), "Europe/Moscow", ctx.now()
    )
    alone = [check_row(line, cells, rules) for line, cells in zip(table.lines, table.rows, strict=True)]
    assert plan.errors == [e for checked in alone for e in checked.errors]
    assert [(e.line, e.column) for e in plan.errors] == [
        (3, "zone"), (3, "currency"), (3, "method"), (4, "paid_at"), (5, ""),
    ]
    assert [r.line for r in plan.receipts] == [2, 6]
    assert plan.duplicates == [6]  # the same receipt twice: the plan's business, not the row's
