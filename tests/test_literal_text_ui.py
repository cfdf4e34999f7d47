"""HTML typed into any free-text field reaches the screen literally: receipt
table tool tips, attachment tool tips, card dialogs, content-pack messages and
tray notifications."""

from __future__ import annotations

import dataclasses
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QMimeData, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QImage, QTextDocument
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from receipts_helpers import make_receipt
from safety_helpers import add_card

from companion.domain.card import Card
from companion.services import cards as cards_service
from companion.services.context import AppContext
from companion.store.database import transaction
from companion.store.receipts_repo import ReceiptsRepo
from companion.ui.receipts.receipt_dialog import ReceiptDialog
from companion.ui.receipts.receipts_model import COLUMNS
from companion.ui.receipts.receipts_page import ReceiptsPage
from companion.ui.widgets import literal_text

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

HOSTILE = "<b>x</b><img src=http://x/y.png>"


def on_screen(text: str) -> str:
    """What Qt shows for ``text`` where it guesses between plain and rich text."""
    if not QtGui.Qt.mightBeRichText(text):
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText().replace("\u2028", "\n").replace("\u2029", "\n")


@pytest.mark.parametrize("text", [HOSTILE, "plain\n" + HOSTILE, "<i>a</i>\n<u>b</u>", "a < b & c"])
def test_a_tip_shows_its_text_exactly(text: str) -> None:
    assert on_screen(literal_text.tip(text)) == text


def test_without_escaping_qt_would_render_the_html() -> None:
    assert on_screen(HOSTILE) == "x\ufffc"


def test_receipt_table_tool_tips_show_html_literally(qtbot: QtBot, ctx: AppContext) -> None:
    card_id = add_card(ctx.conn, HOSTILE)
    receipt = dataclasses.replace(
        make_receipt(reference=HOSTILE, notes=HOSTILE + "\nsecond line", vendor=HOSTILE),
        plan_name=HOSTILE,
        code=HOSTILE,
        card_id=card_id,
    )
    with transaction(ctx.conn):
        ReceiptsRepo(ctx.conn).insert(receipt, receipt.paid_at)
    page = ReceiptsPage(ctx, lambda _key: None)
    qtbot.addWidget(page)
    page.refresh()
    model = page.model
    shown = {}
    for column, (key, _title) in enumerate(COLUMNS):
        index = model.index(0, column)
        tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
        shown[key] = on_screen(tip)
        assert str(model.data(index)) in shown[key]
    assert shown["card"] == HOSTILE
    assert shown["plan"] == shown["reference"] == shown["vendor"] == HOSTILE
    assert shown["notes"] == HOSTILE + "\nsecond line"


def test_an_attachment_tool_tip_shows_its_name_literally(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    photo = tmp_path / "<b>x<i>y.png"
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("orange"))
    assert image.save(str(photo), "PNG")
    dialog = ReceiptDialog(ctx)
    qtbot.addWidget(dialog)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    assert dialog.form.attachments.add_mime(mime)
    item = dialog.form.attachments.list.item(0)
    assert on_screen(item.toolTip()) == photo.name


def _answer_next_box(seen: list[tuple[Any, str]], button: QMessageBox.StandardButton) -> None:
    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append((box.textFormat(), box.text()))
        box.done(int(button))

    QTimer.singleShot(0, answer)


def test_deleting_a_card_asks_with_its_label_literally(main_window: Any, ctx: AppContext) -> None:
    cards_service.save_card(ctx, Card(HOSTILE))
    main_window.show_section("cards")
    page = main_window.page("cards")
    page.refresh()
    seen: list[tuple[Any, str]] = []
    _answer_next_box(seen, QMessageBox.StandardButton.No)
    page.delete_selected()
    ((fmt, text),) = seen
    assert fmt == Qt.TextFormat.PlainText
    assert f"“{HOSTILE}”" in text
    assert page.list.count() == 1


def test_a_refused_pack_is_told_literally(
    main_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    path = tmp_path / "pack.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("en/<b>x</b>.md", b"x")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), ""))
    )
    seen: list[tuple[Any, str]] = []
    _answer_next_box(seen, QMessageBox.StandardButton.Ok)
    main_window.show_section("guide")
    main_window.page("guide").choose_pack()
    ((fmt, text),) = seen
    assert fmt == Qt.TextFormat.PlainText
    assert "en/<b>x</b>.md" in text


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="freedesktop notifications")
def test_a_tray_notification_escapes_html_for_the_notification_server() -> None:
    assert literal_text.notification(HOSTILE) == "&lt;b&gt;x&lt;/b&gt;&lt;img src=http://x/y.png&gt;"


def test_a_card_label_reaches_the_banner_list_and_details_literally(
    main_window: Any, ctx: AppContext, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from PySide6.QtWidgets import QLabel

    from companion.domain.expiry import Expiry

    sent: list[str] = []

    class Tray:  # stands in for the system tray, which offscreen Qt has not
        def isVisible(self) -> bool:
            return True

        def showMessage(self, _title: str, text: str, *_args: object) -> None:
            sent.append(text)

    monkeypatch.setattr(main_window.reminders, "_tray", lambda: Tray())
    cards_service.save_card(
        ctx,
        Card(HOSTILE, notes=HOSTILE, expiry=Expiry(dt.datetime(2026, 11, 25, 23, 59), "UTC")),
    )
    clock.set(dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC))
    main_window.reminders.check()
    banner = main_window.reminder_banner
    texts = [w for w in banner.findChildren(QLabel) if HOSTILE in w.text()]
    assert texts and all(w.textFormat() == Qt.TextFormat.PlainText for w in texts)
    (message,) = sent
    if sys.platform.startswith("linux"):  # freedesktop servers read HTML in the body
        assert "&lt;b&gt;x&lt;/b&gt;&lt;img src=http://x/y.png&gt;" in message
    else:
        assert HOSTILE in message
    main_window.show_section("cards")
    page = main_window.page("cards")
    page.refresh()
    assert page.list.item(0).text().startswith(HOSTILE)
    assert HOSTILE in page.details.text()
    assert page.details.textFormat() == Qt.TextFormat.PlainText
