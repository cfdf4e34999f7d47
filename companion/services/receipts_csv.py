"""CSV export and import of the receipt log.

Format (documented in the README): UTF-8, one header row, ``paid_at`` as ISO
8601 with the UTC offset in the wall clock of ``zone``, amounts as plain
decimals with a dot and the currency's own number of decimals. The
Excel-friendly variant adds a UTF-8 byte-order mark and separates fields with
``;`` (what Excel expects where the decimal separator is a comma); amounts
keep the dot so every program reads the same number.

Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) get a leading apostrophe on export. The
import strips exactly one such apostrophe, and the export also escapes cells
that already begin with apostrophes before one of those characters, so text
survives the round trip unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from companion.domain.money import Money
from companion.domain.receipt import PAYMENT_METHODS, Receipt
from companion.domain.receipt_query import ReceiptFilter, ReceiptSort
from companion.domain.zone_names import zone_or_none
from companion.i18n import _
from companion.i18n.formatting import currency_digits, known_currencies
from companion.i18n.money_input import parse_plain_money
from companion.store.database import transaction
from companion.store.receipts_repo import ReceiptsRepo, duplicate_key

#: Column names in the order they are written.
FIELDS: tuple[str, ...] = (
    "paid_at",
    "zone",
    "amount",
    "currency",
    "method",
    "card",
    "plan",
    "period_days",
    "period_months",
    "reference",
    "code",
    "vendor",
    "notes",
    "attachments",
)
REQUIRED: frozenset[str] = frozenset({"paid_at", "amount", "currency"})

#: Other header spellings a hand-made or bank-exported file may use.
_ALIASES: dict[str, str] = {
    "date": "paid_at",
    "datetime": "paid_at",
    "paid": "paid_at",
    "дата": "paid_at",
    "sum": "amount",
    "сумма": "amount",
    "валюта": "currency",
    "timezone": "zone",
    "payment_method": "method",
    "способ": "method",
    "plan_name": "plan",
    "тариф": "plan",
    "ref": "reference",
    "transaction": "reference",
    "номер": "reference",
    "vendor": "vendor",
    "place": "vendor",
    "note": "notes",
    "примечание": "notes",
}

_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_CHUNK = 2000

ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]


class Cancelled(Exception):
    """The user stopped a long export or import; nothing was kept."""


class CsvFileError(Exception):
    """The file as a whole cannot be read; the message is translated."""


def neutralise(cell: str) -> str:
    return "'" + cell if _FORMULA.match(cell) else cell


def unneutralise(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell[1:]) else cell


# ----- export ----------------------------------------------------------------
def _plain(minor: int, currency: str) -> str:
    digits = currency_digits(currency)
    return f"{Decimal(minor).scaleb(-digits):.{digits}f}"


def export_csv(
    repo: ReceiptsRepo,
    target: Path,
    flt: ReceiptFilter = ReceiptFilter(),  # noqa: B008 - frozen, shared safely
    sort: ReceiptSort = ReceiptSort(),  # noqa: B008
    excel: bool = False,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
    attachment_names: Callable[[int], list[str]] | None = None,
) -> int:
    """Write what ``flt`` shows to ``target``; returns the number of receipts.

    Written to a temporary file and renamed, so a cancelled or failed export
    never leaves a half-written file under the user's chosen name.
    """
    total = repo.count(flt) if progress else 0
    tmp = target.with_name(target.name + ".part")
    written = 0
    try:
        with tmp.open("w", encoding="utf-8-sig" if excel else "utf-8", newline="") as fh:
            writer = csv.writer(fh, delimiter=";" if excel else ",", lineterminator="\r\n")
            writer.writerow(FIELDS)
            zones: dict[str, ZoneInfo] = {}
            for row in repo.iter_filtered(flt, sort):
                zone = row["paid_zone"]
                tz = zones.get(zone) or zones.setdefault(zone, ZoneInfo(zone))
                paid = dt.datetime.fromisoformat(row["paid_utc"]).astimezone(tz)
                names = attachment_names(int(row["id"])) if attachment_names else []
                writer.writerow(
                    (
                        paid.isoformat(timespec="seconds"),
                        zone,
                        _plain(row["amount_minor"], row["currency"]),
                        row["currency"],
                        row["method"],
                        neutralise(row["card_label"]),
                        neutralise(row["plan_name"]),
                        "" if row["period_days"] is None else row["period_days"],
                        "" if row["period_months"] is None else row["period_months"],
                        neutralise(row["reference"]),
                        neutralise(row["code"]),
                        neutralise(row["vendor"]),
                        neutralise(row["notes"]),
                        neutralise(" ".join(names)),
                    )
                )
                written += 1
                if written % _CHUNK == 0:
                    if cancelled and cancelled():
                        raise Cancelled
                    if progress:
                        progress(written, total)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if progress:
        progress(written, max(total, written))
    return written


# ----- reading a file ------------------------------------------------------------
@dataclass
class CsvTable:
    header: list[str]
    rows: list[list[str]]  # each row's cells, without the header
    delimiter: str


def read_csv(path: Path) -> CsvTable:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CsvFileError(_("The file cannot be read: {detail}").format(detail=exc)) from exc
    return parse_csv_bytes(data)


def parse_csv_bytes(data: bytes) -> CsvTable:
    if b"\x00" in data:
        raise CsvFileError(_("This is not a text file (it contains binary data)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvFileError(
            _(
                "The file is not UTF-8 text (problem at byte {pos}). "
                "Save it as UTF-8 and try again."
            ).format(pos=exc.start)
        ) from exc
    if not text.strip():
        raise CsvFileError(_("The file is empty."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        all_rows = [row for row in reader]
    except csv.Error as exc:
        raise CsvFileError(
            _("The file is not valid CSV near line {line}: {detail}").format(
                line=reader.line_num, detail=exc
            )
        ) from exc
    header = [h.strip() for h in all_rows[0]]
    if len(set(header)) != len(header):
        raise CsvFileError(_("The header row names a column twice."))
    rows = [r for r in all_rows[1:] if any(cell.strip() for cell in r)]
    return CsvTable(header=header, rows=rows, delimiter=delimiter)


def default_mapping(header: list[str]) -> dict[str, int]:
    """field -> column index, guessed from the header names."""
    mapping: dict[str, int] = {}
    for index, name in enumerate(header):
        key = name.strip().lower().lstrip("\ufeff")
        key = _ALIASES.get(key, key)
        if key in FIELDS and key not in mapping:
            mapping[key] = index
    return mapping


# ----- validating ----------------------------------------------------------------
@dataclass(frozen=True)
class RowError:
    line: int  # line number in the file as a spreadsheet shows it (header = 1)
    column: str
    message: str


@dataclass
class ImportPlan:
    receipts: list[tuple[int, Receipt]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)  # lines
    file_error: str = ""

    def error_lines(self) -> set[int]:
        return {e.line for e in self.errors}


def _parse_paid(text: str, zone: ZoneInfo) -> dt.datetime:
    raw = text.strip()
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise ValueError(
            _("“{value}” is not a date such as 2026-11-24 or 2026-11-24T14:30+03:00.").format(
                value=text
            )
        ) from None
    if value.tzinfo is None:
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)


def _parse_count(text: str, column: str) -> int | None:
    raw = text.strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) > 100000:
        raise ValueError(_("“{value}” is not a whole number of days or months.").format(value=text))
    return int(raw)


def validate(
    table: CsvTable,
    mapping: dict[str, int],
    repo: ReceiptsRepo,
    default_zone: str,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> ImportPlan:
    """Check every row; nothing is written. Errors are listed per row and column."""
    plan = ImportPlan()
    missing = sorted(REQUIRED - mapping.keys())
    if missing:
        plan.file_error = _("Choose a column for: {fields}.").format(fields=", ".join(missing))
        return plan
    cards = {label: cid for cid, label in repo.card_choices()}
    seen = repo.duplicate_keys()
    currencies = known_currencies()
    zones: dict[str, ZoneInfo] = {}
    width = len(table.header)
    total = len(table.rows)
    for index, cells in enumerate(table.rows):
        line = index + 2
        if index % _CHUNK == 0:
            if cancelled and cancelled():
                raise Cancelled
            if progress:
                progress(index, total)
        if len(cells) != width:
            plan.errors.append(
                RowError(
                    line,
                    "",
                    _("This row has {found} cells; the header has {expected}.").format(
                        found=len(cells), expected=width
                    ),
                )
            )
            continue

        def cell(name: str, cells: list[str] = cells) -> str:
            col = mapping.get(name)
            return "" if col is None else unneutralise(cells[col])

        row_errors: list[RowError] = []

        def fail(
            column: str, message: str, line: int = line, errs: list[RowError] = row_errors
        ) -> None:
            errs.append(RowError(line, column, message))

        zone_name = cell("zone").strip() or default_zone
        tz = zones.get(zone_name)
        if tz is None:
            # Checked by name first: a cell such as "Europe" is a folder to ZoneInfo.
            tz = zone_or_none(zone_name)
            if tz is not None:
                zones[zone_name] = tz
            else:
                fail(
                    "zone",
                    _("“{value}” is not a time zone such as Europe/Moscow.").format(
                        value=zone_name
                    ),
                )
        currency = cell("currency").strip().upper()
        if currency not in currencies:
            fail(
                "currency",
                _("“{value}” is not a currency code such as RUB.").format(value=cell("currency")),
            )
        paid: dt.datetime | None = None
        if tz is not None:
            try:
                paid = _parse_paid(cell("paid_at"), tz)
            except ValueError as exc:
                fail("paid_at", str(exc))
        amount: Money | None = None
        if currency in currencies:
            try:
                amount = parse_plain_money(cell("amount"), currency)
            except ValueError as exc:
                fail("amount", str(exc))
        method = cell("method").strip() or "other"
        if method not in PAYMENT_METHODS:
            fail("method", _("“{value}” is not a known payment method.").format(value=method))
        periods: dict[str, int | None] = {}
        for name in ("period_days", "period_months"):
            try:
                periods[name] = _parse_count(cell(name), name)
            except ValueError as exc:
                fail(name, str(exc))
        if row_errors or paid is None or amount is None:
            plan.errors.extend(row_errors)
            continue
        receipt = Receipt(
            paid_at=paid,
            paid_zone=zone_name,
            amount=amount,
            method=method,
            card_id=cards.get(cell("card")),
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
        plan.receipts.append((line, receipt))
    if progress:
        progress(total, total)
    return plan


def apply_import(
    repo: ReceiptsRepo,
    plan: ImportPlan,
    now: dt.datetime,
    skip_lines: Iterable[int] = (),
    import_duplicates: bool = False,
) -> int:
    """Insert the plan's receipts in one transaction; returns how many.

    Refuses (and writes nothing) while any row with an error is not skipped:
    a file is imported whole or not at all.
    """
    skip = set(skip_lines)
    if plan.file_error:
        raise ValueError(plan.file_error)
    unresolved = plan.error_lines() - skip
    if unresolved:
        raise ValueError(
            _("{n} rows have errors; fix or skip them first.").format(n=len(unresolved))
        )
    if not import_duplicates:
        skip |= set(plan.duplicates)
    chosen = [r for line, r in plan.receipts if line not in skip]
    conn = repo.connection
    with transaction(conn):
        repo.insert_many(chosen, now)
    return len(chosen)
