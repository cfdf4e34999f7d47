"""Reading a CSV file someone chose to import: bytes to rows, with line numbers.

Why line numbers are counted here, by the reader: a message says "line 7"
and the user opens the file in a text editor. Blank lines and cells that
hold line breaks make the n-th row differ from the n-th line, so every row
keeps the physical line it starts on.

Why every refusal is a ``CsvFileError`` with a whole sentence: a file from
outside is an attack surface; whatever it holds (another encoding, binary
data, a runaway quote, a cell of megabytes, a line of a million columns)
must end as one translated sentence, never as a traceback or the csv
module's English.

Why reading takes ``progress`` and ``cancelled``: a 50 MB file takes a
second or two to read, and the import dialog reads it off the GUI thread
with a progress bar and a Cancel that stops it between chunks and rows
(``JobCancelled``). Reading only builds rows in memory; nothing is written, so
a cancelled or failed read leaves nothing behind.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from operator import methodcaller
from pathlib import Path

from companion.i18n import _, ngettext
from companion.i18n.formatting import format_number
from companion.i18n.os_errors import os_error_text
from companion.services.job_control import CancelCheck, JobCancelled, Progress
from companion.services.receipts_io.receipts_csv import FIELDS

#: A receipt log of 100,000 rows is about 15 MB; far beyond this is not a log.
MAX_FILE_BYTES = 256 * 1024 * 1024

#: A receipt log has 14 columns; a spreadsheet may add a few of its own. A
#: line of a million cells is not a log, and would freeze the column lists.
MAX_COLUMNS = 1000

#: Progress is reported in thousandths: reading the bytes is the first
#: tenth, decoding them the next, turning the text into rows the rest.
PROGRESS_TOTAL = 1000
_READ_SHARE = 100
_DECODE_SHARE = 100
_CHUNK_BYTES = 1 << 20
#: Rows between two looks at Cancel (and two progress reports).
_ROWS_PER_TICK = 4096

_NOT_SPACE = re.compile(r"\S")
#: Where the csv module ends a physical line.
_EOL = re.compile("\r\n?|\n")
#: Where str.splitlines() ends a line and the csv module does not.
_ODD_EOL = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_ODD_EOL_UTF8 = tuple(
    mark.encode() for mark in ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
)
#: Every character str.splitlines() ends a line at.
_LINE_END = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")

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
    #: Each row's cells, without the header and blank rows. Tuples, not
    #: lists: the cyclic collector stops visiting a tuple of strings after
    #: its first look, and a 50 MB file is 400,000 rows.
    rows: Sequence[Sequence[str]]
    delimiter: str
    #: The physical line (1-based, as a text editor counts) each row starts on.
    lines: list[int] = field(default_factory=list)
    header_line: int = 1

    def __post_init__(self) -> None:
        if not self.lines:
            self.lines = [self.header_line + 1 + i for i in range(len(self.rows))]


def _too_large() -> CsvFileError:
    return CsvFileError(
        _("The file is too large to be a receipt log (more than {mb} MB).").format(
            mb=format_number(MAX_FILE_BYTES // (1024 * 1024))
        )
    )


def read_csv(
    path: Path, progress: Progress | None = None, cancelled: CancelCheck | None = None
) -> CsvTable:
    """The file's rows; ``CsvFileError`` with a sentence, or ``JobCancelled``.

    Read in chunks so Cancel is seen within a megabyte; a pipe or a device
    named ``.csv`` is refused, since reading it might never end.
    """
    chunks: list[bytes] = []
    try:
        with path.open("rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise CsvFileError(_("This is not a file that can be imported."))
            size = info.st_size
            if size > MAX_FILE_BYTES:
                raise _too_large()
            done = 0
            while chunk := handle.read(_CHUNK_BYTES):
                chunks.append(chunk)
                done += len(chunk)
                if done > MAX_FILE_BYTES:  # it grew while being read
                    raise _too_large()
                _check(cancelled)
                if progress is not None:
                    progress(_READ_SHARE * min(done, size) // max(size, 1), PROGRESS_TOTAL)
    except OSError as exc:
        raise CsvFileError(
            _("The file cannot be read: {detail}").format(detail=os_error_text(exc))
        ) from exc
    return _parse_chunks(chunks, progress, cancelled)


def _check(cancelled: CancelCheck | None) -> None:
    if cancelled is not None and cancelled():
        raise JobCancelled


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
            _("This is not a text file: line {line} contains binary data.").format(
                line=format_number(line)
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvFileError(
            _(
                "The file is not UTF-8 text (problem on line {line}). "
                "Save it as UTF-8 and try again."
            ).format(line=format_number(line))
        ) from exc


def _csv_problem(line: int, exc: csv.Error) -> CsvFileError:
    if "field larger than field limit" in str(exc):
        return CsvFileError(
            ngettext(
                "A cell starting on line {line} is longer than {n} character.",
                "A cell starting on line {line} is longer than {n} characters.",
                csv.field_size_limit(),
            ).format(line=format_number(line), n=format_number(csv.field_size_limit()))
        )
    return CsvFileError(
        _(
            "The file is not valid CSV at line {line}: a quotation mark is missing "
            "or in the wrong place."
        ).format(line=format_number(line))
    )


def _first_line(text: str) -> str | None:
    """The first line with something on it, as ``str.splitlines`` cuts it
    (without splitting the whole file into a list); None if all is blank."""
    found = _NOT_SPACE.search(text)
    if found is None:
        return None
    # What precedes the first non-space character on its line is blank.
    start = position = found.start()
    # Searched a window at a time, so a line of 50 MB does not hold the
    # interpreter (and the window) for the whole search.
    while position < len(text):
        end = _LINE_END.search(text, position, position + _CHUNK_BYTES)
        if end is not None:
            return text[start : end.start()]
        position += _CHUNK_BYTES
    return text[start:]


def _too_wide(line: int) -> CsvFileError:
    return CsvFileError(
        ngettext(
            "Line {line} is split into more than {most} column: this is not a receipt log.",
            "Line {line} is split into more than {most} columns: this is not a receipt log.",
            MAX_COLUMNS,
        ).format(line=format_number(line), most=format_number(MAX_COLUMNS))
    )


def _decode_chunks(
    chunks: list[bytes], progress: Progress | None, cancelled: CancelCheck | None
) -> tuple[str, bool]:
    """The text, decoded a chunk at a time (one call on 50 MB held the
    interpreter, and so the window, for a quarter of a second), and whether
    it holds a line break the csv module does not cut at. Anything wrong is
    left to ``_decode`` of the whole, which says where."""
    if not chunks or chunks[0].startswith((b"\xff\xfe", b"\xfe\xff")):
        whole = b"".join(chunks)
        return _decode(whole), _has_odd_eol(whole)
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    pieces: list[str] = []
    odd = False
    tail = b""  # the last two bytes before this chunk
    try:
        for index, chunk in enumerate(chunks, start=1):
            if b"\x00" in chunk:
                whole = b"".join(chunks)
                return _decode(whole), _has_odd_eol(whole)
            # A mark of up to three bytes may begin before this chunk.
            odd = odd or _has_odd_eol(chunk) or _has_odd_eol(tail + chunk[:2])
            tail = (tail + chunk[-2:])[-2:]
            pieces.append(decoder.decode(chunk))
            _check(cancelled)
            if progress is not None:
                progress(_READ_SHARE + _DECODE_SHARE * index // len(chunks), PROGRESS_TOTAL)
        pieces.append(decoder.decode(b"", final=True))
    except UnicodeDecodeError:
        whole = b"".join(chunks)
        return _decode(whole), _has_odd_eol(whole)
    return "".join(pieces), odd


def _has_odd_eol(data: bytes) -> bool:
    """Searched in the bytes: ``bytes.__contains__`` runs at memory speed,
    a regular expression over 50 MB of text took a second."""
    return any(mark in data for mark in _ODD_EOL_UTF8)


def _lines(
    text: str, delimiter: str, where: list[int], odd: bool | None = None
) -> Iterator[str]:
    """The file's physical lines for the csv reader, cut where it cuts them
    (CR, LF or CRLF), refusing one so wide that the reader would build a
    row of millions of cells in memory. ``where[0]`` follows the position.

    Why not ``io.StringIO``: it first copies the whole text into an array
    of four bytes a character (200 MB for a 50 MB file), in one call that
    holds the interpreter for about half a second. Why blocks: cutting a
    block of about a megabyte with ``str.splitlines`` is done in C and
    lets the window in between; a line-by-line loop in Python took twice
    as long as the csv module itself.
    """
    if odd is None:
        odd = _ODD_EOL.search(text) is not None
    if odd:
        # splitlines would also cut at these, the csv module does not.
        yield from _lines_one_by_one(text, delimiter, where)
        return
    counted = methodcaller("count", delimiter)
    position, end_of_text, before = 0, len(text), 0
    while position < end_of_text:
        cut = text.find("\n", position + _CHUNK_BYTES)
        end = end_of_text if cut < 0 else cut + 1
        block = text[position:end].splitlines(keepends=True)
        # Only a line of MAX_COLUMNS characters can hold that many separators.
        longest = max(map(len, block), default=0)
        if longest >= MAX_COLUMNS and max(map(counted, block)) >= MAX_COLUMNS:
            wide = next(i for i, line in enumerate(block) if counted(line) >= MAX_COLUMNS)
            raise _too_wide(before + wide + 1)
        before += len(block)
        position = where[0] = end
        yield from block


def _lines_one_by_one(text: str, delimiter: str, where: list[int]) -> Iterator[str]:
    search, end_of_text, position, number = _EOL.search, len(text), 0, 0
    while position < end_of_text:
        found = search(text, position)
        end = found.end() if found is not None else end_of_text
        line = text[position:end]
        number += 1
        if line.count(delimiter) >= MAX_COLUMNS:
            raise _too_wide(number)
        position = where[0] = end
        yield line


def parse_csv_bytes(
    data: bytes, progress: Progress | None = None, cancelled: CancelCheck | None = None
) -> CsvTable:
    chunks = [data[i : i + _CHUNK_BYTES] for i in range(0, len(data), _CHUNK_BYTES)]
    return _parse_chunks(chunks, progress, cancelled)


def _parse_chunks(
    chunks: list[bytes], progress: Progress | None, cancelled: CancelCheck | None
) -> CsvTable:
    text, odd = _decode_chunks(chunks, progress, cancelled)
    chunks.clear()
    _check(cancelled)
    first_line = _first_line(text)
    if first_line is None:
        raise CsvFileError(_("The file is empty."))
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    where = [0]  # how far the reader has come, for the progress bar
    length = max(len(text), 1)
    parse_share = PROGRESS_TOTAL - _READ_SHARE - _DECODE_SHARE
    reader = csv.reader(_lines(text, delimiter, where, odd), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    header_line = 1
    rows: list[tuple[str, ...]] = []
    lines: list[int] = []
    start = 1
    tick = 0
    try:
        for row in reader:
            if "".join(row).strip():  # a row of blank cells is a blank line
                if header is None:
                    header, header_line = [h.strip() for h in row], start
                else:
                    rows.append(tuple(row))
                    lines.append(start)
            start = reader.line_num + 1
            tick += 1
            if tick == _ROWS_PER_TICK:
                tick = 0
                _check(cancelled)
                if progress is not None:
                    done = _READ_SHARE + _DECODE_SHARE + parse_share * where[0] // length
                    progress(done, PROGRESS_TOTAL)
    except csv.Error as exc:
        raise _csv_problem(start, exc) from exc
    if header is None:
        raise CsvFileError(_("The file is empty."))
    if len(set(header)) != len(header):
        raise CsvFileError(
            _("The header row (line {line}) names a column twice.").format(
                line=format_number(header_line)
            )
        )
    if progress is not None:
        progress(PROGRESS_TOTAL, PROGRESS_TOTAL)
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
