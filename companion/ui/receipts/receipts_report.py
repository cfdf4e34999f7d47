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

The page layout (fonts, columns, how a cell's text wraps) is in
report_layout.py; this module draws it and streams the rows.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPdfWriter

from companion import atomic_write
from companion.domain.receipt_query import ReceiptFilter, ReceiptSort
from companion.i18n import _, ngettext
from companion.i18n.formatting import format_number
from companion.services.job_control import JobCancelled
from companion.services.receipts_read import ReceiptsReader
from companion.ui.qt_runtime.none_refcount import keep_none_alive
from companion.ui.receipts.report_layout import (
    ReportGeometry,
    column_headers,
    new_report_writer,
    row_lines,
    totals_lines,
)
from companion.ui.receipts.spending_chart import bars_per_currency, filter_span, paint_chart

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
    g = ReportGeometry.of(new_report_writer(buffer))
    heights = [
        g.row_height(max(len(c) for c in row_lines(row, g)))
        for row in itertools.islice(repo.labelled(flt, sort), ESTIMATE_SAMPLE)
    ]
    mean = sum(heights) / len(heights) if heights else g.row_height(1)
    table = g.footer_top - g.row_height(1)  # below the header row
    per_page = max(1.0, table / mean)
    first = g.footer_top - _front_matter_height(g, len(repo.totals(flt))) - g.row_height(1)
    on_first = max(0.0, first / mean)
    return 1 + math.ceil(max(0.0, rows - on_first) / per_page)


def _front_matter_height(g: ReportGeometry, totals: int) -> float:
    title = QFontMetricsF(g.title, g.device).height()
    return title * 1.5 + g.line * (3 + totals) + g.chart_height + g.line


class _Report:
    """Draws the pages; one instance per export."""

    def __init__(self, painter: QPainter, writer: QPdfWriter, g: ReportGeometry) -> None:
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
        count = ngettext("{n} receipt.", "{n} receipts.", total).format(
            n=format_number(total)
        )
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
        for (left, _w), label in zip(g.columns, column_headers(), strict=True):
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
            _("Page {page}").format(page=format_number(self.page)),
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
        writer = new_report_writer(str(tmp))
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
    g = ReportGeometry.of(writer)
    report = _Report(painter, writer, g)
    monthly = repo.monthly(flt)

    def chart(rect: QRectF) -> None:
        paint_chart(painter, rect, bars_per_currency(monthly), QColor("black"), filter_span(flt))

    report.front_matter(total, totals_lines(repo, flt), chart)
    report.header_row()
    page_done = report.page
    for done, row in enumerate(repo.labelled(flt, sort), 1):
        wrapped = row_lines(row, g)
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
