"""Ctrl+D logs the selected receipt again on every desktop.

Found in a real window (attack 7, X11): Qt's standard Delete keys there are
Del and Ctrl+D, so Ctrl+D belonged to both "Delete receipts" and "Log the
same top-up again"; Qt fires neither on such a clash, and Ctrl+D did
nothing. Offscreen (where the suite runs) Delete is Del only, so the keys
of X11 are given here as the xcb platform gives them.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from receipts_helpers import make_receipt

from companion.services.context import AppContext
from companion.services.receipts import ReceiptsService
from companion.ui.receipts.receipts_page import ReceiptsPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

#: What QKeySequence.keyBindings gives under QT_QPA_PLATFORM=xcb (Qt 6).
X11_KEYS = {
    QKeySequence.StandardKey.Delete: ["Del", "Ctrl+D"],
    QKeySequence.StandardKey.Undo: ["Ctrl+Z", "F14", "Undo"],
}


@pytest.fixture
def x11_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    real = QKeySequence.keyBindings

    def bindings(key: QKeySequence.StandardKey) -> list[QKeySequence]:
        if key in X11_KEYS:
            return [QKeySequence(text) for text in X11_KEYS[key]]
        return list(real(key))

    monkeypatch.setattr(QKeySequence, "keyBindings", staticmethod(bindings))


def _count(ctx: AppContext) -> int:
    return int(ctx.conn.execute("SELECT COUNT(*) FROM receipts").fetchone()[0])


def test_ctrl_d_logs_again_and_del_still_deletes_with_x11_keys(
    x11_keys: None, qtbot: QtBot, ctx: AppContext
) -> None:
    service = ReceiptsService(ctx)
    for i in range(3):
        service.log(make_receipt(reference=f"R{i}"))
    page = ReceiptsPage(ctx, lambda _key: None)
    qtbot.addWidget(page)
    page.resize(1000, 680)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    page.table.setFocus()
    page.table.selectRow(0)

    QTest.keyClick(page.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert _count(ctx) == 4  # logged again, nothing deleted

    actions = {a.text(): a for a in page.actions()}
    # Del still deletes and Ctrl+Z still undoes; Ctrl+D is Log again's alone.
    assert [k.toString() for k in actions["Delete receipts"].shortcuts()] == ["Del"]
    assert "Ctrl+Z" in [k.toString() for k in actions["Bring the deleted receipts back"].shortcuts()]
    assert [k.toString() for k in actions["Log the same top-up again, paid now"].shortcuts()] == [
        "Ctrl+D"
    ]
