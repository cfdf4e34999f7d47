"""Selections over a log of 100,000 receipts, through the page's keys and clicks.

Edit and Log again work on one receipt: they read that one row, never the
selection row by row (after Ctrl+A the old ``selected_ids`` read all 100,000
rows, ~14-20 s, before Edit or Log again even started), and with several
selected they are disabled and say why. Shift+Ctrl+End selects to the end
as one range, and with a screen reader on, Qt's table no longer lists every
selected cell on each selection change. Spies count what the model is asked
and what is read from the database.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from receipts_helpers import make_receipt

from companion.paths import data_paths
from companion.services.context import AppContext, open_context
from companion.store.database import transaction
from companion.store.receipts_repo import RECEIPT_COLUMNS, ReceiptsRepo, receipt_params
from companion.store.receipts_trash import receipt_indexes_set_aside
from companion.ui.receipts import receipts_model
from companion.ui.receipts.receipt_dialog import ReceiptDialog
from companion.ui.receipts.receipts_page import ReceiptsPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
COUNT = 100_000
SEVERAL_EDIT = "Several receipts are selected: select one receipt to edit it."
SEVERAL_AGAIN = "Several receipts are selected: select one receipt to log it again."


def _fill_fast(conn: sqlite3.Connection, count: int) -> None:
    """``count`` receipts R000000… in one statement, the receipt table's
    indexes made after the rows, as a big undo does (row by row they took
    ~20 s here)."""
    rows = [
        receipt_params(
            make_receipt(
                minor=1000 + i % 5000,
                day=1 + i % 28,
                month=1 + i % 12,
                reference=f"R{i:06d}",
                hour=i % 24,
            ),
            NOW,
        )
        for i in range(count)
    ]
    with transaction(conn), receipt_indexes_set_aside(conn, wanted=True):
        conn.executemany(
            f"INSERT INTO receipts ({RECEIPT_COLUMNS}) VALUES ({', '.join('?' * 16)})", rows
        )


@pytest.fixture(scope="module")
def log_of_100k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with 100,000 receipts, made once for this module."""
    root = tmp_path_factory.mktemp("log-100k")
    made = open_context(data_paths(root), clock=lambda: NOW)
    try:
        _fill_fast(made.conn, COUNT)
    finally:
        made.close()
    return data_paths(root).database


@pytest.fixture
def ctx(log_of_100k: Path, data_dir: Path, clock: Any) -> Iterator[AppContext]:
    """The test's own copy of the 100,000 receipts."""
    target = data_paths(data_dir).database
    target.parent.mkdir(parents=True, exist_ok=True)
    source, copy = sqlite3.connect(log_of_100k), sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    context = open_context(data_paths(data_dir), clock=clock)
    yield context
    context.close()


