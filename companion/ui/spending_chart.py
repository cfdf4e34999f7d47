"""Spending per month as bars, drawn with QPainter.

Why hand-drawn: QtCharts lives in PySide6-Addons, which the app does not
ship. A series is a currency, or a card in one currency: amounts in
different currencies are never added together, and bars share a scale only
with bars of their own currency. The bars of a month stand side by side.
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from companion.domain.money import Money
from companion.i18n import _
from companion.i18n.formatting import format_money
from companion.store.receipts_repo import CardMonthTotal, MonthTotal

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b")
#: More series than colours would repeat a colour in the legend.
MAX_SERIES = len(PALETTE)


class Bar(NamedTuple):
    month: str  # "2026-11"
    series: str  # the legend's label
    money: Money


def bars_per_currency(totals: list[MonthTotal]) -> list[Bar]:
    return [Bar(t.month, t.currency, Money(t.minor, t.currency)) for t in totals]


def bars_per_card(totals: list[CardMonthTotal]) -> list[Bar]:
    """One series per card and currency.

    With more than MAX_SERIES, the cards with the most receipts keep their
    own series and the rest share one "other cards" series per currency,
    so the chart stays readable with twenty cards.
    """
    receipts: Counter[tuple[str, str]] = Counter()
    for t in totals:
        receipts[(t.card_label, t.currency)] += t.count
    ranked = sorted(receipts, key=lambda key: (-receipts[key], key))
    kept = set(ranked if len(ranked) <= MAX_SERIES else ranked[: MAX_SERIES - 1])
    sums: dict[tuple[str, str, str], int] = {}
    for t in totals:
        if (t.card_label, t.currency) in kept:
            series = _("{card}, {currency}").format(
                card=t.card_label or _("No card"), currency=t.currency
            )
        else:
            series = _("Other cards, {currency}").format(currency=t.currency)
        key = (t.month, series, t.currency)
        sums[key] = sums.get(key, 0) + t.minor
    return [Bar(month, series, Money(minor, code)) for (month, series, code), minor in sums.items()]


def series_order(bars: list[Bar]) -> list[str]:
    """Legend order: by currency, then by name."""
    ordered = sorted(bars, key=lambda b: (b.money.currency, b.series))
    return list(dict.fromkeys(b.series for b in ordered))


def paint_chart(painter: QPainter, rect: QRectF, bars: list[Bar], text: QColor) -> None:
    """Draw onto any paint device: the widget and the PDF report share this."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    months = sorted({b.month for b in bars})[-24:]
    shown = [b for b in bars if b.month in set(months)]
    metrics = painter.fontMetrics()
    line = metrics.height()
    if not shown:
        painter.setPen(text)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, _("Nothing to chart yet."))
        painter.restore()
        return
    series = series_order(shown)
    values = {(b.month, b.series): b.money.minor for b in shown}
    currency = {b.series: b.money.currency for b in shown}
    scale: dict[str, int] = {}
    for b in shown:
        scale[b.money.currency] = max(scale.get(b.money.currency, 0), b.money.minor)
    peak = {s: max(values.get((m, s), 0) for m in months) for s in series}

    # The legend wraps onto as many lines as it needs.
    x, y = rect.left() + 8, rect.top() + 3
    for i, name in enumerate(series):
        label = _("{series} (peak {amount})").format(
            series=name, amount=format_money(Money(peak[name], currency[name]))
        )
        width = 14 + metrics.horizontalAdvance(label) + 16
        if x > rect.left() + 8 and x + width > rect.right():
            x, y = rect.left() + 8, y + line + 4
        painter.fillRect(QRectF(x, y, 10, 10), QColor(PALETTE[i % len(PALETTE)]))
        painter.setPen(text)
        painter.drawText(int(x + 14), int(y + line - 5), label)
        x += width
    top = y + line + 6
    plot = QRectF(rect.left() + 8, top, rect.width() - 16, rect.bottom() - top - line - 10)

    painter.setPen(QPen(text, 1))
    painter.drawLine(plot.bottomLeft(), plot.bottomRight())
    slot = plot.width() / len(months)
    bar_w = max(2.0, (slot - 6) / len(series))
    step = max(1, int(len(months) * metrics.horizontalAdvance("2026-11") / plot.width()) + 1)
    for mi, month in enumerate(months):
        left = plot.left() + mi * slot + 3
        for si, name in enumerate(series):
            value = values.get((month, name), 0)
            h = plot.height() * value / (scale[currency[name]] or 1)
            painter.fillRect(
                QRectF(left + si * bar_w, plot.bottom() - h, bar_w - 1, h),
                QColor(PALETTE[si % len(PALETTE)]),
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
        self._bars: list[Bar] = []
        self.setAccessibleName(_("Spending per month"))
        self.setMinimumHeight(160)

    def set_bars(self, bars: list[Bar]) -> None:
        self._bars = bars
        months = sorted({b.month for b in bars})[-12:]
        parts = [
            f"{b.month}, {b.series}: {format_money(b.money)}"
            for b in sorted(bars, key=lambda b: (b.month, b.series))
            if b.month in months
        ]
        self.setAccessibleDescription("; ".join(parts))
        self.update()

    def series(self) -> list[str]:
        """The legend's entries, in order (what a reader of the chart sees)."""
        return series_order(self._bars)

    def sizeHint(self) -> QSize:
        return QSize(480, 200)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        paint_chart(painter, QRectF(self.rect()), self._bars, self.palette().text().color())
        painter.end()
