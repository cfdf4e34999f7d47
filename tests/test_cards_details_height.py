"""The Cards details pane shows a card's key lines on a small or 200% screen (issue 21).

Why: on a 1920×1080 screen at 200% (960×540 logical pixels) in Chinese,
the details pane beside the card list showed about four lines: the expiry
and the balance were below the fold, behind a scroll bar, while the
renewal history and the 90-day timeline below took most of the height.
This opens the real Cards page in a window of that logical size and asks
whether the lines from the name down to the balance are inside the pane's
visible part.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea

from companion.domain.card import Card
from companion.domain.expiry import Expiry, RenewalRule
from companion.domain.money import Money
from companion.i18n import _
from companion.services import cards as cards_service
from tests.window_walk import LANGUAGES


def _full_card(ctx: Any) -> int:
    return cards_service.save_card(ctx, Card(
        "Beeline travel SIM", number="+79161234567", operator_name="Beeline",
        renewal=RenewalRule("days", 30), plan_name="Travel", plan_price=Money(50000, "RUB"),
        expiry=Expiry(dt.datetime(2026, 12, 30, 23, 59), "Europe/Moscow"),
        balance=Money(120000, "RUB"),
    ))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", [(960, 540), (1000, 680)])
def test_name_kind_expiry_and_balance_are_above_the_fold(
    main_window: Any, ctx: Any, qtbot: Any, language: str, size: tuple[int, int]
) -> None:
    card_id = _full_card(ctx)
    main_window.change_language(language)
    main_window.resize(*size)
    main_window.show_section("cards")
    qtbot.wait(50)  # the pages are rebuilt in the new language, deferred
    page = main_window.page("cards")
    page.refresh()
    page.select_card(card_id)
    QApplication.processEvents()
    label: QLabel = page.details
    scroll = label.parentWidget().parentWidget()
    assert isinstance(scroll, QScrollArea)
    lines = label.text().split("\n")
    balance_prefix = _("Balance: {amount}").split("{")[0]
    last = max(i for i, line in enumerate(lines) if line.startswith(balance_prefix))
    # The height the label needs for its lines down to the balance, at its width.
    probe = QLabel("\n".join(lines[: last + 1]))
    probe.setFont(label.font())
    probe.setWordWrap(label.wordWrap())
    probe.setContentsMargins(label.contentsMargins())
    need = probe.heightForWidth(label.width()) if label.wordWrap() else probe.sizeHint().height()
    shown = scroll.viewport().height()
    assert need <= shown, (
        f"{language} at {size}: the lines down to the balance need {need} px, "
        f"the details pane shows {shown} px (window {main_window.size().toTuple()})"
    )
