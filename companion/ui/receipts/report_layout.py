"""How the printable report is laid out: page, fonts, columns, and the lines of each cell.

Why apart from the drawing (receipts_report.py): the page count shown before
an export (estimate_pages) and the report itself must lay a row out the same
way, so both ask this module; and the rules for setting a cell's text
(Simplified Chinese glyphs, Unicode line breaks, phone numbers never broken)
can be read and tested without painting a page. Only QtGui is used, so it
runs on the report's worker thread.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QIODevice, QMarginsF, Qt, QTextBoundaryFinder
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPdfWriter,
)

from companion.domain.money import Money
from companion.domain.receipt_query import ReceiptFilter
from companion.i18n import _, current_language, ngettext
from companion.i18n.formatting import format_datetime, format_money, format_number
from companion.services.receipts_read import LabelledReceipt, ReceiptsReader
from companion.ui.receipts.receipts_labels import method_label

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
            amount=format_money(Money(minor, code)), n=format_number(count)
        )
        for code, (minor, count) in repo.totals(flt).items()
    ]


def column_headers() -> tuple[str, ...]:
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


def new_report_writer(device: str | QIODevice) -> QPdfWriter:
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
class ReportGeometry:
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
    def of(cls, writer: QPdfWriter) -> ReportGeometry:
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


def row_lines(row: LabelledReceipt, g: ReportGeometry) -> list[list[str]]:
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
