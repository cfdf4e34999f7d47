"""Opening a CSV for import: read off the GUI thread, with progress and a
Cancel that works; a cancelled or refused read leaves nothing behind (issue 16)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QProgressDialog, QPushButton

from companion.services.context import AppContext
from companion.services.receipts_io import receipts_csv_read
from companion.services.receipts_io.receipts_csv import Cancelled
from companion.services.receipts_io.receipts_csv_read import (
    MAX_COLUMNS,
    PROGRESS_TOTAL,
    CsvFileError,
    parse_csv_bytes,
    read_csv,
)
from companion.ui.receipts import receipts_import_dialog
from companion.ui.receipts.receipts_import_dialog import ImportDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

HEADER = "paid_at,zone,amount,currency,method,card,reference\r\n"


def _row(i: int) -> str:
    return f"2026-11-01T10:00:00+03:00,Europe/Moscow,{i % 900 + 1}.50,RUB,sbp,,REF{i:07d}\r\n"


def _csv(tmp_path: Path, rows: int, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(_row(i) for i in range(rows)), "utf-8")
    return path


def _count(ctx: AppContext) -> int:
    return int(ctx.conn.execute("SELECT COUNT(*) FROM receipts").fetchone()[0])


@pytest.fixture
def held_read(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """The dialog's read, held at its start until the test lets it go; then
    the real reader runs with the job's own progress and cancel."""
    state: dict[str, Any] = {"go": threading.Event(), "threads": []}

    def read(path: Path, progress: Any, cancelled: Callable[[], bool]) -> Any:
        state["threads"].append(threading.current_thread())
        state["go"].wait(10)
        return read_csv(path, progress, cancelled)

    monkeypatch.setattr(receipts_import_dialog, "read_csv", read)
    yield state
    state["go"].set()


def _progress_dialog(qtbot: Any, dialog: ImportDialog) -> QProgressDialog:
    # Shown 300 ms after the read starts (Qt's own default is four seconds).
    qtbot.waitUntil(
        lambda: any(p.isVisible() for p in dialog.findChildren(QProgressDialog)), timeout=2500
    )
    return next(p for p in dialog.findChildren(QProgressDialog) if p.isVisible())


def _click_cancel(qtbot: Any, progress: QProgressDialog) -> None:
    button = progress.findChild(QPushButton)
    assert button is not None and button.text() == "Cancel"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_file_is_read_off_the_gui_thread_and_the_window_answers(
    qtbot: Any, ctx: AppContext, tmp_path: Path, held_read: dict[str, Any]
) -> None:
    path = _csv(tmp_path, 3)
    dialog = ImportDialog(ctx, path)
    qtbot.addWidget(dialog)
    dialog.show()
    # The dialog is up and says what it is doing while the file is being read.
    assert dialog.reading
    assert dialog.message.text() == "Reading in.csv…"
    assert not dialog.check_button.isEnabled() and not dialog.import_button.isEnabled()
    progress = _progress_dialog(qtbot, dialog)
    assert progress.labelText() == "Reading in.csv…"
    held_read["go"].set()
    qtbot.waitUntil(lambda: not dialog.reading, timeout=10000)
    assert held_read["threads"] and held_read["threads"][0] is not threading.main_thread()
    assert dialog.message.text() == "3 rows found. Match the columns, then press Check."
    assert dialog.preview.rowCount() == 3
    assert dialog.check_button.isEnabled()
    qtbot.waitUntil(lambda: not progress.isVisible() if _alive(progress) else True)


def _alive(widget: Any) -> bool:
    from shiboken6 import isValid

    return bool(isValid(widget))


