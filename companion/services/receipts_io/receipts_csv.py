"""The receipt log's CSV format, and its export.

Reading a file to import is ``receipts_csv_read``; checking and importing its
rows is ``receipts_csv_import``.

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
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from companion import atomic_write
from companion.domain.receipt_query import ReceiptFilter, ReceiptSort
from companion.domain.zone_names import zone_or_none
from companion.i18n.formatting import currency_digits
from companion.services.job_control import CancelCheck, JobCancelled, Progress
from companion.store.receipts_repo import ReceiptsRepo

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

_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_CHUNK = 2000

#: The names this module gave the job protocol before services/job_control
#: held it; the same objects, kept for callers that still import them here.
ProgressFn = Progress
CancelledFn = CancelCheck
Cancelled = JobCancelled


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
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    attachment_names: Callable[[int], list[str]] | None = None,
) -> int:
    """Write what ``flt`` shows to ``target``; returns the number of receipts.

    Written to a temporary file and renamed, so a cancelled or failed export
    never leaves a half-written file under the user's chosen name.
    """
    total = repo.count(flt) if progress else 0
    written = 0
    with atomic_write.replacing(target) as tmp, tmp.open(
        "w", encoding="utf-8-sig" if excel else "utf-8", newline=""
    ) as fh:
        writer = csv.writer(fh, delimiter=";" if excel else ",", lineterminator="\r\n")
        writer.writerow(FIELDS)
        zones: dict[str, ZoneInfo | dt.timezone] = {}
        for row in repo.iter_filtered(flt, sort):
            zone = row["paid_zone"]
            # A zone this computer does not know (a database from elsewhere):
            # the instant is still exact in UTC, and the import will name the zone.
            tz = zones.get(zone) or zones.setdefault(zone, zone_or_none(zone) or dt.UTC)
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
                    raise JobCancelled
                if progress:
                    progress(written, total)
    if progress:
        progress(written, max(total, written))
    return written
