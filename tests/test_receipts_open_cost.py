"""Opening a long receipt log formats only what a screen can show (issue 16).

The Paid column is widened once to fit its rows; it measured the first 200,
each a babel date with the zone's name, which was about half the time of
opening a log of 100,000 receipts. A screen shows far fewer.
"""

from __future__ import annotations

from typing import Any

import pytest
from receipts_helpers import make_receipt

from companion.services.receipts import ReceiptsService
from companion.ui.receipts import receipts_model
from companion.ui.receipts.receipts_page import ReceiptsPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_opening_a_long_log_formats_about_a_screenful_of_dates(
    qtbot: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = ReceiptsService(ctx)
    for i in range(400):
        service.log(make_receipt(day=1 + i % 28, hour=i % 24, reference=f"R{i}"))
    formatted: list[object] = []
    real = receipts_model.format_wall_time

    def counting(value: Any) -> str:
        formatted.append(value)
        return real(value)

    monkeypatch.setattr(receipts_model, "format_wall_time", counting)
    page = ReceiptsPage(ctx, lambda _key: None)
    qtbot.addWidget(page)
    page.resize(1000, 680)
    page.show()
    qtbot.waitExposed(page)
    screen_rows = page.screen().availableGeometry().height() // (
        page.table.verticalHeader().defaultSectionSize()
    )
    assert len(formatted) <= screen_rows + 2, (len(formatted), screen_rows)
    # What the screen shows still decides the width: the first row's text fits.
    text = page.model.data(page.model.index(0, 0))
    assert page.table.columnWidth(0) >= page.table.fontMetrics().horizontalAdvance(text)
