"""Spending per month as bars, drawn with QPainter.

Why hand-drawn: QtCharts lives in PySide6-Addons, which the app does not
ship. A series is a currency, or a card in one currency: amounts in
different currencies are never added together, and bars share a scale only
with bars of their own currency. The bars of a month stand side by side.

The chart says which months it covers and shows every month of that range,
a month without spending as an empty slot (never skipped, so December 1999
does not stand next to January 2026). Series colours never repeat, and each
has at least 3:1 contrast on white paper, the light window and the dark one.
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from companion.domain.money import Money
from companion.domain.receipt_query import ReceiptFilter
from companion.i18n import _, ngettext
from companion.i18n.formatting import format_money, format_number
from companion.services.receipts_read import CardMonthTotal, MonthTotal

#: Distinct hues, each with 3:1 contrast or more on white and on the dark
#: theme's window (#202124); see test_receipts_chart.
PALETTE = (
    "#2e7dd1",  # blue
    "#d9480f",  # vermilion
    "#2ca02c",  # green
    "#a05aa8",  # purple
    "#b8860b",  # dark gold
    "#008b8b",  # teal
    "#e0457b",  # pink
    "#7f7f7f",  # grey
)
#: Cards with their own series in per-card mode; the rest share "Other cards".
MAX_SERIES = 6
#: Relative luminance of generated colours: between the dark window's and white's 3:1 bounds.
_TARGET_LUMINANCE = 0.2


def _luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def series_color(index: int) -> QColor:
    """The colour of the ``index``-th series: the palette, then new hues (golden
    angle) at a luminance readable on light and dark backgrounds alike."""
    if index < len(PALETTE):
        return QColor(PALETTE[index])
    hue = (0.61 + (index - len(PALETTE)) * 0.381966) % 1.0
    low, high = 0.0, 1.0
    for _step in range(30):
        mid = (low + high) / 2
        if _luminance(QColor.fromHslF(hue, 0.65, mid)) < _TARGET_LUMINANCE:
            low = mid
        else:
            high = mid
    return QColor.fromHslF(hue, 0.65, low)


def month_span(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last`` ("2026-11"), both included."""
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    months: list[str] = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def chart_months(bars: list[Bar], span: tuple[str | None, str | None] = (None, None)) -> list[str]:
    """The months the chart shows: the span asked for (the filter's dates),
    an open end filled from the data, every month in between."""
    data = sorted({b.month for b in bars})
    first = span[0] or (data[0] if data else None)
    last = span[1] or (data[-1] if data else None)
    if first is None or last is None or first > last:
        return []
    return month_span(first, last)


def filter_span(flt: ReceiptFilter) -> tuple[str | None, str | None]:
    """The months the filter's dates cover (None where a bound is open)."""
    first = flt.date_from.strftime("%Y-%m") if flt.date_from else None
    last = flt.date_to.strftime("%Y-%m") if flt.date_to else None
    return first, last


def range_caption(months: list[str]) -> str:
    """ "2024-01 – 2026-11, 35 months": what the chart covers, said on it."""
    if not months:
        return ""
    count = ngettext("{n} month", "{n} months", len(months)).format(n=format_number(len(months)))
    return _("{first} – {last}, {span}").format(first=months[0], last=months[-1], span=count)


class Bar(NamedTuple):
    month: str  # "2026-11"
    series: str  # the legend's label
    money: Money


def bars_per_currency(totals: list[MonthTotal]) -> list[Bar]:
    return [Bar(t.month, t.currency, Money(t.minor, t.currency)) for t in totals]


def bars_per_card(totals: list[CardMonthTotal]) -> list[Bar]:
    """One series per card and currency.

    Receipts with no card are always their own series ("No card, RUB").
    With more than MAX_SERIES cards, the cards with the most receipts keep
    their own series and the rest share one "Other cards" series per
    currency, so the chart stays readable with twenty cards.
    """
    receipts: Counter[tuple[str, str]] = Counter()
    for t in totals:
        if t.card_label:
            receipts[(t.card_label, t.currency)] += t.count
    ranked = sorted(receipts, key=lambda key: (-receipts[key], key))
    kept = set(ranked if len(ranked) <= MAX_SERIES else ranked[: MAX_SERIES - 1])
    sums: dict[tuple[str, str, str], int] = {}
    for t in totals:
        if not t.card_label:
            series = _("{card}, {currency}").format(card=_("No card"), currency=t.currency)
        elif (t.card_label, t.currency) in kept:
            series = _("{card}, {currency}").format(card=t.card_label, currency=t.currency)
        else:
            series = _("Other cards, {currency}").format(currency=t.currency)
        key = (t.month, series, t.currency)
        sums[key] = sums.get(key, 0) + t.minor
    return [Bar(month, series, Money(minor, code)) for (month, series, code), minor in sums.items()]