def test_cancel_at_once_closes_the_dialog_and_imports_nothing(
    qtbot: Any, ctx: AppContext, tmp_path: Path, held_read: dict[str, Any]
) -> None:
    dialog = ImportDialog(ctx, _csv(tmp_path, 50))
    qtbot.addWidget(dialog)
    dialog.show()
    _click_cancel(qtbot, _progress_dialog(qtbot, dialog))
    held_read["go"].set()  # the reader starts, sees Cancel at its first chunk
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.table_data is None
    assert _count(ctx) == 0


def test_a_read_that_ended_as_cancel_was_pressed_is_still_cancelled(
    qtbot: Any, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader finished in the same instant Cancel was pressed: the user
    asked to stop, so no preview appears and the dialog closes."""
    finished = threading.Event()

    def read(path: Path, progress: Any, cancelled: Callable[[], bool]) -> Any:
        table = read_csv(path)
        finished.set()
        return table

    monkeypatch.setattr(receipts_import_dialog, "read_csv", read)
    dialog = ImportDialog(ctx, _csv(tmp_path, 5))
    qtbot.addWidget(dialog)
    dialog.show()
    finished.wait(10)
    dialog.read_job.cancel()  # as the progress dialog's Cancel does
    qtbot.waitUntil(lambda: not dialog.reading, timeout=10000)
    assert not dialog.isVisible()
    assert dialog.table_data is None


@pytest.mark.parametrize("share", [100, 500, 900])
def test_cancel_part_way_through_a_big_file_stops_the_read(
    qtbot: Any, ctx: AppContext, tmp_path: Path, share: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancel at 10 %, 50 % and 90 %: the reader stops at its next look,
    the dialog closes, nothing is kept. The read is held where the test
    cancels, so a fast machine cannot finish first."""
    reached, released = threading.Event(), threading.Event()
    ended: list[str] = []

    def read(path: Path, progress: Any, cancelled: Callable[[], bool]) -> Any:
        def gated(done: int, total: int) -> None:
            progress(done, total)
            if done >= share and not reached.is_set():
                reached.set()
                released.wait(10)

        try:
            table = read_csv(path, gated, cancelled)
        except Cancelled:
            ended.append("cancelled")
            raise
        ended.append("finished")
        return table

    monkeypatch.setattr(receipts_import_dialog, "read_csv", read)
    dialog = ImportDialog(ctx, _csv(tmp_path, 120_000))  # about 9 MB
    qtbot.addWidget(dialog)
    dialog.show()
    progress = _progress_dialog(qtbot, dialog)
    qtbot.waitUntil(reached.is_set, timeout=30000)
    qtbot.waitUntil(lambda: progress.value() >= share, timeout=5000)
    seen = progress.value()
    _click_cancel(qtbot, progress)
    released.set()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    assert ended == ["cancelled"]
    assert share <= seen < PROGRESS_TOTAL
    assert dialog.table_data is None
    assert _count(ctx) == 0


def test_cancel_then_open_another_file(
    qtbot: Any, ctx: AppContext, tmp_path: Path, held_read: dict[str, Any]
) -> None:
    from companion.ui.receipts.receipts_page import ReceiptsPage

    page = ReceiptsPage(ctx, lambda _key: None)
    qtbot.addWidget(page)
    page.show()
    page.open_import(_csv(tmp_path, 120_000, "big.csv"))
    first = page.import_dialog
    _click_cancel(qtbot, _progress_dialog(qtbot, first))
    held_read["go"].set()  # reads from here on are not held
    qtbot.waitUntil(lambda: not first.isVisible(), timeout=10000)
    assert first.table_data is None
    page.open_import(_csv(tmp_path, 2, "small.csv"))
    second = page.import_dialog
    assert second is not first
    qtbot.waitUntil(lambda: not second.reading, timeout=10000)
    assert second.message.text() == "2 rows found. Match the columns, then press Check."
    qtbot.mouseClick(second.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: second.plan is not None, timeout=10000)
    with qtbot.waitSignal(second.imported, timeout=10000):
        qtbot.mouseClick(second.import_button, Qt.MouseButton.LeftButton)
    assert _count(ctx) == 2
    assert page.model.rowCount() == 2


def test_switching_language_while_reading_stops_the_read_without_an_error(
    qtbot: Any, ctx: AppContext, tmp_path: Path, main_window: Any, held_read: dict[str, Any]
) -> None:
    """The language switch rebuilds the page that owns the dialog; the read
    is stopped and its end reported to no widget that is gone (pytest-qt
    fails the test on an exception in a slot)."""
    main_window.show_section("receipts")
    page = main_window.page("receipts")
    page.open_import(_csv(tmp_path, 10))
    dialog = page.import_dialog
    job = dialog.read_job
    _progress_dialog(qtbot, dialog)
    main_window.change_language("ru")
    qtbot.waitUntil(lambda: not _alive(page), timeout=5000)
    assert job.was_cancelled()
    held_read["go"].set()
    qtbot.waitUntil(job.ended.is_set, timeout=10000)
    qtbot.wait(50)  # the job's end is delivered, to widgets that are gone
    assert main_window.page("receipts").findChildren(ImportDialog) == []
    assert main_window.section_names()[0] == "Справочник"  # rebuilt in Russian
    assert _count(ctx) == 0


def test_a_binary_file_named_csv_is_refused_in_one_sentence(
    qtbot: Any, ctx: AppContext, tmp_path: Path
) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 100)
    dialog = ImportDialog(ctx, path)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.reading, timeout=10000)
    assert dialog.message.text() == (
        "Nothing can be imported: This is not a text file: line 3 contains binary data."
    )
    assert not dialog.check_button.isEnabled() and not dialog.import_button.isEnabled()
    assert dialog.preview.rowCount() == 0 and not dialog.mapping_boxes
    assert _count(ctx) == 0


