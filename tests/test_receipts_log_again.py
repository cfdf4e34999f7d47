""""Log again today" starts a new payment: same top-up, but no old proof.

A copied photo or PDF would be proof of the *old* payment shown on the new
one, so the copy starts without files, like it starts without a reference.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot
from receipts_helpers import make_receipt

from companion.services.context import AppContext
from companion.services.receipts import ReceiptsService
from companion.ui.receipts.receipts_page import ReceiptsPage

#: The offscreen platform says this whenever a top-level window is shown.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _photo(path: Path) -> Path:
    image = QImage(20, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("green"))
    assert image.save(str(path))
    return path


def test_log_again_today_starts_without_the_old_files(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    service = ReceiptsService(ctx)
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% old payment\n")
    old_id = service.log(
        make_receipt(reference="SBP-1"), [_photo(tmp_path / "old.png"), pdf]
    )
    page = ReceiptsPage(ctx, lambda _key: None)
    qtbot.addWidget(page)
    page.show()
    page.select_id(old_id)
    qtbot.mouseClick(page.duplicate_button, Qt.MouseButton.LeftButton)

    assert page.model.rowCount() == 2
    (new_id,) = [i for (i,) in ctx.conn.execute("SELECT id FROM receipts") if i != old_id]
    again = service.repo.get(new_id)
    assert again is not None
    assert again.attachment_ids == []
    assert service.attachments.for_receipt(new_id) == []
    row = page.model.row_of_id(new_id)
    assert row is not None
    assert str(page.model.data(page.model.index(row, 8)) or "") in ("", "0")
    # The old receipt keeps its proof untouched.
    assert len(service.attachments.for_receipt(old_id)) == 2
    old_row = page.model.row_of_id(old_id)
    assert old_row is not None
    assert str(page.model.data(page.model.index(old_row, 8))) == "2"