def series_order(bars: list[Bar]) -> list[str]:
    """Legend order: by currency, then by name."""
    ordered = sorted(bars, key=lambda b: (b.money.currency, b.series))
    return list(dict.fromkeys(b.series for b in ordered))


def paint_chart(
    painter: QPainter,
    rect: QRectF,
    bars: list[Bar],
    text: QColor,
    span: tuple[str | None, str | None] = (None, None),
) -> None:
    """Draw onto any paint device: the widget and the PDF report share this."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    months = chart_months(bars, span)
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
    colors = {name: series_color(i) for i, name in enumerate(series)}

    painter.setPen(text)
    painter.drawText(
        QRectF(rect.left() + 8, rect.top(), rect.width() - 16, line),
        Qt.AlignmentFlag.AlignLeft,
        range_caption(months),
    )
    # The legend wraps onto as many lines as it needs.
    x, y = rect.left() + 8, rect.top() + line + 6
    for name in series:
        label = _("{series} (peak {amount})").format(
            series=name, amount=format_money(Money(peak[name], currency[name]))
        )
        width = 14 + metrics.horizontalAdvance(label) + 16
        if x > rect.left() + 8 and x + width > rect.right():
            x, y = rect.left() + 8, y + line + 4
        painter.fillRect(QRectF(x, y + (line - 10) / 2, 10, 10), colors[name])
        painter.setPen(text)
        painter.drawText(QRectF(x + 14, y, width - 14, line), Qt.AlignmentFlag.AlignLeft, label)
        x += width
    top = y + line + 6
    plot = QRectF(rect.left() + 8, top, rect.width() - 16, rect.bottom() - top - line - 10)

    painter.setPen(QPen(text, 1))
    painter.drawLine(plot.bottomLeft(), plot.bottomRight())
    slot = plot.width() / len(months)
    bar_w = max(0.5, (slot - min(6.0, slot / 4)) / len(series))
    label_w = metrics.horizontalAdvance("2026-11") + 8
    step = max(1, int(len(months) * label_w / plot.width()) + 1)
    # The first label is pushed right to stay inside the chart, so it can
    # reach the next one ("2022-012022-07"): a label that would touch the
    # one before it is left out.
    shown_until = rect.left() - 1.0
    for mi, month in enumerate(months):
        left = plot.left() + mi * slot + min(3.0, slot / 8)
        for si, name in enumerate(series):
            value = values.get((month, name), 0)
            if value <= 0:
                continue
            h = plot.height() * value / (scale[currency[name]] or 1)
            painter.fillRect(
                QRectF(left + si * bar_w, plot.bottom() - h, max(bar_w - 1, 0.5), h), colors[name]
            )
        centre = plot.left() + (mi + 0.5) * slot
        label_x = max(rect.left(), min(centre - label_w / 2, rect.right() - label_w))
        if mi % step == 0 and label_x >= shown_until:
            shown_until = label_x + label_w
            painter.setPen(text)
            painter.drawText(
                QRectF(label_x, plot.bottom() + 2, label_w, line),
                Qt.AlignmentFlag.AlignHCenter,
                month,
            )
    painter.restore()


class SpendingChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: list[Bar] = []
        self._span: tuple[str | None, str | None] = (None, None)
        self.setAccessibleName(_("Spending per month"))
        self.setMinimumHeight(160)

    def set_bars(self, bars: list[Bar], span: tuple[str | None, str | None] = (None, None)) -> None:
        """Show ``bars`` over ``span`` (first and last month; None: from the data)."""
        self._bars = bars
        self._span = span
        months = self.months()
        values = {(b.month, b.series): b.money for b in bars}
        parts = [range_caption(months)] if months else []
        for month in months[-12:]:
            for name in series_order(bars):
                money = values.get((month, name))
                if money is not None:
                    parts.append(f"{month}, {name}: {format_money(money)}")
        self.setAccessibleDescription("; ".join(parts))
        self.update()

    def months(self) -> list[str]:
        """The months on the x axis, first to last, empty ones included."""
        return chart_months(self._bars, self._span)

    def caption(self) -> str:
        return range_caption(self.months())

    def series(self) -> list[str]:
        """The legend's entries, in order (what a reader of the chart sees)."""
        return series_order(self._bars)

    def sizeHint(self) -> QSize:
        return QSize(480, 200)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        paint_chart(
            painter, QRectF(self.rect()), self._bars, self.palette().text().color(), self._span
        )
        painter.end()
