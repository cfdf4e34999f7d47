"""Qt's own buttons and dialogs speak the app's language, switched live."""

from __future__ import annotations

from typing import Any

import pytest

from companion.i18n import set_language

#: What Qt's own catalogs call these buttons, mnemonics removed.
EXPECTED: dict[str, dict[str, str]] = {
    "en": {"Save": "Save", "Cancel": "Cancel", "Yes": "Yes", "No": "No", "Close": "Close"},
    "ru": {"Save": "Сохранить", "Cancel": "Отмена", "Yes": "Да", "No": "Нет", "Close": "Закрыть"},
    "zh_Hans": {"Save": "保存", "Cancel": "取消", "Yes": "是(Y)", "No": "否(N)", "Close": "关闭"},
}


def _button_texts() -> dict[str, str]:
    from PySide6.QtWidgets import QDialogButtonBox

    std = QDialogButtonBox.StandardButton
    box = QDialogButtonBox(std.Save | std.Cancel | std.Yes | std.No | std.Close)
    names = {"Save": std.Save, "Cancel": std.Cancel, "Yes": std.Yes, "No": std.No, "Close": std.Close}
    texts = {name: box.button(button).text().replace("&", "") for name, button in names.items()}
    box.deleteLater()
    return texts


def _qt_dialog_texts(qtbot: Any) -> dict[tuple[str, ...], str]:
    """Every text a user can see in the Qt dialogs and menus the app uses."""
    from PySide6.QtGui import QAction
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import (
        QComboBox,
        QFileDialog,
        QLineEdit,
        QMessageBox,
        QProgressDialog,
        QTextBrowser,
        QWidget,
    )

    found: dict[tuple[str, ...], str] = {}

    def walk(name: str, root: QWidget) -> None:
        qtbot.addWidget(root)
        for index, widget in enumerate([root, *root.findChildren(QWidget)]):
            for attr in ("text", "toolTip", "placeholderText"):
                getter = getattr(widget, attr, None)
                value = getter() if callable(getter) else None
                if isinstance(value, str) and value:
                    found[(name, type(widget).__name__, str(index), attr)] = value
            if isinstance(widget, QComboBox):
                for item in range(widget.count()):
                    found[(name, "combo", str(index), str(item))] = widget.itemText(item)
        for index, action in enumerate(root.findChildren(QAction)):
            if action.text():
                found[(name, "action", str(index))] = action.text()

    for mode in (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave):
        dialog = QFileDialog()
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(mode)
        walk(f"file-{mode.name}", dialog)
    std = QMessageBox.StandardButton
    walk("message", QMessageBox(QMessageBox.Icon.Question, "", "", std.Yes | std.No | std.Ok
                                | std.Cancel | std.Discard | std.Open | std.Retry))
    walk("progress", QProgressDialog())
    walk("print", QPrintDialog(QPrinter()))
    for name, editor in (("line", QLineEdit("x")), ("browser", QTextBrowser())):
        qtbot.addWidget(editor)
        menu = editor.createStandardContextMenu()
        for index, action in enumerate(menu.actions()):
            if action.text():
                found[(name, "menu", str(index))] = action.text()
        menu.deleteLater()
    return found


@pytest.mark.parametrize("language", ["en", "ru", "zh_Hans"])
def test_standard_buttons_follow_the_window_language(main_window: Any, language: str) -> None:
    main_window.change_language(language)
    assert _button_texts() == EXPECTED[language]


@pytest.mark.parametrize("language", ["ru", "zh_Hans"])
def test_no_english_is_left_in_qt_dialogs(main_window: Any, qtbot: Any, language: str) -> None:
    english = _qt_dialog_texts(qtbot)
    assert len(english) > 40  # the walk really reached the dialogs
    main_window.change_language(language)
    translated = _qt_dialog_texts(qtbot)
    assert translated.keys() == english.keys()
    left = sorted(
        {
            text
            for key, text in translated.items()
            if text == english[key] and any(c.isascii() and c.isalpha() for c in text)
            and not text.startswith("/")  # a folder path, not a word
        }
    )
    assert left == []


def test_a_live_switch_changes_qt_texts_and_back(main_window: Any) -> None:
    main_window.change_language("ru")
    assert _button_texts() == EXPECTED["ru"]
    main_window.change_language("zh_Hans")
    assert _button_texts() == EXPECTED["zh_Hans"]
    main_window.change_language("en")
    assert _button_texts() == EXPECTED["en"]


def test_language_chosen_before_the_window_is_used_at_once(qtbot: Any, ctx: Any) -> None:
    """As at start with --lang ru: the language is chosen, then the window is built."""
    from companion.ui.shell.main_window import MainWindow

    set_language("ru")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert _button_texts()["Cancel"] == "Отмена"
