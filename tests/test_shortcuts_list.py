"""Help → Keyboard Shortcuts names every shortcut once, in the current language."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from companion.ui.shell.shortcuts_dialog import ShortcutsDialog, shortcut_rows


def _table(dialog: ShortcutsDialog) -> list[tuple[str, str, str]]:
    table = dialog.table
    return [
        tuple(table.item(r, c).text() for c in range(table.columnCount()))  # type: ignore[misc]
        for r in range(table.rowCount())
    ]


@pytest.mark.parametrize("language", ["en", "ru", "zh_Hans"])
def test_every_shortcut_is_named_once(main_window: Any, qtbot: Any, language: str) -> None:
    main_window.change_language(language)
    qtbot.wait(10)  # the window rebuilds on the next turn of the event loop
    dialog = ShortcutsDialog(main_window)
    qtbot.addWidget(dialog)
    rows = _table(dialog)
    assert all(name for name, _keys, _where in rows), rows
    names = Counter((name, where) for name, _keys, where in rows)
    assert [n for n, count in names.items() if count > 1] == []
    from PySide6.QtGui import QKeySequence

    keys = {k for _n, k, _w in rows}
    # The guide's keys that used to be listed without a name, and the receipt
    # log's, which were not listed at all before the page was opened.
    for expected in ("Alt+Left", "Alt+Right", "Ctrl+0", "Ctrl+Shift+U", "Ctrl+M", "Ctrl+I", "F2"):
        native = QKeySequence(expected).toString(QKeySequence.SequenceFormat.NativeText)
        assert any(native in k for k in keys), native


def test_a_language_switch_does_not_multiply_rows(main_window: Any, qtbot: Any) -> None:
    before = len(shortcut_rows(main_window))
    for language in ("ru", "zh_Hans", "en", "ru"):
        main_window.change_language(language)
        qtbot.wait(10)
    rows = shortcut_rows(main_window)
    assert len(rows) == before
    help_rows = [r for r in rows if r[1] == "Ctrl+/"]
    assert [r[0] for r in help_rows] == ["Сочетания клавиш"]
    assert not any(r[0] in ("Back", "后退") for r in rows)


def test_rows_say_where_a_key_works(main_window: Any) -> None:
    rows = {(name, where) for name, _k, where in shortcut_rows(main_window)}
    assert ("Back", "Guide") in rows
    assert ("Import receipts", "Receipts") in rows
    assert ("Keyboard Shortcuts", "Whole window") in rows


def test_the_listed_receipt_key_really_works(main_window: Any, qtbot: Any) -> None:
    from PySide6.QtCore import Qt

    main_window.show_section("receipts")
    page = main_window.page("receipts")
    main_window.activateWindow()
    page.table.setFocus()
    assert not page.month_button.isChecked()
    qtbot.keyClick(page.table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert page.month_button.isChecked()
