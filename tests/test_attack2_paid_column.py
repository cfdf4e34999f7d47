"""The receipts' Paid column shows the zone it names, not "2:30 PM M…".

Found attacking issue 16/17 at 1000×680: a receipt paid in Moscow, seen on a
computer in another zone, reads "11/4/26, 2:30 PM Moscow Time" in the Paid
column, but the column was a fixed 140 px and cut it to "2:30 PM M…" — the
zone the README promises to name was the part cut off. The column now fits
its text when the log first fills.
"""

from __future__ import annotations

from typing import Any

import pytest
from receipts_helpers import make_receipt

from companion.i18n import set_language
from companion.services.receipts import ReceiptsService
from companion.ui.receipts.receipts_page import ReceiptsPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.mark.parametrize("lang", ["en", "ru", "zh_Hans"])
def test_the_paid_column_is_wide_enough_for_the_zone(
    qtbot: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    set_language(lang)
    ReceiptsService(ctx).log(make_receipt(day=4))  # paid 14:30 Moscow time
    page = ReceiptsPage(ctx, lambda _key: None)
    qtbot.addWidget(page)
    page.resize(1000, 680)
    page.show()
    page.refresh()
    text = page.model.data(page.model.index(0, 0))
    zone_words = {"en": "Moscow", "ru": "Москва", "zh_Hans": "莫斯科"}[lang]
    assert zone_words in text, text
    needed = page.table.fontMetrics().horizontalAdvance(text)
    assert page.table.columnWidth(0) >= needed, (page.table.columnWidth(0), needed, text)
    set_language("en")
