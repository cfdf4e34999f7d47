"""The import dialog, as a user drives it: Check, choose, Import, read what happened."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog
from receipts_helpers import make_receipt

from companion.domain.card import Card
from companion.i18n import set_language
from companion.services.cards import save_card
from companion.services.context import AppContext
from companion.services.receipts import ReceiptsService
from companion.services.receipts_io.receipts_csv_import import CardChoice
from companion.store import database as store_database
from companion.ui.receipts.receipts_import_dialog import ImportDialog

HEADER = "paid_at,zone,amount,currency,method,card,reference\r\n"


def _count(ctx: AppContext, where: str = "1") -> int:
    return int(ctx.conn.execute(f"SELECT COUNT(*) FROM receipts WHERE {where}").fetchone()[0])


def _open(qtbot: Any, ctx: AppContext, path: Path) -> ImportDialog:
    dialog = ImportDialog(ctx, path)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.reading, timeout=10000)
    return dialog


def _check(qtbot: Any, dialog: ImportDialog) -> None:
    qtbot.mouseClick(dialog.check_button, _left())
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10000)


def _import(qtbot: Any, dialog: ImportDialog) -> None:
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        qtbot.mouseClick(dialog.import_button, _left())


def _left() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "in.csv"
    path.write_text(HEADER + body, "utf-8")
    return path


def test_import_says_what_happened_with_duplicate_lines(
    qtbot: Any, ctx: AppContext, tmp_path: Path
) -> None:
    ReceiptsService(ctx).log(make_receipt(minor=10000, reference="OLD", day=2))
    path = _write(
        tmp_path,
        "2026-11-01T10:00:00+03:00,Europe/Moscow,50.00,RUB,sbp,,NEW1\r\n"
        "2026-11-02T14:30:00+03:00,Europe/Moscow,100.00,RUB,sbp,,OLD\r\n"
        "\r\n"
        "2026-11-03T10:00:00+03:00,Europe/Moscow,70.00,RUB,sbp,,NEW2\r\n",
    )
    dialog = _open(qtbot, ctx, path)
    _check(qtbot, dialog)
    assert "2 rows are ready to import." in dialog.message.text()
    assert "already logged (same date, amount and reference): line 3." in dialog.message.text()
    items = [dialog.errors.item(i).text() for i in range(dialog.errors.count())]
    assert items == ["Line 3: already in your log (same date, amount and reference)."]
    _import(qtbot, dialog)
    assert dialog.message.text() == (
        "Imported 2 receipts. Skipped 1 duplicate: line 3. No problems."
    )
    # It stays open until the user has read it.
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert not dialog.import_button.isEnabled()
    assert _count(ctx) == 3


def test_a_file_of_only_duplicates_says_nothing_new(
    qtbot: Any, ctx: AppContext, tmp_path: Path
) -> None:
    ReceiptsService(ctx).log(make_receipt(minor=10000, reference="OLD", day=2))
    path = _write(tmp_path, "2026-11-02T14:30:00+03:00,Europe/Moscow,100.00,RUB,sbp,,OLD\r\n")
    dialog = _open(qtbot, ctx, path)
    _check(qtbot, dialog)
    assert dialog.message.text().startswith(
        "Nothing new to import: every row is already in your log."
    )
    assert "line 2" in dialog.message.text()
    assert not dialog.import_button.isEnabled()
    dialog.include_duplicates.setChecked(True)
    assert dialog.import_button.isEnabled()


def test_the_summary_in_russian_uses_plural_forms(
    qtbot: Any, ctx: AppContext, tmp_path: Path
) -> None:
    set_language("ru")
    rows = "".join(
        f"2026-11-{d:02d}T10:00:00+03:00,Europe/Moscow,5.00,RUB,sbp,,R{d}\r\n" for d in range(1, 3)
    )
    dialog = _open(qtbot, ctx, _write(tmp_path, rows))
    _check(qtbot, dialog)
    assert "Готовы к импорту 2 строки." in dialog.message.text()
    _import(qtbot, dialog)
    assert dialog.message.text() == "Импортировано 2 чека. Ошибок нет."


MISSING = (
    "2026-11-01T10:00:00+03:00,Europe/Moscow,50.00,RUB,sbp,MTS SIM,A\r\n"
    "2026-11-02T10:00:00+03:00,Europe/Moscow,60.00,RUB,sbp,Known,B\r\n"
    "2026-11-03T10:00:00+03:00,Europe/Moscow,70.00,RUB,sbp,MTS SIM,C\r\n"
)


@pytest.mark.parametrize("choice", list(CardChoice))
def test_cards_not_in_the_list_are_shown_and_the_user_chooses(
    qtbot: Any, ctx: AppContext, tmp_path: Path, choice: CardChoice
) -> None:
    known = save_card(ctx, Card(label="Known"))
    dialog = _open(qtbot, ctx, _write(tmp_path, MISSING))
    assert dialog.card_choice.isHidden()
    _check(qtbot, dialog)
    assert "1 card named in the file is not in your list: “MTS SIM”." in dialog.message.text()
    assert not dialog.card_choice.isHidden()
    items = [dialog.errors.item(i).text() for i in range(dialog.errors.count())]
    assert items == [
        "Line 2, Card: “MTS SIM” is not in your list of cards.",
        "Line 4, Card: “MTS SIM” is not in your list of cards.",
    ]
    dialog.card_choice.setCurrentIndex(dialog.card_choice.findData(choice))
    _import(qtbot, dialog)
    text = dialog.message.text()
    assert _count(ctx, f"card_id = {known}") == 1
    created = ctx.conn.execute("SELECT id FROM cards WHERE label = 'MTS SIM'").fetchall()
    if choice is CardChoice.CREATE:
        assert text == "Imported 3 receipts. Created 1 card: “MTS SIM”. No problems."
        assert _count(ctx, f"card_id = {created[0][0]}") == 2
    elif choice is CardChoice.NO_CARD:
        assert text == (
            "Imported 3 receipts. Imported 2 rows without their cards: lines 2, 4. No problems."
        )
        assert created == [] and _count(ctx, "card_id IS NULL") == 2
    else:
        assert text == (
            "Imported 1 receipt. Skipped 2 rows whose cards are not in your list: "
            "lines 2, 4. No problems."
        )
        assert created == [] and _count(ctx) == 1


def test_a_full_disk_during_import_is_named_and_nothing_is_kept(
    qtbot: Any, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = "".join(
        f"2026-11-01T10:{i % 60:02d}:00+03:00,Europe/Moscow,{i}.00,RUB,sbp,New card,"
        f"R{i}{'n' * 300}\r\n"
        for i in range(2000)
    )
    dialog = _open(qtbot, ctx, _write(tmp_path, rows))
    _check(qtbot, dialog)
    real_open: Callable[..., sqlite3.Connection] = store_database.open_database

    def nearly_full(path: Path) -> sqlite3.Connection:
        conn = real_open(path)
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
        conn.execute(f"PRAGMA max_page_count = {pages + 10}")
        return conn

    # The job opens its connection through services.job_control.worker_connection.
    monkeypatch.setattr(store_database, "open_database", nearly_full)
    qtbot.mouseClick(dialog.import_button, _left())
    qtbot.waitUntil(lambda: "Nothing was imported" in dialog.message.text(), timeout=10000)
    assert dialog.message.text() == (
        "The disk is full. Free some space and try again. Nothing was imported."
    )
    assert _count(ctx) == 0
    assert ctx.conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 0


def test_a_second_click_on_import_imports_nothing_more(
    qtbot: Any, ctx: AppContext, tmp_path: Path
) -> None:
    rows = "".join(
        f"2026-11-{d:02d}T10:00:00+03:00,Europe/Moscow,5.00,RUB,sbp,,R{d}\r\n" for d in range(1, 4)
    )
    dialog = _open(qtbot, ctx, _write(tmp_path, rows))
    _check(qtbot, dialog)
    # Two clicks before the (delayed) progress dialog blocks the window.
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        dialog.import_button.click()
        dialog.import_button.click()
    qtbot.wait(300)
    assert _count(ctx) == 3
    assert dialog.message.text() == "Imported 3 receipts. No problems."


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the page opens the dialog offscreen
def test_cards_created_by_an_import_appear_in_the_logs_card_filter(
    qtbot: Any, ctx: AppContext, tmp_path: Path
) -> None:
    from companion.ui.receipts.receipts_page import ReceiptsPage

    page = ReceiptsPage(ctx, lambda _key: None)
    qtbot.addWidget(page)
    page.open_import(_write(tmp_path, MISSING))
    dialog = page.import_dialog
    qtbot.waitUntil(lambda: not dialog.reading, timeout=10000)
    _check(qtbot, dialog)
    _import(qtbot, dialog)
    names = [page.card_filter.itemText(i) for i in range(page.card_filter.count())]
    assert "MTS SIM" in names and "Known" in names
