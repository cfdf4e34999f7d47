"""Select all + Delete, and Undo, on a long receipt log (issue 16).

Through the real page with the keys a user presses (Ctrl+A, Delete, the
question answered, Ctrl+Z), and the class of selections checked against the
table itself: whatever rows are selected under whatever filter and sort,
exactly those receipts go, and Undo brings them back with their files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from receipts_helpers import make_receipt, wait_for_delete_job

from companion.domain.receipt import PAYMENT_METHODS
from companion.domain.receipt_query import SORT_KEYS, ReceiptFilter, ReceiptSort
from companion.domain.receipt_selection import ReceiptSelection, merge_ranges
from companion.i18n import set_language
from companion.paths import data_paths
from companion.services import receipts_delete, scratch
from companion.services.context import AppContext, open_context
from companion.services.receipts import ReceiptsService
from companion.services.receipts_io.receipts_csv import Cancelled
from companion.store.attachments_store import FileState
from companion.store.database import transaction
from companion.store.receipt_selection_sql import selected
from companion.store.receipts_repo import ReceiptsRepo
from companion.ui.receipts import receipts_model
from companion.ui.receipts.receipts_delete import question_text
from companion.ui.receipts.receipts_page import ReceiptsPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)


def _fill(ctx: AppContext, count: int, start: int = 0) -> None:
    """``count`` receipts in one transaction: two currencies, every method,
    references R00000…, every seventh with "keep" in its notes."""
    receipts = []
    for i in range(start, start + count):
        receipt = make_receipt(
            minor=1000 + (i * 37) % 5000,
            currency="RUB" if i % 3 else "CNY",
            day=1 + i % 28,
            month=1 + i % 12,
            reference=f"R{i:05d}",
            notes="keep" if i % 7 == 0 else "",
            method=PAYMENT_METHODS[i % len(PAYMENT_METHODS)],
            hour=i % 24,
        )
        receipts.append(receipt)
    with transaction(ctx.conn):
        ReceiptsRepo(ctx.conn).insert_many(receipts, NOW)


def _with_files(ctx: AppContext, tmp_path: Path, references: list[str]) -> dict[str, str]:
    """One distinct file for each of these receipts; reference -> sha256."""
    service = ReceiptsService(ctx)
    hashes: dict[str, str] = {}
    for ref in references:
        (rid,) = [
            r[0] for r in ctx.conn.execute("SELECT id FROM receipts WHERE reference = ?", (ref,))
        ]
        data = f"%PDF receipt {ref}".encode()
        source = tmp_path / f"{ref}.pdf"
        source.write_bytes(data)
        receipt = service.repo.get(rid)
        assert receipt is not None
        service.edit(receipt, [source])
        hashes[ref] = hashlib.sha256(data).hexdigest()
    return hashes


def _page(qtbot: QtBot, ctx: AppContext) -> ReceiptsPage:
    page = ReceiptsPage(ctx, lambda _key: None)
    qtbot.addWidget(page)
    page.resize(1000, 680)
    with qtbot.waitActive(page):  # page shortcuts answer in the active window only
        page.show()
        page.activateWindow()
    page.table.setFocus()
    return page


def _answer(page: ReceiptsPage, button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Answer the delete question as soon as it is on screen."""

    def check() -> None:
        box = page.delete_question
        if box is not None and box.isVisible():
            seen.append(box.text())
            box.done(int(button))
            return
        QTimer.singleShot(5, check)

    QTimer.singleShot(0, check)


def _select_all_and_delete(
    qtbot: QtBot, page: ReceiptsPage, answer: QMessageBox.StandardButton
) -> str:
    seen: list[str] = []
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    _answer(page, answer, seen)
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    wait_for_delete_job(qtbot, page)
    (text,) = seen
    return text


def _ctrl_z(qtbot: QtBot, page: ReceiptsPage) -> None:
    page.window().activateWindow()  # back from the question and the progress dialog
    qtbot.waitUntil(page.window().isActiveWindow)
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_for_delete_job(qtbot, page)


def _references(ctx: AppContext) -> list[str]:
    return sorted(str(r[0]) for r in ctx.conn.execute("SELECT reference FROM receipts"))


