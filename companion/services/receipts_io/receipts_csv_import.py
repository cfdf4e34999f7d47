"""Checking a CSV file row by row, then importing it whole or not at all.

Why two steps: ``validate`` writes nothing and lists every problem with its
line and column; ``apply_import`` refuses while any problem is not skipped,
then writes everything in one transaction. A file is never half-imported.

Why the card column is resolved here: the export names each receipt's card,
and a round trip into another data folder must keep that link. A name that
matches one card links to it; a name no card has is listed in the check,
and the user chooses to create those cards, import the rows without a card
or skip them. Several cards with the same name is a problem of the row,
never a guess.

Every value follows the rules the receipt form follows (``receipt_rules``,
``zone_names``), so what the form refuses cannot come in through a file.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import lru_cache
from pathlib import Path

from companion.domain.card import Card
from companion.domain.money import Money
from companion.domain.receipt import PAYMENT_METHODS, Receipt
from companion.domain.receipt_rules import MAX_LINE_TEXT, MAX_PERIOD_DAYS, MAX_PERIOD_MONTHS
from companion.domain.zone_names import zone_or_none
from companion.i18n import _, ngettext
from companion.i18n.formatting import known_currencies
from companion.services.cards import CardError
from companion.services.cards import validate as validate_card
from companion.services.data_safety.storage_failure import storage_failure_message
from companion.services.receipts_io.receipts_csv import (
    REQUIRED,
    Cancelled,
    CancelledFn,
    ProgressFn,
    unneutralise,
)
from companion.services.receipts_io.receipts_csv_cells import (
    parse_amount,
    parse_count,
    parse_paid,
    shown,
)
from companion.services.receipts_io.receipts_csv_read import CsvTable
from companion.store.cards_repo import CardsRepo
from companion.store.database import StoreError, open_database, transaction
from companion.store.receipts_repo import ReceiptsRepo, duplicate_key

_CHUNK = 2000
#: The same few zone names repeat on every row of a large file.
_zone = lru_cache(maxsize=256)(zone_or_none)


class CardChoice(Enum):
    """What to do with rows naming a card that is not in the list."""

    CREATE = "create"
    NO_CARD = "no_card"
    SKIP = "skip"


class ImportFailed(Exception):
    """Nothing was imported; the message is one translated sentence."""


@dataclass(frozen=True)
class RowError:
    line: int  # physical line of the file where the row starts (header = 1)
    column: str  # a field name, or "" for the whole row
    message: str


@dataclass(frozen=True)
class PlannedRow:
    line: int
    receipt: Receipt
    new_card: str = ""  # the card's name when no card has it yet


@dataclass
class ImportPlan:
    receipts: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)  # lines
    #: card name -> lines of the rows that name it, for names no card has
    missing_cards: dict[str, list[int]] = field(default_factory=dict)
    #: lines whose ``attachments`` cell names files a CSV cannot bring in
    attachment_lines: list[int] = field(default_factory=list)
    file_error: str = ""

    def error_lines(self) -> list[int]:
        return sorted({e.line for e in self.errors})


@dataclass
class ImportResult:
    imported: int = 0
    duplicates: list[int] = field(default_factory=list)  # lines skipped as duplicates
    skipped_errors: list[int] = field(default_factory=list)  # lines with problems
    skipped_unknown_card: list[int] = field(default_factory=list)
    without_card: list[int] = field(default_factory=list)
    created_cards: list[str] = field(default_factory=list)


def _cards_by_name(conn: sqlite3.Connection) -> dict[str, list[int]]:
    repo = CardsRepo(conn)
    names: dict[str, list[int]] = {}
    for card in (*repo.cards(archived=False), *repo.cards(archived=True)):
        assert card.id is not None
        names.setdefault(card.label, []).append(card.id)
    return names


# ----- the whole file --------------------------------------------------------------
def validate(
    table: CsvTable,
    mapping: dict[str, int],
    repo: ReceiptsRepo,
    default_zone: str,
    now: dt.datetime,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> ImportPlan:
    """Check every row; nothing is written. Errors are listed per line and column."""
    plan = ImportPlan()
    missing = sorted(REQUIRED - mapping.keys())
    if missing:
        plan.file_error = _("Choose a column for: {fields}.").format(fields=", ".join(missing))
        return plan
    cards = _cards_by_name(repo.connection)
    seen = repo.duplicate_keys()
    currencies = known_currencies()
    width = len(table.header)
    total = len(table.rows)
    for index, (line, cells) in enumerate(zip(table.lines, table.rows, strict=True)):
        if index % _CHUNK == 0:
            if cancelled and cancelled():
                raise Cancelled
            if progress:
                progress(index, total)
        if len(cells) != width:
            message = _("This row has {found} cells; the header has {expected}.")
            plan.errors.append(RowError(line, "", message.format(found=len(cells), expected=width)))
            continue
        _check_row(plan, line, cells, mapping, default_zone, now, cards, seen, currencies)
    if progress:
        progress(total, total)
    return plan


def _check_row(
    plan: ImportPlan,
    line: int,
    cells: Sequence[str],
    mapping: dict[str, int],
    default_zone: str,
    now: dt.datetime,
    cards: dict[str, list[int]],
    seen: set[tuple[str, int, str, str]],
    currencies: frozenset[str],
) -> None:
    def cell(name: str) -> str:
        col = mapping.get(name)
        return "" if col is None else unneutralise(cells[col])

    errors: list[RowError] = []

    def fail(column: str, message: str) -> None:
        errors.append(RowError(line, column, message))

    zone_name = cell("zone").strip() or default_zone
    zone = _zone(zone_name)
    if zone is None:
        message = _("“{value}” is not a time zone such as Europe/Moscow.")
        fail("zone", message.format(value=shown(zone_name)))
    currency = cell("currency").strip().upper()
    if currency not in currencies:
        message = _("“{value}” is not a currency code such as RUB.")
        fail("currency", message.format(value=shown(cell("currency"))))
    paid: dt.datetime | None = None
    if zone is not None:
        try:
            paid = parse_paid(cell("paid_at"), zone_name, zone, now)
        except ValueError as exc:
            fail("paid_at", str(exc))
    amount: Money | None = None
    if currency in currencies:
        try:
            amount = parse_amount(cell("amount"), currency)
        except ValueError as exc:
            fail("amount", str(exc))
    method = cell("method").strip() or "other"
    if method not in PAYMENT_METHODS:
        message = _("“{value}” is not a known payment method.")
        fail("method", message.format(value=shown(method)))
    periods: dict[str, int | None] = {}
    for name, most in (("period_days", MAX_PERIOD_DAYS), ("period_months", MAX_PERIOD_MONTHS)):
        try:
            periods[name] = parse_count(cell(name), most)
        except ValueError as exc:
            fail(name, str(exc))
    for name in ("plan", "reference", "code", "vendor"):
        length = len(cell(name))
        if length > MAX_LINE_TEXT:
            message = _("This text has {n} characters; the field holds at most {most}.")
            fail(name, message.format(n=length, most=MAX_LINE_TEXT))
    card_name = cell("card")
    card_id: int | None = None
    new_card = ""
    if card_name.strip():
        ids = cards.get(card_name, [])
        if len(ids) > 1:
            message = _("Several cards are named “{name}”; give them different names first.")
            fail("card", message.format(name=shown(card_name)))
        elif ids:
            card_id = ids[0]
        else:
            try:
                validate_card(Card(label=card_name))
                new_card = card_name
            except CardError as exc:
                fail("card", exc.message)
    if errors or paid is None or amount is None:
        plan.errors.extend(errors)
        return
    receipt = Receipt(
        paid_at=paid,
        paid_zone=zone_name,
        amount=amount,
        method=method,
        card_id=card_id,
        plan_name=cell("plan"),
        period_days=periods.get("period_days"),
        period_months=periods.get("period_months"),
        reference=cell("reference"),
        code=cell("code"),
        vendor=cell("vendor"),
        notes=cell("notes"),
    )
    key = duplicate_key(receipt)
    if key in seen:
        plan.duplicates.append(line)
    else:
        seen.add(key)
    if new_card:
        plan.missing_cards.setdefault(new_card, []).append(line)
    if cell("attachments").strip():
        plan.attachment_lines.append(line)
    plan.receipts.append(PlannedRow(line, receipt, new_card))


def apply_import(
    repo: ReceiptsRepo,
    plan: ImportPlan,
    now: dt.datetime,
    skip_lines: Iterable[int] = (),
    import_duplicates: bool = False,
    cards: CardChoice = CardChoice.CREATE,
) -> ImportResult:
    """Insert the plan's receipts (and chosen new cards) in one transaction.

    Refuses (and writes nothing) while any row with an error is not skipped:
    a file is imported whole or not at all. Raises ``ImportFailed``.
    """
    skip = set(skip_lines)
    if plan.file_error:
        raise ImportFailed(plan.file_error)
    unresolved = set(plan.error_lines()) - skip
    if unresolved:
        raise ImportFailed(
            ngettext(
                "{n} row has problems; fix or skip it first.",
                "{n} rows have problems; fix or skip them first.",
                len(unresolved),
            ).format(n=len(unresolved))
        )
    result = ImportResult(skipped_errors=plan.error_lines())
    duplicates = set(plan.duplicates)
    chosen: list[PlannedRow] = []
    for row in plan.receipts:
        if row.line in skip:
            continue
        if row.line in duplicates and not import_duplicates:
            result.duplicates.append(row.line)
        elif row.new_card and cards is CardChoice.SKIP:
            result.skipped_unknown_card.append(row.line)
        else:
            if row.new_card and cards is CardChoice.NO_CARD:
                result.without_card.append(row.line)
            chosen.append(row)
    conn = repo.connection
    try:
        with transaction(conn):
            card_ids = _card_ids(conn, chosen, cards, now, result)
            repo.insert_many(
                [
                    replace(row.receipt, card_id=card_ids[row.new_card])
                    if row.new_card and cards is CardChoice.CREATE
                    else row.receipt
                    for row in chosen
                ],
                now,
            )
    except sqlite3.Error as exc:
        result.created_cards.clear()
        cause = storage_failure_message(conn, exc)
        raise ImportFailed(_("{cause} Nothing was imported.").format(cause=cause)) from exc
    result.imported = len(chosen)
    return result


def _card_ids(
    conn: sqlite3.Connection,
    chosen: list[PlannedRow],
    cards: CardChoice,
    now: dt.datetime,
    result: ImportResult,
) -> dict[str, int]:
    """Ids for the new card names, created now unless a card of that name
    appeared since the check (inside the import's transaction)."""
    if cards is not CardChoice.CREATE:
        return {}
    existing = _cards_by_name(conn)
    ids: dict[str, int] = {}
    for row in chosen:
        name = row.new_card
        if not name or name in ids:
            continue
        if len(existing.get(name, [])) == 1:
            ids[name] = existing[name][0]
        else:
            ids[name] = CardsRepo(conn).insert(Card(label=name, kind="other"), now)
            result.created_cards.append(name)
    return ids


# ----- the two steps as background jobs ------------------------------------------
def check_file(
    database: Path,
    table: CsvTable,
    mapping: dict[str, int],
    default_zone: str,
    now: dt.datetime,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> ImportPlan:
    """``validate`` on a connection of its own (the job runs off the GUI thread)."""
    conn = open_database(database)
    try:
        return validate(table, mapping, ReceiptsRepo(conn), default_zone, now, progress, cancelled)
    finally:
        conn.close()


def import_file(
    database: Path,
    plan: ImportPlan,
    now: dt.datetime,
    skip_lines: Iterable[int] = (),
    import_duplicates: bool = False,
    cards: CardChoice = CardChoice.CREATE,
) -> ImportResult:
    """``apply_import`` on a connection of its own."""
    try:
        conn = open_database(database)
    except (StoreError, OSError) as exc:
        raise ImportFailed(
            _("Your data cannot be opened, so nothing was imported: {detail}").format(detail=exc)
        ) from exc
    try:
        return apply_import(
            ReceiptsRepo(conn), plan, now, skip_lines, import_duplicates, cards
        )
    finally:
        conn.close()
