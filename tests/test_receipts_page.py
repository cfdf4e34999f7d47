"""The Receipts section as a user meets it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QColor, QGuiApplication, QImage
from pytestqt.qtbot import QtBot
from receipts_helpers import delete_on_page, make_receipt, undo_on_page

from companion.domain.money import Money
from companion.i18n.formatting import format_money
from companion.services.context import AppContext
from companion.services.receipts import ReceiptsService
from companion.store.attachments_store import FileState
from companion.ui.receipts.receipt_dialog import ReceiptDialog
from companion.ui.receipts.receipt_form import ReceiptForm
from companion.ui.receipts.receipts_page import ReceiptsPage

#: The offscreen platform says this whenever a top-level window is shown.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _page(qtbot: QtBot, ctx: AppContext) -> ReceiptsPage:
    page = ReceiptsPage(ctx, lambda _key: None)
    qtbot.addWidget(page)
    page.show()
    return page


def _cell(page: ReceiptsPage, row: int, column: int) -> str:
    return str(page.model.data(page.model.index(row, column)))


def test_empty_log_invites_first_receipt(qtbot: QtBot, ctx: AppContext) -> None:
    page = _page(qtbot, ctx)
    assert page.stack.currentWidget() is page.empty


def test_log_a_receipt_with_an_attachment(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    page = _page(qtbot, ctx)
    photo = tmp_path / "receipt.png"
    image = QImage(40, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("orange"))
    assert image.save(str(photo))
    dialog = ReceiptDialog(ctx, parent=page)
    qtbot.addWidget(dialog)
    form = dialog.form
    form.amount.setText("abc")
    dialog.save()
    assert form.amount_error.isVisibleTo(form)
    assert "digits" in form.amount_error.text()
    assert ctx.conn.execute("SELECT COUNT(*) FROM receipts").fetchone()[0] == 0
    form.amount.setText("1,234.50")
    form.reference.setText("SBP-778")
    form.vendor.setText("MTS shop, Tverskaya")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    assert form.attachments.add_mime(mime)
    assert form.attachments.list.count() == 1
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    page.refresh()
    assert page.stack.currentWidget() is page.splitter
    assert page.model.rowCount() == 1
    assert _cell(page, 0, 1) == format_money(Money(123450, "RUB"))
    assert _cell(page, 0, 5) == "SBP-778"
    assert _cell(page, 0, 8) == "1"
    (att,) = page.service.attachments.for_receipt(dialog.saved_id)  # type: ignore[arg-type]
    assert page.service.attachments.check(att) is FileState.OK
    assert "1 receipt shown" in page.totals_label.text()


def test_paste_image_from_clipboard(qtbot: QtBot, ctx: AppContext) -> None:
    form = ReceiptForm(ctx)
    qtbot.addWidget(form)
    image = QImage(10, 10, QImage.Format.Format_RGB32)
    image.fill(QColor("blue"))
    QGuiApplication.clipboard().setImage(image)
    form.attachments.paste()
    (path,) = form.attachment_paths()
    assert path.suffix == ".png" and path.is_file()


def test_sms_prefills_the_form(qtbot: QtBot, ctx: AppContext) -> None:
    form = ReceiptForm(ctx)
    qtbot.addWidget(form)
    form.zone.setCurrentText("Europe/Moscow")
    assert form.fill_from_sms(
        "Баланс пополнен на 500,00 руб. 20.11.2026 14:32. Доступно: 623,45 руб."
    )
    receipt = form.validate()
    assert receipt is not None
    assert receipt.amount == Money(50000, "RUB")
    assert (receipt.paid_at.day, receipt.paid_at.hour, receipt.paid_at.minute) == (20, 14, 32)
    assert "623.45" in form.sms_info.text()


def test_filter_search_and_totals(qtbot: QtBot, ctx: AppContext) -> None:
    service = ReceiptsService(ctx)
    service.log(make_receipt(minor=50000, reference="A-1", vendor="Beeline Arbat"))
    service.log(make_receipt(minor=30000, reference="B-2", notes="для мамы"))
    service.log(make_receipt(minor=1500, currency="USD", method="paypal", vendor="Airalo"))
    page = _page(qtbot, ctx)
    assert page.model.rowCount() == 3
    assert format_money(Money(80000, "RUB")) in page.totals_label.text()
    assert "$15.00" in page.totals_label.text()
    page.search.setText("МАМ")  # case-insensitive, Cyrillic
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert format_money(Money(30000, "RUB")) in page.totals_label.text()
    assert "$" not in page.totals_label.text()
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    page.method_filter.setCurrentIndex(page.method_filter.findData("paypal"))
    assert page.model.rowCount() == 1
    assert _cell(page, 0, 6) == "Airalo"
    page.method_filter.setCurrentIndex(0)
    page.currency_filter.setCurrentIndex(page.currency_filter.findData("RUB"))
    assert page.model.rowCount() == 2


def test_sort_by_amount(qtbot: QtBot, ctx: AppContext) -> None:
    service = ReceiptsService(ctx)
    for minor in (700, 100, 400):
        service.log(make_receipt(minor=minor * 100, reference=str(minor)))
    page = _page(qtbot, ctx)
    page.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert [_cell(page, r, 5) for r in range(3)] == ["100", "400", "700"]
    page.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert [_cell(page, r, 5) for r in range(3)] == ["700", "400", "100"]


def test_delete_undo_and_duplicate(qtbot: QtBot, ctx: AppContext, clock: object) -> None:
    service = ReceiptsService(ctx)
    rid = service.log(make_receipt(reference="KEEP"))
    page = _page(qtbot, ctx)
    page.select_id(rid)
    delete_on_page(qtbot, page)
    assert page.model.rowCount() == 0
    assert page.undo_bar.isVisible()
    undo_on_page(qtbot, page)
    assert page.model.rowCount() == 1 and _cell(page, 0, 5) == "KEEP"
    page.select_id(rid)
    page.duplicate_selected()
    assert page.model.rowCount() == 2
    again = service.repo.get(max(r[0] for r in ctx.conn.execute("SELECT id FROM receipts")))
    assert again is not None and again.reference == "" and again.amount == Money(50000, "RUB")
    assert again.paid_at == ctx.now().replace(microsecond=0)


def test_month_panel_is_built_on_first_show(qtbot: QtBot, ctx: AppContext) -> None:
    service = ReceiptsService(ctx)
    service.log(make_receipt(month=10))
    service.log(make_receipt(month=11))
    page = _page(qtbot, ctx)
    assert page.month_panel is None
    page.month_button.setChecked(True)
    assert page.month_panel is not None
    assert page.month_panel.table.rowCount() == 2
    assert page.month_panel.table.item(0, 0).text() == "2026-11"


def test_export_csv_of_what_is_shown(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    service = ReceiptsService(ctx)
    service.log(make_receipt(reference="=2+2"))
    service.log(make_receipt(reference="other", currency="USD"))
    page = _page(qtbot, ctx)
    page.currency_filter.setCurrentIndex(page.currency_filter.findData("RUB"))
    target = tmp_path / "out.csv"
    page.export_to(target, "csv")
    qtbot.waitUntil(lambda: page.notice.isVisible(), timeout=10000)
    assert "Exported 1 receipt" in page.notice.text()
    lines = target.read_text("utf-8").splitlines()
    assert len(lines) == 2 and ",'=2+2," in lines[1]


def test_export_pdf_and_zip(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    service = ReceiptsService(ctx)
    doc = tmp_path / "scan.pdf"
    doc.write_bytes(b"%PDF-1.4 fake")
    service.log(make_receipt(notes="<b>not bold</b>"), [doc])
    page = _page(qtbot, ctx)
    pdf = tmp_path / "report.pdf"
    page.export_to(pdf, "pdf")
    qtbot.waitUntil(lambda: pdf.exists() and page.notice.isVisible(), timeout=20000)
    assert pdf.read_bytes().startswith(b"%PDF")
    page.show_notice("")
    archive = tmp_path / "all.zip"
    page.export_to(archive, "zip")
    qtbot.waitUntil(lambda: page.notice.isVisible(), timeout=10000)
    import zipfile

    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
    assert "receipts.csv" in names
    assert any(n.startswith("attachments/") and n.endswith(".pdf") for n in names)
