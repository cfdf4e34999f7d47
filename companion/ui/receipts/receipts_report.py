"""The printable PDF report: totals, the month chart, then the table, page by page.

Why QPainter on a QPdfWriter, one page at a time: a heavy log has 100,000
receipts, about 2,300 pages. Building the whole report as one QTextDocument
held every row in memory (1.7 GB) and printed it in one call nobody could
cancel. Painting page by page streams the rows from SQLite, keeps one page in
memory, and checks Cancel and reports progress after every page. A cancelled
or failed report removes its partial file. Only QtGui is used, so the report
is written from a worker thread.

Every user-typed character is drawn as text (never interpreted as markup),
and a phone number is never broken across lines.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, Qt, QTextBoundaryFinder
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
)

from companion import atomic_write
from companion.domain.money import Money
from companion.domain.receipt_query import ReceiptFilter, ReceiptSort
from companion.i18n import _, current_language, ngettext
from companion.i18n.formatting import format_datetime, format_money
from companion.services.job_control import JobCancelled
from companion.services.receipts_read import LabelledReceipt, ReceiptsReader
from companion.ui.qt_runtime.none_refcount import keep_none_alive
from companion.ui.receipts.receipts_labels import method_label
from companion.ui.receipts.spending_chart import bars_per_currency, filter_span, paint_chart

RESOLUTION_DPI = 150
BODY_POINTS = 8.0
#: A cell taller than this many lines ends with "…" (a 10,000-character note).
MAX_CELL_LINES = 12
#: Column shares of the page width, in table order.
_COLUMN_SHARES = (0.10, 0.09, 0.15, 0.10, 0.09, 0.11, 0.14, 0.22)
#: Families that draw Chinese with Simplified glyph shapes, best first.
SIMPLIFIED_CHINESE_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Serif CJK SC",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "SimSun",
)
#: A phone number as people write it: +7 (912) 345-67-89, 8 912 345 67 89.
_PHONE = re.compile(r"(?<![\w+])\+?\d[\d \u00a0()\-]{5,}\d(?!\w)")


def report_font_families(language: str, installed: Iterable[str], base: str) -> list[str]:
    """The report's font families, in fallback order.

    Qt's own fallback for Han characters picks a Japanese font (Noto Sans CJK
    JP) when several are installed, so Chinese would be set with Japanese
    glyph shapes. A Simplified Chinese family comes first in the Chinese
    report, and right after the base font in the others (a note typed in
    Chinese is then still set in Simplified glyphs).
    """
    available = set(installed)
    simplified = next((f for f in SIMPLIFIED_CHINESE_FAMILIES if f in available), None)
    if simplified is None:
        return [base]
    return [simplified, base] if language == "zh_Hans" else [base, simplified]


def keep_phone_numbers_whole(text: str) -> str:
    """Spaces inside phone numbers become no-break spaces (the line breaker
    keeps digits, brackets and hyphens together by itself)."""
    return _PHONE.sub(lambda m: m.group(0).replace(" ", "\u00a0"), text)


def wrap_cell(text: str, font: QFont, device: QPaintDevice, width: float) -> list[str]:
    """The lines a table cell shows, at most MAX_CELL_LINES.

    Lines break where Unicode allows (QTextBoundaryFinder, the rules Qt's own
    layout uses); a word wider than the column is cut where it must be, a
    phone number is kept whole.
    """
    metrics = QFontMetricsF(font, device)
    lines: list[str] = []
    for para in keep_phone_numbers_whole(text).replace("\r\n", "\n").split("\n"):
        if metrics.horizontalAdvance(para) <= width:
            lines.append(para)
        else:
            lines.extend(_wrap_paragraph(para, metrics, width))
        if len(lines) > MAX_CELL_LINES:
            break
    if len(lines) > MAX_CELL_LINES:
        lines = lines[:MAX_CELL_LINES]
        lines[-1] = metrics.elidedText(lines[-1] + " …", Qt.TextElideMode.ElideRight, width)
    return lines


def _wrap_paragraph(para: str, metrics: QFontMetricsF, width: float) -> list[str]:
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Line, para)
    pieces, start = [], 0
    while (end := finder.toNextBoundary()) != -1:
        if end > start:
            pieces.append(para[start:end])
            start = end
    lines: list[str] = []
    current = ""
    for piece in pieces:
        if metrics.horizontalAdvance((current + piece).rstrip()) <= width:
            current += piece
            continue
        if current:
            lines.append(current.rstrip())
            current = ""
        # A word wider than the column is cut, a phone number never is (it
        # may reach into the column's padding: a number cut in two is misread).
        while (
            metrics.horizontalAdvance(piece.rstrip()) > width
            and len(piece) > 1
            and not _PHONE.search(piece)
        ):
            cut = 1
            while cut < len(piece) and metrics.horizontalAdvance(piece[: cut + 1]) <= width:
                cut += 1
            lines.append(piece[:cut])
            piece = piece[cut:]
        current = piece
        if len(lines) > MAX_CELL_LINES:
            break
    if current.strip():
        lines.append(current.rstrip())
    return lines


def totals_lines(repo: ReceiptsReader, flt: ReceiptFilter) -> list[str]:
    """ "CN¥66.60 in 1 receipt": one line per currency."""
    return [
        ngettext("{amount} in {n} receipt", "{amount} in {n} receipts", count).format(
            amount=format_money(Money(minor, code)), n=count
        )
        for code, (minor, count) in repo.totals(flt).items()
    ]


def _headers() -> tuple[str, ...]:
    return (
        _("Paid"),
        _("Amount"),
        _("Method"),
        _("Card"),
        _("Plan"),
        _("Reference"),
        _("Place or vendor"),
        _("Notes"),
    )


def _new_writer(device: str | QIODevice) -> QPdfWriter:
    writer = QPdfWriter(device)
    writer.setTitle(_("Top-up receipts"))
    writer.setCreator("Travel Card Companion")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape,
            QMarginsF(12, 12, 12, 12),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setResolution(RESOLUTION_DPI)
    return writer


@dataclass
class _Geometry:
    """Fonts and sizes of the report on one writer (device pixels)."""

    device: QPaintDevice
    body: QFont
    bold: QFont
    title: QFont
    width: float
    height: float
    line: float
    pad: float
    columns: list[tuple[float, float]]  # (left, width) of each column

    @classmethod
    def of(cls, writer: QPdfWriter) -> _Geometry:
        families = report_font_families(
            current_language(), QFontDatabase.families(), QFont().family()
        )
        body = QFont()
        body.setFamilies(families)
        body.setPointSizeF(BODY_POINTS)
        bold = QFont(body)
        bold.setBold(True)
        title = QFont(body)
        title.setPointSizeF(BODY_POINTS * 2)
        title.setBold(True)
        width, height = float(writer.width()), float(writer.height())
        metrics = QFontMetricsF(body, writer)
        columns, left = [], 0.0
        for share in _COLUMN_SHARES:
            columns.append((left, width * share))
            left += width * share
        return cls(
            writer,
            body,
            bold,
            title,
            width,
            height,
            metrics.height(),
            metrics.height() / 4,
            columns,
        )

    @property
    def footer_top(self) -> float:
        return self.height - self.line

    def row_height(self, lines: int) -> float:
        return lines * self.line + 2 * self.pad

    @property
    def chart_height(self) -> float:
        return self.height * 0.4


def _row_lines(row: LabelledReceipt, g: _Geometry) -> list[list[str]]:
    """The lines of each cell of one table row."""
    r = row.receipt
    cells = (
        format_datetime(r.paid_at, "short"),
        format_money(r.amount),
        method_label(r.method),
        row.card_label,
        r.plan_name,
        r.reference,
        r.vendor,
        r.notes,
    )
    return [
        wrap_cell(text, g.body, g.device, width - 2 * g.pad)
        for text, (_left, width) in zip(cells, g.columns, strict=True)
    ]


#: Rows laid out to estimate a report's length (their mean height is used).
ESTIMATE_SAMPLE = 60


def estimate_pages(repo: ReceiptsReader, flt: ReceiptFilter, sort: ReceiptSort) -> int:
    """About how many pages the report of what ``flt`` shows will have.

    The first rows are laid out as the report would; their mean height
    stands for all rows (a method name or a note on two lines counts).
    """
    rows = repo.count(flt)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    g = _Geometry.of(_new_writer(buffer))
    heights = [
        g.row_height(max(len(c) for c in _row_lines(row, g)))
        for row in itertools.islice(repo.labelled(flt, sort), ESTIMATE_SAMPLE)
    ]
    mean = sum(heights) / len(heights) if heights else g.row_height(1)
    table = g.footer_top - g.row_height(1)  # below the header row
    per_page = max(1.0, table / mean)
    first = g.footer_top - _front_matter_height(g, len(repo.totals(flt))) - g.row_height(1)
    on_first = max(0.0, first / mean)
    return 1 + math.ceil(max(0.0, rows - on_first) / per_page)


def _front_matter_height(g: _Geometry, totals: int) -> float:
    title = QFontMetricsF(g.title, g.device).height()
    return title * 1.5 + g.line * (3 + totals) + g.chart_height + g.line


class _Report:
    """Draws the pages; one instance per export."""

    def __init__(self, painter: QPainter, writer: QPdfWriter, g: _Geometry) -> None:
        self.painter = painter
        self.writer = writer
        self.g = g
        self.page = 1
        self.y = 0.0
        self._font: QFont | None = None
        self._color = ""
        self._ascent = 0.0

    def _forget_state(self) -> None:
        """After drawing that set its own font or pen (the chart, rules, footer)."""
        self._font = None
        self._color = ""

    def text(self, font: QFont, x: float, lines: Sequence[str], color: str = "black") -> None:
        # Font and pen only when they change: a report makes millions of calls.
        if font is not self._font:
            self.painter.setFont(font)
            self._font = font
            self._ascent = QFontMetricsF(font, self.g.device).ascent()
        if color != self._color:
            self.painter.setPen(QColor(color))
            self._color = color
        for i, line in enumerate(lines):
            if line:
                self.painter.drawText(QPointF(x, self.y + i * self.g.line + self._ascent), line)

    def front_matter(self, total: int, totals: list[str], chart: Callable[[QRectF], None]) -> None:
        g = self.g
        self.text(g.title, 0, [_("Top-up receipts")])
        self.y += QFontMetricsF(g.title, g.device).height() * 1.5
        count = ngettext("{n} receipt.", "{n} receipts.", total).format(n=total)
        self.text(g.body, 0, [count])
        self.y += g.line * 1.5
        self.text(g.bold, 0, [_("Totals")])
        self.y += g.line
        self.text(g.body, g.line, totals)
        self.y += g.line * (len(totals) + 0.5)
        self.text(g.bold, 0, [_("Spending per month")])
        self.y += g.line
        self.painter.setFont(g.body)
        chart(QRectF(0, self.y, g.width * 0.75, g.chart_height))
        self._forget_state()
        self.y += g.chart_height + g.line

    def header_row(self) -> None:
        g = self.g
        height = g.row_height(1)
        self.painter.fillRect(QRectF(0, self.y, g.width, height), QColor("#e8e8e8"))
        self.y += g.pad
        for (left, _w), label in zip(g.columns, _headers(), strict=True):
            self.text(g.bold, left + g.pad, [label])
        self.y += height - g.pad

    def row(self, cells: list[list[str]]) -> None:
        g = self.g
        height = g.row_height(max(len(c) for c in cells))
        if self.y + height > g.footer_top:
            self.next_page()
        self.text(g.body, 0, [], "#b0b0b0")
        self.painter.drawLine(QPointF(0, self.y), QPointF(g.width, self.y))
        self.y += g.pad
        for (left, _w), lines in zip(g.columns, cells, strict=True):
            self.text(g.body, left + g.pad, lines)
        self.y += height - g.pad

    def footer(self) -> None:
        g = self.g
        self.painter.setFont(g.body)
        self.painter.setPen(QColor("#555555"))
        self.painter.drawText(
            QRectF(0, g.footer_top, g.width, g.line),
            Qt.AlignmentFlag.AlignRight,
            _("Page {page}").format(page=self.page),
        )
        self._forget_state()

    def next_page(self) -> None:
        self.footer()
        self.writer.newPage()
        self.page += 1
        self.y = 0.0
        self.header_row()


def write_report(
    repo: ReceiptsReader,
    target: Path,
    flt: ReceiptFilter,
    sort: ReceiptSort,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the report of what ``flt`` shows; returns the number of receipts.

    Raises JobCancelled when ``cancelled()`` turns true (checked on every page);
    then, as on any failure, no file is left behind.
    """
    keep_none_alive()  # millions of QPainter calls: see none_refcount
    total = repo.count(flt)
    with atomic_write.replacing(target) as tmp:
        writer = _new_writer(str(tmp))
        painter = QPainter()
        if not painter.begin(writer):
            raise OSError(_("Cannot write {path}.").format(path=target))
        try:
            _paint(painter, writer, repo, flt, sort, total, progress, cancelled)
        except BaseException:
            painter.end()
            raise
        if not painter.end():
            raise OSError(_("Cannot write {path}.").format(path=target))
    if progress:
        progress(total, total)
    return total


def _paint(
    painter: QPainter,
    writer: QPdfWriter,
    repo: ReceiptsReader,
    flt: ReceiptFilter,
    sort: ReceiptSort,
    total: int,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> None:
    g = _Geometry.of(writer)
    report = _Report(painter, writer, g)
    monthly = repo.monthly(flt)

    def chart(rect: QRectF) -> None:
        paint_chart(painter, rect, bars_per_currency(monthly), QColor("black"), filter_span(flt))

    report.front_matter(total, totals_lines(repo, flt), chart)
    report.header_row()
    page_done = report.page
    for done, row in enumerate(repo.labelled(flt, sort), 1):
        wrapped = _row_lines(row, g)
        report.row(wrapped)
        if report.page != page_done:
            page_done = report.page
            if cancelled and cancelled():
                raise JobCancelled
            if progress:
                progress(done, total)
    report.footer()
    if cancelled and cancelled():
        raise JobCancelled
