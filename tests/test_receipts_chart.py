"""The month chart: per currency, or per card in each currency."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPainter
from pytestqt.qtbot import QtBot
from receipts_helpers import make_receipt
from safety_helpers import add_card

from companion.domain.money import Money
from companion.domain.receipt_query import ReceiptFilter
from companion.services.context import AppContext
from companion.services.receipts import ReceiptsService
from companion.store.receipts_repo import CardMonthTotal
from companion.ui.qt_runtime.none_refcount import keep_none_alive
from companion.ui.receipts.receipts_page import ReceiptsPage
from companion.ui.receipts.spending_chart import (
    MAX_SERIES,
    PALETTE,
    Bar,
    bars_per_card,
    paint_chart,
)

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _log_three_cards(ctx: AppContext) -> tuple[int, int]:
    mts = add_card(ctx.conn, "MTS tourist SIM")
    esim = add_card(ctx.conn, "Travel eSIM")
    service = ReceiptsService(ctx)
    for month, minor in ((10, 30000), (11, 50000), (11, 20000)):
        service.log(dataclasses.replace(make_receipt(minor, month=month), card_id=mts))
    service.log(dataclasses.replace(make_receipt(1500, "USD"), card_id=esim))
    service.log(make_receipt(10000))  # no card
    return mts, esim


def test_totals_per_card_keep_currencies_apart(ctx: AppContext) -> None:
    _log_three_cards(ctx)
    totals = ReceiptsService(ctx).repo.monthly_by_card(ReceiptFilter())
    assert sorted(totals, key=lambda t: (t.month, t.card_label)) == [
        CardMonthTotal("2026-10", "MTS tourist SIM", "RUB", 30000, 1),
        CardMonthTotal("2026-11", "", "RUB", 10000, 1),
        CardMonthTotal("2026-11", "MTS tourist SIM", "RUB", 70000, 2),
        CardMonthTotal("2026-11", "Travel eSIM", "USD", 1500, 1),
    ]


def test_the_busiest_cards_keep_their_series_and_the_rest_share_one() -> None:
    totals = [
        CardMonthTotal("2026-11", f"card {i}", "RUB", 100 * (i + 1), count=10 - i)
        for i in range(MAX_SERIES + 2)
    ]
    bars = bars_per_card(totals)
    names = [b.series for b in bars]
    assert names[: MAX_SERIES - 1] == [f"card {i}, RUB" for i in range(MAX_SERIES - 1)]
    others = [b for b in bars if b.series == "Other cards, RUB"]
    # Cards 5, 6 and 7 (the fewest receipts) are summed, never across currencies.
    assert others == [Bar("2026-11", "Other cards, RUB", Money(600 + 700 + 800, "RUB"))]


def test_the_chart_switches_to_cards_and_follows_the_filter(
    qtbot: QtBot, ctx: AppContext
) -> None:
    mts, _esim = _log_three_cards(ctx)
    page = ReceiptsPage(ctx, lambda _key: None)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.month_button.setChecked(True)
    panel = page.month_panel
    assert panel is not None
    assert panel.chart.series() == ["RUB", "USD"]

    panel.grouping.setCurrentIndex(panel.grouping.findData("card"))
    assert panel.chart.series() == ["MTS tourist SIM, RUB", "No card, RUB", "Travel eSIM, USD"]
    assert "2026-11, Travel eSIM, USD" in panel.chart.accessibleDescription()
    # Just above the x axis (the month labels are one line below it), every
    # non-empty bar shows: one colour per series, and no fourth.
    image = panel.chart.grab().toImage()
    y = image.height() - QFontMetrics(panel.chart.font()).height() - 14
    colours = {image.pixelColor(x, y).name() for x in range(image.width())}
    assert {QColor(c).name() for c in PALETTE[:3]} <= colours
    assert QColor(PALETTE[3]).name() not in colours

    page.card_filter.setCurrentIndex(page.card_filter.findData(mts))
    assert panel.chart.series() == ["MTS tourist SIM, RUB"]


# ----- range, empty months, "No card", colours (issue 16) ------------------------------
def _contrast(a: QColor, b: QColor) -> float:
    from companion.ui.receipts.spending_chart import _luminance

    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_the_chart_shows_its_range_with_empty_months_as_zero(
    qtbot: QtBot, ctx: AppContext
) -> None:
    service = ReceiptsService(ctx)
    old = make_receipt(30000)
    service.log(dataclasses.replace(old, paid_at=old.paid_at.replace(year=2023, month=12, day=5)))
    service.log(make_receipt(50000, month=3))
    page = ReceiptsPage(ctx, lambda _key: None)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    page.month_button.setChecked(True)
    chart = page.month_panel.chart  # type: ignore[union-attr]
    months = chart.months()
    # December 2023 to March 2026 with every month between, not two bars side by side.
    assert months[0] == "2023-12" and months[-1] == "2026-03" and len(months) == 28
    assert "2025-06" in months
    assert chart.caption() == "2023-12 – 2026-03, 28 months"
    assert chart.caption() in chart.accessibleDescription()


def test_the_chart_range_is_the_filters_dates(qtbot: QtBot, ctx: AppContext) -> None:
    service = ReceiptsService(ctx)
    service.log(make_receipt(50000, month=3))
    service.log(make_receipt(20000, month=11))
    page = ReceiptsPage(ctx, lambda _key: None)
    qtbot.addWidget(page)
    page.show()
    page.month_button.setChecked(True)
    page.date_from.set_value(dt.date(2026, 1, 15))
    page.date_to.set_value(dt.date(2026, 12, 31))
    chart = page.month_panel.chart  # type: ignore[union-attr]
    assert chart.months() == [f"2026-{m:02d}" for m in range(1, 13)]
    assert chart.caption() == "2026-01 – 2026-12, 12 months"
    page.date_to.set_value(None)  # open end: up to the last receipt shown
    assert chart.months()[-1] == "2026-11"


def test_no_card_is_its_own_series_even_with_many_cards() -> None:
    totals = [
        CardMonthTotal("2026-11", f"card {i}", "RUB", 100, count=50 - i)
        for i in range(MAX_SERIES + 3)
    ]
    totals.append(CardMonthTotal("2026-11", "", "RUB", 700, count=1))  # the fewest receipts
    names = {b.series for b in bars_per_card(totals)}
    assert "No card, RUB" in names
    others = [b for b in bars_per_card(totals) if b.series == "Other cards, RUB"]
    assert others == [Bar("2026-11", "Other cards, RUB", Money(100 * 4, "RUB"))]


def test_series_colours_are_distinct_and_readable_in_both_themes() -> None:
    from companion.ui.receipts.spending_chart import series_color

    colours = [series_color(i) for i in range(24)]
    assert len({c.name() for c in colours}) == 24
    for c in colours:
        assert _contrast(c, QColor("#ffffff")) >= 3.0, c.name()  # paper, light theme
        assert _contrast(c, QColor("#202124")) >= 3.0, c.name()  # the dark theme's window
    # Neighbouring colours differ clearly in hue or lightness.
    for a, b in itertools.pairwise(colours):
        assert abs(a.hslHueF() - b.hslHueF()) > 0.05 or abs(a.lightnessF() - b.lightnessF()) > 0.1


class _RecordingPainter(QPainter):
    """A real painter that also keeps where each month label was drawn."""

    def __init__(self, device: QImage) -> None:
        super().__init__(device)
        self.labels: list[tuple[float, float, str]] = []

    def drawText(self, *args: object) -> None:  # type: ignore[override]
        rect, _flags, label = args[0], args[1], args[2]
        if isinstance(rect, QRectF) and isinstance(label, str) and re.fullmatch(
            r"\d{4}-\d{2}", label
        ):
            self.labels.append((rect.left(), rect.right(), label))
        super().drawText(*args)  # type: ignore[call-overload]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(months=st.integers(1, 120), width=st.integers(260, 1400))
def test_month_labels_never_run_into_each_other(qtbot: QtBot, months: int, width: int) -> None:
    """48 months in the 1000×680 window drew "2022-012022-07": the first label,
    pushed inside the chart, met the second (issue 16, attack 4)."""
    first = dt.date(2022, 1, 1)
    bars = []
    for i in range(months):
        month = f"{first.year + (first.month - 1 + i) // 12}-{(first.month - 1 + i) % 12 + 1:02d}"
        bars.append(Bar(month, "RUB", Money(1000 + i, "RUB")))
    keep_none_alive()  # as the app does: thousands of QPainter calls
    image = QImage(width, 260, QImage.Format.Format_ARGB32)
    painter = _RecordingPainter(image)
    try:
        paint_chart(painter, QRectF(0, 0, width, 260), bars, QColor("black"))
    finally:
        painter.end()
    spans = sorted(painter.labels)
    assert spans, "no month is named under the bars"
    for (_l1, right, a), (left, _r2, b) in itertools.pairwise(spans):
        assert left >= right, (a, b, width)
    assert spans[0][0] >= 0 and spans[-1][1] <= width
