"""Reading a CSV file someone chose to import: bytes to rows, with line numbers.

Why line numbers are counted here, by the reader: a message says "line 7"
and the user opens the file in a text editor. Blank lines and cells that
hold line breaks make the n-th row differ from the n-th line, so every row
keeps the physical line it starts on.

Why every refusal is a ``CsvFileError`` with a whole sentence: a file from
outside is an attack surface; whatever it holds (another encoding, binary
data, a runaway quote, a cell of megabytes) must end as one translated
sentence, never as a traceback or the csv module's English.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from companion.i18n import _, ngettext
from companion.i18n.os_errors import os_error_text
from companion.services.receipts_io.receipts_csv import FIELDS

#: A receipt log of 100,000 rows is about 15 MB; far beyond this is not a log.
MAX_FILE_BYTES = 256 * 1024 * 1024

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
    "карта": "card",
}


class CsvFileError(Exception):
    """The file as a whole cannot be read; the message is translated."""


@dataclass
class CsvTable:
    header: list[str]
    rows: list[list[str]]  # each row's cells, without the header and blank rows
    delimiter: str
    #: The physical line (1-based, as a text editor counts) each row starts on.
    lines: list[int] = field(default_factory=list)
    header_line: int = 1

    def __post_init__(self) -> None:
        if not self.lines:
            self.lines = [self.header_line + 1 + i for i in range(len(self.rows))]


def read_csv(path: Path) -> CsvTable:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CsvFileError(
                _("The file is too large to be a receipt log (more than {mb} MB).").format(
                    mb=MAX_FILE_BYTES // (1024 * 1024)
                )
            )
        data = path.read_bytes()
    except OSError as exc:
        raise CsvFileError(
            _("The file cannot be read: {detail}").format(detail=os_error_text(exc))
        ) from exc
    return parse_csv_bytes(data)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CsvFileError(
            _(
                "The file is saved as UTF-16. Save it as UTF-8 (in Excel: “CSV UTF-8”) "
                "and try again."
            )
        )
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise CsvFileError(
            _("This is not a text file: line {line} contains binary data.").format(line=line)
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvFileError(
            _(
                "The file is not UTF-8 text (problem on line {line}). "
                "Save it as UTF-8 and try again."
            ).format(line=line)
        ) from exc


def _csv_problem(line: int, exc: csv.Error) -> CsvFileError:
    if "field larger than field limit" in str(exc):
        return CsvFileError(
            ngettext(
                "A cell starting on line {line} is longer than {n} character.",
                "A cell starting on line {line} is longer than {n} characters.",
                csv.field_size_limit(),
            ).format(line=line, n=csv.field_size_limit())
        )
    return CsvFileError(
        _(
            "The file is not valid CSV at line {line}: a quotation mark is missing "
            "or in the wrong place."
        ).format(line=line)
    )


def parse_csv_bytes(data: bytes) -> CsvTable:
    text = _decode(data)
    if not text.strip():
        raise CsvFileError(_("The file is empty."))
    first_line = next(line for line in text.splitlines() if line.strip())
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    header_line = 1
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                if header is None:
                    header, header_line = [h.strip() for h in row], start
                else:
                    rows.append(row)
                    lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise _csv_problem(start, exc) from exc
    if header is None:
        raise CsvFileError(_("The file is empty."))
    if len(set(header)) != len(header):
        raise CsvFileError(
            _("The header row (line {line}) names a column twice.").format(line=header_line)
        )
    return CsvTable(header, rows, delimiter, lines, header_line)


def default_mapping(header: list[str]) -> dict[str, int]:
    """field -> column index, guessed from the header names."""
    mapping: dict[str, int] = {}
    for index, name in enumerate(header):
        key = name.strip().lower().lstrip("\ufeff")
        key = _ALIASES.get(key, key)
        if key in FIELDS and key not in mapping:
            mapping[key] = index
    return mapping
