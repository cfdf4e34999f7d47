"""Spending per month as bars, drawn with QPainter.

Why hand-drawn: QtCharts lives in PySide6-Addons, which the app does not
ship. One series per currency (amounts in different currencies are never
added together); the bars of a month stand side by side.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from companion.domain.money import Money
from companion.i18n import _
from companion.i18n.formatting import format_money
from companion.store.receipts_repo import MonthTotal

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b")


def paint_chart(painter: QPainter, rect: QRectF, totals: list[MonthTotal], text: QColor) -> None:
    """Draw onto any paint device: the widget and the PDF report share this."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    months = sorted({t.month for t in totals})[-24:]
    currencies = sorted({t.currency for t in totals})
    metrics = painter.fontMetrics()
    line = metrics.height()
    if not months:
        painter.setPen(text)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, _("Nothing to chart yet."))
        painter.restore()
        return
    values = {(t.month, t.currency): t.minor for t in totals}
    peak = {c: max(values.get((m, c), 0) for m in months) or 1 for c in currencies}
    legend_h = line + 6
    plot = QRectF(
        rect.left() + 8,
        rect.top() + legend_h,
        rect.width() - 16,
        rect.height() - legend_h - line - 10,
    )
    x = rect.left() + 8
    for i, code in enumerate(currencies):
        color = QColor(PALETTE[i % len(PALETTE)])
        painter.fillRect(QRectF(x, rect.top() + 3, 10, 10), color)
        label = _("{currency} (peak {amount})").format(
            currency=code, amount=format_money(Money(peak[code], code))
        )
        painter.setPen(text)
        painter.drawText(int(x + 14), int(rect.top() + line - 2), label)
        x += 14 + metrics.horizontalAdvance(label) + 16
    painter.setPen(QPen(text, 1))
    painter.drawLine(plot.bottomLeft(), plot.bottomRight())
    slot = plot.width() / len(months)
    bar_w = max(2.0, (slot - 6) / max(1, len(currencies)))
    step = max(1, int(len(months) * metrics.horizontalAdvance("2026-11") / plot.width()) + 1)
    for mi, month in enumerate(months):
        left = plot.left() + mi * slot + 3
        for ci, code in enumerate(currencies):
            value = values.get((month, code), 0)
            h = plot.height() * value / peak[code]
            painter.fillRect(
                QRectF(left + ci * bar_w, plot.bottom() - h, bar_w - 1, h),
                QColor(PALETTE[ci % len(PALETTE)]),
            )
        if mi % step == 0:
            painter.setPen(text)
            painter.drawText(
                QRectF(left - 10, plot.bottom() + 2, slot + 20, line),
                Qt.AlignmentFlag.AlignHCenter,
                month,
            )
    painter.restore()


class SpendingChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._totals: list[MonthTotal] = []
        self.setAccessibleName(_("Spending per month"))
        self.setMinimumHeight(160)

    def set_totals(self, totals: list[MonthTotal]) -> None:
        self._totals = totals
        parts = [f"{t.month}: {format_money(Money(t.minor, t.currency))}" for t in totals[-12:]]
        self.setAccessibleDescription("; ".join(parts))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 200)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        paint_chart(painter, QRectF(self.rect()), self._totals, self.palette().text().color())
        painter.end()