def test_a_csv_of_one_50_mb_line_is_refused_quickly(
    qtbot: Any, ctx: AppContext, tmp_path: Path
) -> None:
    path = tmp_path / "one-line.csv"
    path.write_bytes(b"receipt," * 6_600_000)
    assert path.stat().st_size > 50 * 1024 * 1024
    dialog = ImportDialog(ctx, path)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.reading, timeout=60000)
    assert dialog.message.text() == (
        "Nothing can be imported: Line 1 is split into more than 1,000 columns: "
        "this is not a receipt log."
    )
    assert dialog.preview.columnCount() == 0 and not dialog.mapping_boxes


def test_a_50_mb_line_without_separators_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "one-cell.csv"
    path.write_bytes(b"x" * (50 * 1024 * 1024 + 1))
    with pytest.raises(CsvFileError, match=r"^A cell starting on line 1 is longer than"):
        read_csv(path)


def test_a_data_line_of_a_million_cells_is_refused_before_it_is_built() -> None:
    data = (HEADER + _row(1) + "," * 1_000_000 + "\r\n").encode()
    with pytest.raises(CsvFileError) as caught:
        parse_csv_bytes(data)
    assert str(caught.value) == (
        "Line 3 is split into more than 1,000 columns: this is not a receipt log."
    )


def test_a_line_just_under_the_column_limit_is_read() -> None:
    header = ",".join(["paid_at", "amount", "currency"] + [f"x{i}" for i in range(MAX_COLUMNS - 3)])
    table = parse_csv_bytes((header + "\r\n").encode())
    assert len(table.header) == MAX_COLUMNS


def test_a_pipe_named_csv_is_refused_not_waited_for(tmp_path: Path) -> None:
    import os

    path = tmp_path / "pipe.csv"
    os.mkfifo(path)
    writer = os.open(path, os.O_RDWR)  # so opening it does not block
    try:
        with pytest.raises(CsvFileError, match=r"^This is not a file that can be imported\.$"):
            read_csv(path)
    finally:
        os.close(writer)


