"""Sorting, the card filter, the editor and Esc, as a user meets them in the log."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot
from receipts_helpers import make_receipt

from companion.domain.card import Card
from companion.services import cards
from companion.services.context import AppContext
from companion.services.receipts import ReceiptsService
from companion.ui.receipts.receipt_dialog import ReceiptDialog
from companion.ui.receipts.receipts_model import ATTACHMENT_COLUMN
from companion.ui.receipts.receipts_page import ReceiptsPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _page(qtbot: QtBot, ctx: AppContext) -> ReceiptsPage:
    page = ReceiptsPage(ctx, lambda _key: None)
    qtbot.addWidget(page)
    page.show()
    return page


def _column(page: ReceiptsPage, column: int) -> list[str]:
    model = page.model
    return [str(model.data(model.index(r, column))) for r in range(model.rowCount())]


# ----- sorting ---------------------------------------------------------------------
def test_sort_by_amount_groups_currencies_then_amounts(qtbot: QtBot, ctx: AppContext) -> None:
    service = ReceiptsService(ctx)
    for minor, code in ((500000, "JPY"), (6660, "CNY"), (1000, "EUR"), (1234, "KWD"),
                        (5000, "JPY"), (900, "EUR")):
        service.log(make_receipt(minor=minor, currency=code, reference=f"{code}{minor}"))
    page = _page(qtbot, ctx)
    page.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert _column(page, 5) == ["CNY6660", "EUR900", "EUR1000", "JPY5000", "JPY500000", "KWD1234"]
    page.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert _column(page, 5) == ["KWD1234", "JPY500000", "JPY5000", "EUR1000", "EUR900", "CNY6660"]
    tip = page.model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "currency, then by amount" in tip


def test_files_column_does_not_pretend_to_sort(qtbot: QtBot, ctx: AppContext) -> None:
    service = ReceiptsService(ctx)
    for day in (3, 1, 2):
        service.log(make_receipt(day=day, reference=f"d{day}"))
    page = _page(qtbot, ctx)
    header = page.table.horizontalHeader()
    page.table.sortByColumn(5, Qt.SortOrder.AscendingOrder)
    before = _column(page, 5)
    x = header.sectionViewportPosition(ATTACHMENT_COLUMN) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    # The arrow stays on the column the rows are sorted by, and the rows keep their order.
    assert header.sortIndicatorSection() == 5
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert _column(page, 5) == before == ["d1", "d2", "d3"]
    tip = page.model.headerData(ATTACHMENT_COLUMN, Qt.Orientation.Horizontal,
                                Qt.ItemDataRole.ToolTipRole)
    assert "not sorted" in tip


# ----- one editor per receipt ------------------------------------------------------------
def test_double_click_opens_one_editor(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    ReceiptsService(ctx).log(make_receipt(reference="ONLY"))
    page = _page(qtbot, ctx)
    opened: list[ReceiptDialog] = []

    def exec_(dialog: ReceiptDialog) -> int:
        opened.append(dialog)
        if len(opened) == 1:
            # A second double-click while the editor is open raises it, never a second one.
            page.edit_selected()
        return 0

    monkeypatch.setattr(ReceiptDialog, "exec", exec_)
    rect = page.table.visualRect(page.model.index(0, 5))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(opened) == 1
    assert page._editors == {}  # closed editors are forgotten: the next one opens


# ----- the card filter follows the cards ---------------------------------------------------
@pytest.mark.qt_log_ignore("propagateSizeHints", r"raise\(\)", "grabbing the keyboard")
def test_card_filter_follows_added_renamed_and_deleted_cards(
    qtbot: QtBot, ctx: AppContext
) -> None:
    page = _page(qtbot, ctx)

    def labels() -> list[str]:
        return [page.card_filter.itemText(i) for i in range(page.card_filter.count())]

    assert labels() == ["All cards"]
    card_id = cards.save_card(ctx, Card(label="MTS main"))
    ReceiptsService(ctx).log(dataclasses.replace(make_receipt(reference="R"), card_id=card_id))
    page.hide()  # the user goes to Cards and back
    page.show()
    assert labels() == ["All cards", "MTS main"]
    assert _column(page, 3) == ["MTS main"]
    page.card_filter.setCurrentIndex(1)
    assert page.model.rowCount() == 1

    card = cards.get_card(ctx, card_id)
    assert card is not None
    cards.save_card(ctx, dataclasses.replace(card, label="MTS old"))
    page.card_filter.showPopup()  # opening the list reads the cards again
    page.card_filter.hidePopup()
    assert labels() == ["All cards", "MTS old"]
    assert page.card_filter.currentText() == "MTS old"

    cards.delete_card(ctx, card_id)
    page.hide()
    page.show()
    assert labels() == ["All cards"]
    assert page.card_filter.currentData() is None
    assert page.model.filter.card_id is None and page.model.rowCount() == 1


# ----- Esc asks before discarding --------------------------------------------------------
def _answer(dialog: ReceiptDialog, button_text: str) -> str:
    box = dialog.question
    assert box is not None and box.isVisible()
    (button,) = [b for b in box.buttons() if b.text().replace("&", "") == button_text]
    button.click()
    return box.text()


@pytest.mark.qt_log_ignore("propagateSizeHints", r"raise\(\)")
@pytest.mark.parametrize(
    "fill",
    [
        lambda d, _p: d.form.amount.setText("350"),
        lambda d, _p: d.form.notes.setPlainText("for mum"),
        lambda d, p: d.form.attachments.add_paths([p]),
    ],
    ids=["amount", "notes", "image"],
)
def test_esc_on_a_filled_form_asks_first(
    qtbot: QtBot,
    ctx: AppContext,
    tmp_path: Path,
    fill: Callable[[ReceiptDialog, Path], object],
) -> None:
    photo = tmp_path / "receipt.png"
    image = QImage(20, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("orange"))
    assert image.save(str(photo))
    dialog = ReceiptDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog, photo)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert _answer(dialog, "Keep editing") == "Discard what you typed and attached in this receipt?"
    assert dialog.isVisible() and dialog.question is None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    _answer(dialog, "Discard")
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Rejected


@pytest.mark.qt_log_ignore("propagateSizeHints", r"raise\(\)")
def test_esc_on_an_untouched_form_just_closes(qtbot: QtBot, ctx: AppContext) -> None:
    receipt_id = ReceiptsService(ctx).log(make_receipt(reference="SEEN"))
    receipt = ReceiptsService(ctx).repo.get(receipt_id)
    for dialog in (ReceiptDialog(ctx), ReceiptDialog(ctx, receipt)):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible()
        assert dialog.question is None