class Spies:
    """What the table model is asked and what is read from the database."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.rows_asked: set[int] = set()
        self.calls: dict[str, int] = {}
        self.rows_read = 0
        model = receipts_model.ReceiptsTableModel
        for name in ("rowCount", "columnCount", "index", "flags"):
            monkeypatch.setattr(model, name, self._counting(name, getattr(model, name)))
        original_data = model.data
        spies = self

        def data(self: Any, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            spies.rows_asked.add(index.row())
            return original_data(self, index, role)

        monkeypatch.setattr(model, "data", data)
        original_page = ReceiptsRepo.page

        def page_read(repo: ReceiptsRepo, *args: Any) -> Any:
            rows = original_page(repo, *args)
            spies.rows_read += len(rows)
            return rows

        monkeypatch.setattr(ReceiptsRepo, "page", page_read)

    def _counting(self, name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        calls = self.calls

        def counted(model: Any, *args: Any) -> Any:
            calls[name] = calls.get(name, 0) + 1
            return original(model, *args)

        return counted

    def clear(self) -> None:
        self.rows_asked.clear()
        self.calls.clear()
        self.rows_read = 0

    def assert_no_walk(self) -> None:
        """Only rows on screen were asked for (a screen or two), the model
        was called a bounded number of times, and at most two pages read."""
        assert len(self.rows_asked) < 100, len(self.rows_asked)
        assert sum(self.calls.values()) < 10_000, self.calls
        assert self.rows_read <= 2 * receipts_model.PAGE_SIZE, self.rows_read


@pytest.fixture
def spies(monkeypatch: pytest.MonkeyPatch) -> Spies:
    return Spies(monkeypatch)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """References of the receipts an editor was opened for (closed at once)."""
    seen: list[str] = []

    def exec_(dialog: ReceiptDialog) -> int:
        seen.append(dialog.form.reference.text())
        return 0

    monkeypatch.setattr(ReceiptDialog, "exec", exec_)
    return seen


def _page(qtbot: QtBot, ctx: AppContext) -> ReceiptsPage:
    page = ReceiptsPage(ctx, lambda _key: None)
    qtbot.addWidget(page)
    page.resize(1000, 680)
    with qtbot.waitActive(page):  # page shortcuts answer in the active window only
        page.show()
        page.activateWindow()
    page.table.setFocus()
    qtbot.wait(20)  # the first paint
    return page


def _click(page: ReceiptsPage, row: int, modifier: Qt.KeyboardModifier | None = None) -> None:
    view = page.table
    view.scrollTo(page.model.index(row, 2))
    QTest.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        modifier or Qt.KeyboardModifier.NoModifier,
        view.visualRect(page.model.index(row, 2)).center(),
    )


def _key(page: ReceiptsPage, key: Qt.Key, modifier: Any = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(page.table, key, modifier)


def _reference(page: ReceiptsPage, row: int) -> str:
    return str(page.model.data(page.model.index(row, 5)))


def _receipts(ctx: AppContext) -> int:
    return int(ctx.conn.execute("SELECT COUNT(*) FROM receipts").fetchone()[0])


def _ranges(page: ReceiptsPage) -> list[tuple[int, int]]:
    chosen = page.table.selectionModel().selection()
    return [(chosen.at(i).top(), chosen.at(i).bottom()) for i in range(chosen.size())]


# ----- actions on one receipt ---------------------------------------------------------------


def test_after_select_all_edit_and_log_again_say_so_and_read_no_row(
    qtbot: QtBot, ctx: AppContext, spies: Spies, opened: list[str]
) -> None:
    page = _page(qtbot, ctx)
    spies.clear()
    _key(page, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    said: list[str] = []
    _key(page, Qt.Key.Key_F2)
    said.append(page.notice.text())
    _key(page, Qt.Key.Key_Return)  # Enter on the table: "activated", the same refusal
    said.append(page.notice.text())
    _key(page, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    said.append(page.notice.text())
    qtbot.wait(20)  # the notice's repaint
    spies.assert_no_walk()
    assert spies.rows_read == 0
    assert _ranges(page) == [(0, COUNT - 1)]
    assert opened == [] and _receipts(ctx) == COUNT
    assert said == [SEVERAL_EDIT, SEVERAL_EDIT, SEVERAL_AGAIN] and page.notice.isVisible()
    assert not page.edit_button.isEnabled() and not page.duplicate_button.isEnabled()


def test_one_selected_receipt_is_the_one_edited_and_logged_again(
    qtbot: QtBot, ctx: AppContext, spies: Spies, opened: list[str]
) -> None:
    page = _page(qtbot, ctx)
    _key(page, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    spies.clear()
    _click(page, 5)
    assert _ranges(page) == [(5, 5)]
    assert page.edit_button.isEnabled() and page.duplicate_button.isEnabled()
    wanted = _reference(page, 5)
    _key(page, Qt.Key.Key_F2)
    assert opened == [wanted]
    qtbot.mouseClick(page.duplicate_button, Qt.MouseButton.LeftButton)
    spies.assert_no_walk()
    assert _receipts(ctx) == COUNT + 1
    copies = ctx.conn.execute("SELECT COUNT(*) FROM receipts WHERE reference = ?", (wanted,))
    assert copies.fetchone()[0] == 1  # "Log again" starts without the old reference
    (amount,) = ctx.conn.execute(
        "SELECT amount_minor FROM receipts WHERE id = (SELECT MAX(id) FROM receipts)"
    ).fetchone()
    assert amount == int(wanted[1:]) % 5000 + 1000  # a copy of the row clicked


def test_the_selected_receipt_not_the_current_one_is_edited(
    qtbot: QtBot, ctx: AppContext, opened: list[str]
) -> None:
    """Row 3 selected, row 9 Ctrl+clicked on and off again: the current row
    is 9, the one selected receipt is row 3, and Edit opens row 3."""
    page = _page(qtbot, ctx)
    _click(page, 3)
    _click(page, 9, Qt.KeyboardModifier.ControlModifier)
    assert not page.edit_button.isEnabled()
    _key(page, Qt.Key.Key_F2)
    assert page.notice.text() == SEVERAL_EDIT and opened == []
    _click(page, 9, Qt.KeyboardModifier.ControlModifier)
    assert page.table.currentIndex().row() == 9 and _ranges(page) == [(3, 3)]
    assert page.edit_button.isEnabled()
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    assert opened == [_reference(page, 3)]


def test_nothing_selected_disables_both_and_a_refresh_keeps_them_right(
    qtbot: QtBot, ctx: AppContext, opened: list[str]
) -> None:
    page = _page(qtbot, ctx)
    assert not page.edit_button.isEnabled() and not page.duplicate_button.isEnabled()
    _key(page, Qt.Key.Key_F2)
    assert opened == [] and page.notice.isHidden()
    _click(page, 0)
    assert page.edit_button.isEnabled()
    page.search.setText("R00001")  # a new filter resets the table and its selection
    page.apply_filter()
    assert page.model.rowCount() == 10 and _ranges(page) == []
    assert not page.edit_button.isEnabled() and not page.duplicate_button.isEnabled()


# ----- ranges as one range -------------------------------------------------------------------


def _answer_no(page: ReceiptsPage, seen: list[str]) -> None:
    def check() -> None:
        box = page.delete_question
        if box is not None and box.isVisible():
            seen.append(box.text())
            box.done(int(QMessageBox.StandardButton.No))
            return
        QTimer.singleShot(5, check)

    QTimer.singleShot(0, check)


def test_shift_ctrl_end_selects_to_the_last_receipt_as_one_range(
    qtbot: QtBot, ctx: AppContext, spies: Spies
) -> None:
    page = _page(qtbot, ctx)
    _click(page, 2)
    spies.clear()
    _key(
        page,
        Qt.Key.Key_End,
        Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier,
    )
    qtbot.wait(20)  # the bottom of the log painted
    assert _ranges(page) == [(2, COUNT - 1)]
    assert page.table.currentIndex().row() == COUNT - 1
    spies.assert_no_walk()
    spies.clear()
    _key(
        page,
        Qt.Key.Key_Home,
        Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier,
    )
    qtbot.wait(20)
    assert _ranges(page) == [(0, 2)]  # from the same anchor to the top
    spies.assert_no_walk()
    _key(
        page,
        Qt.Key.Key_End,
        Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier,
    )
    seen: list[str] = []
    _answer_no(page, seen)
    _key(page, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == ["Delete 99,998 receipts? You can undo this right after."]
    assert _receipts(ctx) == COUNT


@pytest.fixture
def screen_reader_on() -> Iterator[None]:
    """Qt's accessibility active, as when a screen reader runs."""
    QAccessible.setActive(True)
    try:
        yield
    finally:
        QAccessible.setActive(False)


