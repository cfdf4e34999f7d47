"""Shared builders for the receipt tests."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from companion.domain.money import Money
from companion.domain.receipt import Receipt

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from companion.services.context import AppContext
    from companion.ui.receipts.receipt_dialog import ReceiptDialog

MOSCOW = ZoneInfo("Europe/Moscow")


def make_receipt(
    minor: int = 50000,
    currency: str = "RUB",
    day: int = 24,
    month: int = 11,
    reference: str = "",
    notes: str = "",
    vendor: str = "",
    method: str = "sbp",
    hour: int = 14,
) -> Receipt:
    return Receipt(
        paid_at=dt.datetime(2026, month, day, hour, 30, tzinfo=MOSCOW),
        paid_zone="Europe/Moscow",
        amount=Money(minor, currency),
        method=method,
        reference=reference,
        notes=notes,
        vendor=vendor,
    )


def open_receipt_dialog(qtbot: QtBot, ctx: AppContext) -> ReceiptDialog:
    """The receipt form as the Receipts page opens it (its parent), shown."""
    from companion.ui.receipts.receipt_dialog import ReceiptDialog
    from companion.ui.receipts.receipts_page import ReceiptsPage

    page = ReceiptsPage(ctx, lambda _key: None)
    qtbot.addWidget(page)
    dialog = ReceiptDialog(ctx, parent=page)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def wait_for_delete_job(qtbot: object, page: object) -> None:
    """A delete or undo on the Receipts page runs on a job thread: wait for it."""
    qtbot.waitUntil(lambda: page.delete_job is None, timeout=30_000)  # type: ignore[attr-defined]


def delete_on_page(qtbot: object, page: object) -> None:
    """Delete what is selected without the question, and wait until done."""
    page.delete_selected(confirm=False)  # type: ignore[attr-defined]
    wait_for_delete_job(qtbot, page)


def undo_on_page(qtbot: object, page: object) -> None:
    page.undo_delete()  # type: ignore[attr-defined]
    wait_for_delete_job(qtbot, page)
