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

Each row is checked by the per-row validator (``receipts_csv_row.check_row``),
which follows the rules the receipt form follows, so what the form refuses
cannot come in through a file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import Enum

from companion.domain.card import Card
from companion.i18n import _, ngettext
from companion.i18n.formatting import format_number, known_currencies
from companion.paths import DataPaths
from companion.services.data_safety.storage_messages import storage_failure_message
from companion.services.job_control import CancelCheck, JobCancelled, Progress, worker_connection
from companion.services.receipts_io.receipts_csv import REQUIRED
from companion.services.receipts_io.receipts_csv_read import CsvTable
from companion.services.receipts_io.receipts_csv_row import (
    CheckedRow,
    PlannedRow,
    RowError,
    RowRules,
    check_row,
)
from companion.store.cards_repo import CardsRepo
from companion.store.database import StoreError, transaction
from companion.store.receipts_repo import ReceiptsRepo, duplicate_key

_CHUNK = 2000
#: (paid_utc, amount, currency, reference): what makes two receipts the same.
DuplicateKey = tuple[str, int, str, str]


class CardChoice(Enum):
    """What to do with rows naming a card that is not in the list."""

    CREATE = "create"
    NO_CARD = "no_card"
    SKIP = "skip"


class ImportFailed(Exception):
    """Nothing was imported; the message is one translated sentence."""


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
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> ImportPlan:
    """Check every row; nothing is written. Errors are listed per line and column."""
    plan = ImportPlan()
    missing = sorted(REQUIRED - mapping.keys())
    if missing:
        plan.file_error = _("Choose a column for: {fields}.").format(fields=", ".join(missing))
        return plan
    rules = RowRules(
        mapping=mapping,
        width=len(table.header),
        default_zone=default_zone,
        now=now,
        cards=_cards_by_name(repo.connection),
        currencies=known_currencies(),
    )
    seen = repo.duplicate_keys()
    total = len(table.rows)
    for index, (line, cells) in enumerate(zip(table.lines, table.rows, strict=True)):
        if index % _CHUNK == 0:
            if cancelled and cancelled():
                raise JobCancelled
            if progress:
                progress(index, total)
        _add_to_plan(plan, check_row(line, cells, rules), seen)
    if progress:
        progress(total, total)
    return plan


def _add_to_plan(plan: ImportPlan, checked: CheckedRow, seen: set[DuplicateKey]) -> None:
    """Put one checked row into the plan: its problems, or its receipt. A
    duplicate (of the log or of an earlier row) is marked, not dropped."""
    plan.errors.extend(checked.errors)
    row = checked.planned
    if row is None:
        return
    key = duplicate_key(row.receipt)
    if key in seen:
        plan.duplicates.append(row.line)
    else:
        seen.add(key)
    if row.new_card:
        plan.missing_cards.setdefault(row.new_card, []).append(row.line)
    if checked.has_attachments:
        plan.attachment_lines.append(row.line)
    plan.receipts.append(row)


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
            ).format(n=format_number(len(unresolved)))
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
    paths: DataPaths,
    table: CsvTable,
    mapping: dict[str, int],
    default_zone: str,
    now: dt.datetime,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> ImportPlan:
    """``validate`` on the job's own connection (it runs off the GUI thread)."""
    with worker_connection(paths) as conn:
        return validate(table, mapping, ReceiptsRepo(conn), default_zone, now, progress, cancelled)


def import_file(
    paths: DataPaths,
    plan: ImportPlan,
    now: dt.datetime,
    skip_lines: Iterable[int] = (),
    import_duplicates: bool = False,
    cards: CardChoice = CardChoice.CREATE,
) -> ImportResult:
    """``apply_import`` on the job's own connection."""
    with contextlib.ExitStack() as stack:
        try:
            conn = stack.enter_context(worker_connection(paths))
        except (StoreError, OSError) as exc:
            raise ImportFailed(
                _("Your data cannot be opened, so nothing was imported: {detail}").format(
                    detail=exc
                )
            ) from exc
        return apply_import(ReceiptsRepo(conn), plan, now, skip_lines, import_duplicates, cards)
