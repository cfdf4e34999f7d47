"""Keyboard and screen-reader use of every window in every language.

Why walk them all: a mnemonic that collides, a label that shows "&code" or
a field a screen reader calls "edit" is only found by someone who opens
that exact window in that exact language; these tests do it for them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QWidget,
)

from tests.window_walk import LANGUAGES, mnemonic, visible_widgets, windows

OFFSCREEN_NOISE = ("propagateSizeHints", "does not support raise", "grabbing the keyboard")


def _mnemonic_owners(root: QWidget) -> dict[str, list[str]]:
    """Alt+key → the texts that claim it, in one window."""
    owners: dict[str, list[str]] = defaultdict(list)

    def claim(text: str) -> None:
        key = mnemonic(text)
        if key is not None:
            owners[key].append(text)

    for widget in visible_widgets(root):
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            claim(widget.text())
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            claim(widget.title())
    if isinstance(root, QMainWindow):
        for action in root.menuBar().actions():
            claim(action.text())
    return owners


def _walk(
    language: str, main_window: Any, ctx: Any, qtbot: Any, tmp_path: Path, check: Any
) -> list[str]:
    main_window.change_language(language)
    qtbot.wait(20)
    problems: list[str] = []
    for name, root in windows(main_window, ctx, qtbot, tmp_path):
        problems += [f"{language} / {name}: {p}" for p in check(root)]
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_window_gives_one_alt_key_to_two_controls(
    main_window: Any, ctx: Any, qtbot: Any, tmp_path: Path, language: str
) -> None:
    def check(root: QWidget) -> list[str]:
        return [
            f"Alt+{key.upper()}: {texts}"
            for key, texts in _mnemonic_owners(root).items() if len(texts) > 1
        ]

    found = _walk(language, main_window, ctx, qtbot, tmp_path, check)
    if found:
        pytest.fail("\n".join(found), pytrace=False)


def test_the_walk_reaches_every_window_and_sees_mnemonics(
    main_window: Any, ctx: Any, qtbot: Any, tmp_path: Path
) -> None:
    """A walk that saw nothing would pass every check above."""
    seen: dict[str, int] = {}
    for name, root in windows(main_window, ctx, qtbot, tmp_path):
        seen[name] = len(_mnemonic_owners(root))
    assert len(seen) == 16
    assert seen["page cards"] >= 6 and seen["page settings"] >= 4
    assert seen["card editor (new)"] >= 4 and seen["renew with receipt"] >= 3


def _literal_ampersands(root: QWidget) -> list[str]:
    from PySide6.QtCore import Qt

    found = []
    for widget in visible_widgets(root):
        if not isinstance(widget, QLabel) or widget.buddy() is not None:
            continue
        text = widget.text()
        rich = widget.textFormat() == Qt.TextFormat.RichText or (
            widget.textFormat() == Qt.TextFormat.AutoText and re.search(r"<[A-Za-z/!]", text)
        )
        if rich:
            text = text.replace("&amp;", "").replace("&nbsp;", "").replace("&lt;", "").replace(
                "&gt;", "").replace("&quot;", "")
        if mnemonic(text) is not None:
            found.append(text)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_label_shows_a_mnemonic_ampersand(
    main_window: Any, ctx: Any, qtbot: Any, tmp_path: Path, language: str
) -> None:
    """A label with "&" but no buddy shows the ampersand itself ("Activation &code:")."""
    found = _walk(language, main_window, ctx, qtbot, tmp_path, _literal_ampersands)
    if found:
        pytest.fail("\n".join(found), pytrace=False)


_INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QAbstractSpinBox)


def _unnamed(root: QWidget) -> list[str]:
    found = []
    for widget in visible_widgets(root):
        if not isinstance(widget, _INTERACTIVE):
            continue
        parent = widget.parentWidget()
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QAbstractItemView)) or isinstance(widget, QHeaderView):
            continue  # part of a box or a table: the box or the table carries the name
        face = QAccessible.queryAccessibleInterface(widget)
        name = face.text(QAccessible.Text.Name) if face is not None else ""
        if not name.replace("&", "").strip():
            found.append(f"{type(widget).__name__} {widget.objectName()!r} "
                         f"in {type(widget.window()).__name__}")
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_control_has_a_name_a_screen_reader_can_say(
    main_window: Any, ctx: Any, qtbot: Any, tmp_path: Path, language: str
) -> None:
    found = _walk(language, main_window, ctx, qtbot, tmp_path, _unnamed)
    if found:
        pytest.fail("\n".join(found), pytrace=False)


def test_the_name_check_catches_an_unnamed_field_and_accepts_a_buddy(qtbot: Any) -> None:
    """The walk above passing means something only if the check can fail."""
    from PySide6.QtWidgets import QDialog, QFormLayout, QPushButton, QToolButton

    dialog = QDialog()
    qtbot.addWidget(dialog)
    form = QFormLayout(dialog)
    bare = QLineEdit()
    bare.setObjectName("bare")
    form.addRow(bare)
    form.addRow("&Labelled:", QLineEdit())
    named = QComboBox()
    named.setAccessibleName("Chosen")
    form.addRow(named)
    icon_only = QToolButton()
    icon_only.setObjectName("icon")
    form.addRow(icon_only)
    form.addRow(QPushButton("&Go"))
    dialog.show()
    assert _unnamed(dialog) == ["QLineEdit 'bare' in QDialog", "QToolButton 'icon' in QDialog"]
    assert _literal_ampersands(dialog) == []
    loose = QLabel("Activation &code:")
    form.addRow(loose, QHBoxLayout())
    qtbot.waitUntil(loose.isVisible)
    assert _literal_ampersands(dialog) == ["Activation &code:"]