def test_progress_rises_to_the_end_and_cancel_stops_between_chunks(tmp_path: Path) -> None:
    path = _csv(tmp_path, 60_000)  # about 4.5 MB: several chunks and row ticks
    seen: list[tuple[int, int]] = []
    table = read_csv(path, lambda done, total: seen.append((done, total)), lambda: False)
    assert len(table.rows) == 60_000
    values = [done for done, _total in seen]
    assert values == sorted(values) and len(values) > 5
    assert {total for _done, total in seen} == {PROGRESS_TOTAL}
    assert seen[-1] == (PROGRESS_TOTAL, PROGRESS_TOTAL)
    calls: list[int] = []

    def cancel_at_third_look() -> bool:
        calls.append(1)
        return len(calls) >= 3

    with pytest.raises(Cancelled):
        read_csv(path, None, cancel_at_third_look)
    assert len(calls) == 3


@given(st.text(alphabet=st.sampled_from(" \t\r\n\x0b\x0c\x1c\x85\u2028a;,\"é"), max_size=40))
def test_the_first_line_is_the_one_splitlines_finds(text: str) -> None:
    """The delimiter is guessed from the first non-blank line, found without
    splitting the whole file (the old way split 50 MB into a list first)."""
    old = next((line for line in text.splitlines() if line.strip()), None)
    found = receipts_csv_read._first_line(text)
    assert found == (None if old is None else old.lstrip())


@given(
    st.text(alphabet=st.sampled_from('\r\n,;"a é\u2028\x0b'), max_size=60)
    | st.text(alphabet=st.sampled_from('\r\n,;"a é'), max_size=60),
    st.integers(min_value=1, max_value=9),
)
def test_lines_are_cut_where_the_csv_module_cuts_them(text: str, block: int) -> None:
    """The same physical lines as io.StringIO(newline="") gives the csv
    reader, without its copy of the whole text, in blocks of any size."""
    import io

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(receipts_csv_read, "_CHUNK_BYTES", block)
        lines = list(receipts_csv_read._lines(text, ",", [0]))
    assert lines == list(io.StringIO(text, newline=""))


@given(
    st.lists(
        st.sampled_from(
            [b"paid_at,amount\r\n", b"a,b", b"\r", b"\n", b'"', b",", b"\xc3\xa9", b"\xd0",
             b"\xe2\x80\xa8", b"\xef\xbb\xbf", b"\x00", b"\xff\xfe", b" ", b";"]
        ),
        max_size=30,
    ),
    st.integers(min_value=1, max_value=7),
)
def test_chunk_edges_change_nothing(parts: list[bytes], chunk: int) -> None:
    """Read in chunks of any size (a character split between two, a BOM,
    binary data), the file gives the same rows or the same sentence."""
    data = b"".join(parts)

    def outcome() -> object:
        try:
            table = parse_csv_bytes(data)
        except CsvFileError as exc:
            return str(exc)
        return (table.header, table.rows, table.lines, table.delimiter)

    whole = outcome()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(receipts_csv_read, "_CHUNK_BYTES", chunk)
        assert outcome() == whole


@given(
    st.text(alphabet=st.sampled_from('\r\n,a é"\u2028\x85\x0b'), max_size=80),
    st.integers(min_value=1, max_value=9),
)
def test_rows_are_what_the_csv_module_reads_from_the_whole_text(text: str, chunk: int) -> None:
    """Cut into chunks and blocks of any size, with or without the line
    breaks only str.splitlines knows, the rows are the csv module's own."""
    import csv
    import io

    data = ("paid_at,amount\r\n" + text).encode()
    try:
        expected = [
            tuple(row)
            for row in csv.reader(io.StringIO(data.decode(), newline=""), strict=True)
            if "".join(row).strip()
        ][1:]
    except csv.Error:
        return  # refused either way; the sentence is tested elsewhere
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(receipts_csv_read, "_CHUNK_BYTES", chunk)
        assert list(parse_csv_bytes(data).rows) == expected