def test_with_a_screen_reader_selections_are_not_walked(
    qtbot: QtBot, ctx: AppContext, spies: Spies, screen_reader_on: None
) -> None:
    """Ctrl+A, the click that clears it, a Shift+click to the last receipt
    and Shift+Ctrl+End: Qt's table listed every selected cell for the screen
    reader (900,000 flags calls, 9-14 s each)."""
    assert QAccessible.isActive()
    page = _page(qtbot, ctx)
    steps: list[tuple[str, Callable[[], None]]] = [
        ("Ctrl+A", lambda: _key(page, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)),
        ("click", lambda: _click(page, 0)),
        ("Shift+click", lambda: _click(page, COUNT - 1, Qt.KeyboardModifier.ShiftModifier)),
        ("click again", lambda: _click(page, 4)),
        (
            "Shift+Ctrl+End",
            lambda: _key(
                page,
                Qt.Key.Key_End,
                Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier,
            ),
        ),
    ]
    expected = [[(0, COUNT - 1)], [(0, 0)], [(0, COUNT - 1)], [(4, 4)], [(4, COUNT - 1)]]
    for (name, step), ranges in zip(steps, expected, strict=True):
        spies.clear()
        step()
        qtbot.wait(10)
        assert _ranges(page) == ranges, name
        spies.assert_no_walk()


def test_the_several_selected_line_goes_once_one_receipt_is_selected(
    qtbot: QtBot, ctx: AppContext, opened: list[str]
) -> None:
    page = _page(qtbot, ctx)
    _click(page, 2)
    _click(page, 5, Qt.KeyboardModifier.ShiftModifier)
    _key(page, Qt.Key.Key_F2)
    assert page.notice.isVisible()
    assert page.notice.text() == "Several receipts are selected: select one receipt to edit it."
    _click(page, 4)
    assert page.notice.isHidden() and page.notice.text() == ""
    _key(page, Qt.Key.Key_F2)
    assert opened == [_reference(page, 4)]