def _snapshot(ctx: AppContext) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in ctx.conn.execute("SELECT * FROM receipts ORDER BY id")]


def _linked(ctx: AppContext) -> dict[str, list[str]]:
    return {
        str(r[0]): [str(r[1])]
        for r in ctx.conn.execute(
            "SELECT r.reference, a.sha256 FROM receipts r "
            "JOIN receipt_attachments l ON l.receipt_id = r.id "
            "JOIN attachments a ON a.id = l.attachment_id"
        )
    }


# ----- through the page, as the user does it ------------------------------------------------


def test_select_all_delete_then_ctrl_z(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    _fill(ctx, 300)
    hashes = _with_files(ctx, tmp_path, ["R00001", "R00002", "R00150"])
    before = _snapshot(ctx)
    page = _page(qtbot, ctx)
    text = _select_all_and_delete(qtbot, page, QMessageBox.StandardButton.Yes)
    assert text == (
        "Delete 300 receipts and 3 attached files no other receipt uses? "
        "You can undo this right after."
    )
    assert _references(ctx) == []
    assert page.model.rowCount() == 0
    assert page.undo_bar.isVisible() and page.undo_label.text() == "300 receipts deleted."
    store = ReceiptsService(ctx).attachments
    for sha in hashes.values():  # held while the Undo is offered
        (path,) = store.root.glob(f"*/{sha}.pdf")
        assert path.is_file()
    _ctrl_z(qtbot, page)
    assert _snapshot(ctx) == before  # same ids, same columns
    assert page.model.rowCount() == 300 and not page.undo_bar.isVisible()
    assert _linked(ctx) == {ref: [sha] for ref, sha in hashes.items()}
    service = ReceiptsService(ctx)
    for rid in (r[0] for r in ctx.conn.execute("SELECT receipt_id FROM receipt_attachments")):
        for att in service.attachments.for_receipt(rid):
            assert service.attachments.check(att, verify_hash=True) is FileState.OK


def test_answering_no_deletes_nothing(qtbot: QtBot, ctx: AppContext) -> None:
    _fill(ctx, 40)
    page = _page(qtbot, ctx)
    text = _select_all_and_delete(qtbot, page, QMessageBox.StandardButton.No)
    assert text == "Delete 40 receipts? You can undo this right after."
    assert len(_references(ctx)) == 40 and not page.undo_bar.isVisible()


def test_the_question_comes_without_reading_the_rows(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+A and Delete up to the question touch only the rows on screen
    and call the model a bounded number of times, not once (or nine times)
    per receipt; no receipt row is read from the database. With Qt's own
    Select all, the header sharing the selection and the old
    ``selected_ids``, every one of the 3,000 rows was asked for."""
    _fill(ctx, 3_000)
    calls: dict[str, int] = {}
    model = receipts_model.ReceiptsTableModel

    def counting(name: str) -> Callable[..., Any]:
        original = getattr(model, name)

        def counted(self: Any, *args: Any) -> Any:
            calls[name] = calls.get(name, 0) + 1
            return original(self, *args)

        return counted

    for name in ("rowCount", "columnCount"):
        monkeypatch.setattr(model, name, counting(name))
    rows_asked: set[int] = set()
    original_data = model.data

    def data(self: Any, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        rows_asked.add(index.row())
        return original_data(self, index, role)

    monkeypatch.setattr(model, "data", data)
    read_rows: list[int] = []
    original_page = ReceiptsRepo.page

    def page_read(self: ReceiptsRepo, *args: Any) -> Any:
        rows = original_page(self, *args)
        read_rows.append(len(rows))
        return rows

    monkeypatch.setattr(ReceiptsRepo, "page", page_read)
    page = _page(qtbot, ctx)
    qtbot.wait(50)  # the first paint
    calls.clear()
    read_rows.clear()
    rows_asked.clear()
    seen: list[str] = []
    QTest.keyClick(page.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    _answer(page, QMessageBox.StandardButton.No, seen)
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: bool(seen))
    qtbot.wait(50)  # focus back on the table, header repainted
    assert seen == ["Delete 3,000 receipts? You can undo this right after."]
    # Only the rows on screen are painted; Qt never walks the 3,000 rows.
    assert len(rows_asked) < 60, len(rows_asked)
    assert sum(calls.values()) < 2_000, calls
    assert read_rows == []  # no receipt row read from the database


def test_only_the_filtered_rows_go(qtbot: QtBot, ctx: AppContext) -> None:
    _fill(ctx, 70)
    page = _page(qtbot, ctx)
    page.method_filter.setCurrentIndex(page.method_filter.findData(PAYMENT_METHODS[0]))
    shown = page.model.rowCount()
    assert 0 < shown < 70
    _select_all_and_delete(qtbot, page, QMessageBox.StandardButton.Yes)
    methods = {str(r[0]) for r in ctx.conn.execute("SELECT method FROM receipts")}
    assert PAYMENT_METHODS[0] not in methods
    assert len(_references(ctx)) == 70 - shown
    page.method_filter.setCurrentIndex(0)  # all methods again
    assert page.model.rowCount() == 70 - shown
    _ctrl_z(qtbot, page)
    assert len(_references(ctx)) == 70 and page.model.rowCount() == 70


def test_delete_with_a_search_typed_then_clear_it(qtbot: QtBot, ctx: AppContext) -> None:
    _fill(ctx, 50)
    page = _page(qtbot, ctx)
    page.search.setFocus()
    QTest.keyClicks(page.search, "KEEP")
    qtbot.waitUntil(lambda: page.model.rowCount() == 8, timeout=5_000)  # 0, 7, …, 49
    text = _select_all_and_delete(qtbot, page, QMessageBox.StandardButton.Yes)
    assert text.startswith("Delete 8 receipts?")
    assert not any(int(ref[1:]) % 7 == 0 for ref in _references(ctx))
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 42, timeout=5_000)
    assert page.totals_label.text().startswith("42 receipts shown.")
    _ctrl_z(qtbot, page)
    assert page.model.rowCount() == 50 and len(_references(ctx)) == 50


def test_a_shift_range_and_a_ctrl_click_under_a_sort(qtbot: QtBot, ctx: AppContext) -> None:
    """Scattered rows under a sort by amount: exactly the rows the table showed."""
    _fill(ctx, 60)
    page = _page(qtbot, ctx)
    page.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    wanted = {str(page.model.data(page.model.index(r, 5))) for r in (*range(3, 9), 20, 41)}
    view = page.table
    QTest.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.visualRect(page.model.index(3, 2)).center(),
    )
    QTest.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ShiftModifier,
        view.visualRect(page.model.index(8, 2)).center(),
    )
    for row in (20, 41):
        view.scrollTo(page.model.index(row, 2))
        QTest.mouseClick(
            view.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.ControlModifier,
            view.visualRect(page.model.index(row, 2)).center(),
        )
    seen: list[str] = []
    _answer(page, QMessageBox.StandardButton.Yes, seen)
    page.delete_selected()
    wait_for_delete_job(qtbot, page)
    assert seen == ["Delete 8 receipts? You can undo this right after."]
    assert set(_references(ctx)) == {f"R{i:05d}" for i in range(60)} - wanted


def test_rows_that_moved_under_the_table_are_not_deleted(qtbot: QtBot, ctx: AppContext) -> None:
    """Another connection adds receipts the table has not re-read: the rows
    on screen are no longer those positions, so nothing is deleted."""
    _fill(ctx, 20)
    page = _page(qtbot, ctx)
    page.table.selectRow(0)
    other = sqlite3.connect(ctx.paths.database)
    other.execute(
        "INSERT INTO receipts (paid_utc, paid_zone, paid_local, amount_minor, currency, method, "
        "created_utc) VALUES ('2030-01-01T00:00:00+00:00', 'UTC', '2030-01-01T00:00:00', 1, "
        "'RUB', 'sbp', '2030-01-01T00:00:00+00:00')"
    )
    other.commit()
    other.close()
    page.delete_selected(confirm=False)
    wait_for_delete_job(qtbot, page)
    assert len(_references(ctx)) == 21
    assert "nothing was deleted" in page.notice.text()


def test_delete_switch_language_then_undo_with_plural_forms(
    qtbot: QtBot, main_window: Any, ctx: AppContext, tmp_path: Path
) -> None:
    _fill(ctx, 25)
    _with_files(ctx, tmp_path, ["R00003"])
    main_window.show_section("receipts")
    page = main_window.page("receipts")
    page.activateWindow()
    text = _select_all_and_delete(qtbot, page, QMessageBox.StandardButton.Yes)
    assert text.startswith("Delete 25 receipts and 1 attached file ")
    main_window.change_language("ru")
    qtbot.waitUntil(lambda: main_window.page("receipts") is not page, timeout=10_000)
    main_window.show_section("receipts")
    rebuilt = main_window.page("receipts")
    assert rebuilt.undo_bar.isVisibleTo(rebuilt)
    assert rebuilt.undo_label.text() == "Удалено 25 чеков."
    _ctrl_z(qtbot, rebuilt)
    assert len(_references(ctx)) == 25
    assert list(_linked(ctx)) == ["R00003"]
    main_window.change_language("en")


@pytest.mark.parametrize(
    ("lang", "receipts", "files", "expected"),
    [
        ("ru", 1, 1, "Удалить 1 чек и 1 прикреплённый файл, которого нет у других чеков?"),
        ("ru", 3, 2, "Удалить 3 чека и 2 прикреплённых файла, которых нет у других чеков?"),
        ("ru", 21, 5, "Удалить 21 чек и 5 прикреплённых файлов, которых нет у других чеков?"),
        ("ru", 100_000, 1_000, "Удалить 100\xa0000 чеков и 1\xa0000 прикреплённых файлов,"),
        ("zh_Hans", 2, 1, "删除 2 张收据以及其他收据未使用的 1 个附件？"),
        ("en", 1, 1, "Delete 1 receipt and 1 attached file no other receipt uses?"),
        ("en", 2, 0, "Delete 2 receipts? You can undo this right after."),
    ],
)
def test_the_question_in_each_language(lang: str, receipts: int, files: int, expected: str) -> None:
    set_language(lang)
    try:
        text = question_text(receipts_delete.DeletionPreview(receipts, files))
    finally:
        set_language("en")
    assert text.startswith(expected), text


def test_delete_then_quit_with_the_undo_pending(
    qtbot: QtBot, data_dir: Path, clock: Any, tmp_path: Path
) -> None:
    """Quitting ends the Undo offer: the delete is final, the trash file is
    gone with the scratch folders, and the next start removes the files."""
    ctx = open_context(data_paths(data_dir), clock=clock)
    _fill(ctx, 30)
    hashes = _with_files(ctx, tmp_path, ["R00004", "R00005"])
    page = _page(qtbot, ctx)
    _select_all_and_delete(qtbot, page, QMessageBox.StandardButton.Yes)
    trash = ctx.pending_deletes.trash_file()
    assert trash.is_file()
    page.close()
    ctx.close()  # the app's way out (ui/shell/app.py) closes the data
    assert not trash.exists()
    scratch.remove_all()
    again = open_context(data_paths(data_dir), clock=clock)
    try:
        page2 = _page(qtbot, again)
        assert page2.model.rowCount() == 0 and not page2.undo_bar.isVisible()
        assert again.conn.execute("SELECT COUNT(*) FROM attachments").fetchone()[0] == 0
        for sha in hashes.values():
            assert not list((data_dir / "attachments").glob(f"*/{sha}.*"))
    finally:
        again.close()


# ----- the service under the page ---------------------------------------------------------


def test_a_big_delete_and_undo_keep_the_schema_and_the_links(
    ctx: AppContext, tmp_path: Path
) -> None:
    """Past the size where the indexes are rebuilt and the foreign-key
    actions are carried out by hand: the same schema, statistics and data
    after Undo, a renewal's link set to none by the delete as SQLite would."""
    _fill(ctx, 2_600)
    _with_files(ctx, tmp_path, ["R00010", "R02000"])
    ctx.conn.execute("ANALYZE")
    card = ctx.conn.execute(
        "INSERT INTO cards (label, kind, created_utc, updated_utc) VALUES ('C', 'sim', 'x', 'x')"
    ).lastrowid
    (rid,) = [r[0] for r in ctx.conn.execute("SELECT id FROM receipts WHERE reference = 'R00011'")]
    ctx.conn.execute(
        "INSERT INTO renewals (card_id, renewed_utc, new_expiry_local, expiry_zone, period, "
        "receipt_id) VALUES (?, 'x', 'x', 'UTC', '30d', ?)",
        (card, rid),
    )
    schema = sorted(tuple(r) for r in ctx.conn.execute("SELECT type, name, sql FROM sqlite_master"))
    stats = sorted(tuple(r) for r in ctx.conn.execute("SELECT * FROM sqlite_stat1"))
    before = _snapshot(ctx)
    links = _linked(ctx)
    service = ReceiptsService(ctx)
    everything = ReceiptSelection.of_rows(ReceiptFilter(), ReceiptSort(), [(0, 2_499)], 2_600)
    conn = sqlite3.connect(ctx.paths.database, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    try:
        batch = receipts_delete.delete_selection(
            conn, ctx.pending_deletes.trash_file(), ctx.pending_deletes.next_batch(), everything
        )
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        conn.close()
    ctx.pending_deletes.add(batch)
    assert batch.count == 2_500 and len(_references(ctx)) == 100
    assert ctx.conn.execute("SELECT receipt_id FROM renewals").fetchone()[0] is None
    assert ctx.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert ctx.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert (
        sorted(tuple(r) for r in ctx.conn.execute("SELECT type, name, sql FROM sqlite_master"))
        == schema
    )
    service.undo(batch)
    assert _snapshot(ctx) == before and _linked(ctx) == links
    assert sorted(tuple(r) for r in ctx.conn.execute("SELECT * FROM sqlite_stat1")) == stats
    assert ctx.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert ctx.pending_deletes.newest() is None


def test_a_cancelled_delete_changes_nothing(ctx: AppContext) -> None:
    _fill(ctx, 50)
    before = _snapshot(ctx)
    everything = ReceiptSelection.of_rows(ReceiptFilter(), ReceiptSort(), [(0, 49)], 50)
    answers = iter([False, False, True])  # cancelled after the second step
    with pytest.raises(Cancelled):
        receipts_delete.delete_selection(
            ctx.conn,
            ctx.pending_deletes.trash_file(),
            1,
            everything,
            cancelled=lambda: next(answers),
        )
    assert _snapshot(ctx) == before
    assert not ctx.conn.in_transaction


def test_merge_ranges() -> None:
    assert merge_ranges([(5, 9), (0, 2), (3, 4), (8, 12), (20, 19)]) == ((0, 12),)
    assert merge_ranges([(4, 4), (6, 6)]) == ((4, 4), (6, 6))
    assert ReceiptSelection.of_rows(ReceiptFilter(), ReceiptSort(), [(0, 99)], 10).ranges == (
        (0, 9),
    )


@pytest.fixture(scope="module")
def log_of_60(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppContext]:
    root = tmp_path_factory.mktemp("selection-log")
    ctx = open_context(data_paths(root), clock=lambda: NOW)
    _fill(ctx, 60)
    yield ctx
    ctx.close()


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    key=st.sampled_from(SORT_KEYS),
    descending=st.booleans(),
    method=st.sampled_from((None, *PAYMENT_METHODS[:2])),
    text=st.sampled_from(("", "keep", "r000")),
    ranges=st.lists(st.tuples(st.integers(0, 70), st.integers(0, 12)), max_size=6),
)
def test_a_selection_names_exactly_the_rows_shown(
    log_of_60: AppContext,
    key: str,
    descending: bool,
    method: str | None,
    text: str,
    ranges: list[tuple[int, int]],
) -> None:
    """Whatever the filter, sort and ranges: the ids SQLite picks are the ids
    the table shows in those rows, and the preview counts them."""
    repo = ReceiptsRepo(log_of_60.conn)
    flt = ReceiptFilter(method=method, text=text)
    sort = ReceiptSort(key, descending)
    shown = [row.receipt.id for row in repo.page(flt, sort, 0, 1_000)]
    selection = ReceiptSelection.of_rows(
        flt, sort, [(first, first + length) for first, length in ranges], len(shown)
    )
    expected = {shown[row] for first, last in selection.ranges for row in range(first, last + 1)}
    with selected(log_of_60.conn, selection, "picked") as count:
        got = {int(r[0]) for r in log_of_60.conn.execute("SELECT id FROM temp.picked")}
    assert got == expected and count == selection.count == len(expected)
    if selection.count:
        on_screen = {row: rid for row, rid in enumerate(shown) if rid is not None}
        preview = receipts_delete.preview(log_of_60.conn, selection, on_screen)
        assert preview.receipts == len(expected)


def test_undo_returns_the_receipts_ids_in_the_old_ids_order(ctx: AppContext) -> None:
    """What Undo reports: each receipt's id, in the order of the old ids; the
    old id itself when it was free, a new one when another receipt took it."""
    _fill(ctx, 30)
    ids = [int(r[0]) for r in ctx.conn.execute("SELECT id FROM receipts ORDER BY id")]
    trash = ctx.pending_deletes.trash_file()
    everything = ReceiptSelection.of_rows(ReceiptFilter(), ReceiptSort(), [(0, 29)], 30)
    batch = receipts_delete.delete_selection(ctx.conn, trash, 1, everything)
    assert receipts_delete.undo_delete(ctx.conn, trash, ctx.paths.attachments, batch, NOW) == ids

    batch = receipts_delete.delete_selection(ctx.conn, trash, 2, everything)
    with transaction(ctx.conn):  # another receipt takes the second old id meanwhile
        ctx.conn.execute(
            "INSERT INTO receipts (id, paid_utc, paid_zone, amount_minor, currency, method, "
            "created_utc) VALUES (?, 'x', 'UTC', 1, 'RUB', 'cash', 'x')",
            (ids[1],),
        )
    back = receipts_delete.undo_delete(ctx.conn, trash, ctx.paths.attachments, batch, NOW)
    newest = int(ctx.conn.execute("SELECT MAX(id) FROM receipts").fetchone()[0])
    assert back == [ids[0], newest, *ids[2:]]
    moved = ctx.conn.execute("SELECT reference FROM receipts WHERE id = ?", (newest,)).fetchone()
    assert moved[0] == "R00001"


def test_after_undo_the_screen_is_repainted_without_formatting_again(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The repaint after Undo is the longest the window freezes: the dates and
    amounts it shows were formatted before the delete and are not formatted
    again; a receipt edited meanwhile shows its new amount all the same."""
    _fill(ctx, 300)
    formatted: list[object] = []
    real_time, real_money = receipts_model.format_wall_time, receipts_model.format_money

    def time_counted(value: Any) -> str:
        formatted.append(value)
        return real_time(value)

    def money_counted(value: Any) -> str:
        formatted.append(value)
        return real_money(value)

    monkeypatch.setattr(receipts_model, "format_wall_time", time_counted)
    monkeypatch.setattr(receipts_model, "format_money", money_counted)
    page = _page(qtbot, ctx)
    shown = [page.model.data(page.model.index(row, column)) for row in range(20) for column in (0, 1)]
    _select_all_and_delete(qtbot, page, QMessageBox.StandardButton.Yes)
    formatted.clear()
    _ctrl_z(qtbot, page)
    page.table.viewport().repaint()
    assert [page.model.data(page.model.index(row, column)) for row in range(20) for column in (0, 1)] == shown
    assert formatted == []

    first = page.model.row_at(0)
    assert first is not None and first.receipt.id is not None
    with transaction(ctx.conn):
        ctx.conn.execute(
            "UPDATE receipts SET amount_minor = 123456 WHERE id = ?", (first.receipt.id,)
        )
    page.refresh()
    currency = first.receipt.amount.currency
    assert page.model.data(page.model.index(0, 1)) == real_money(
        type(first.receipt.amount)(123456, currency)
    )
