"""The month chart: per currency, or per card in each currency."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtGui import QColor, QFontMetrics
from pytestqt.qtbot import QtBot
from receipts_helpers import make_receipt
from safety_helpers import add_card

from companion.domain.money import Money
from companion.domain.receipt_query import ReceiptFilter
from companion.services.context import AppContext
from companion.services.receipts import ReceiptsService
from companion.store.receipts_repo import CardMonthTotal
from companion.ui.receipts_page import ReceiptsPage
from companion.ui.spending_chart import MAX_SERIES, PALETTE, Bar, bars_per_card

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
