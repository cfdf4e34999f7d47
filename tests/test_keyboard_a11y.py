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
    QDialogButtonBox,
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


def _keyed_controls(root: QWidget) -> list[tuple[str, str]]:
    """The app's buttons and buddied labels of a window, in creation order,
    as (kind, text); Qt's standard buttons are left out (Qt's catalogs word
    them, and Qt's English "OK", "Cancel", "Close" carry no mnemonic)."""
    found = []
    for widget in visible_widgets(root):
        if isinstance(widget, QAbstractButton):
            box = widget.parentWidget()
            if isinstance(box, QDialogButtonBox) and box.standardButton(widget) != (
                QDialogButtonBox.StandardButton.NoButton
            ):
                continue
            found.append((type(widget).__name__, widget.text()))
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            found.append(("QLabel", widget.text()))
    return found


def test_every_mnemonic_of_english_has_one_in_each_language(
    main_window: Any, ctx: Any, qtbot: Any, tmp_path: Path
) -> None:
    """A control with an Alt key in English keeps one in Russian and Chinese
    («Создать резервную копию» and a dialog's "Cancel" once lost theirs)."""
    walks: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for language in LANGUAGES:
        main_window.change_language(language)
        qtbot.wait(20)
        walks[language] = {
            name: _keyed_controls(root)
            for name, root in windows(main_window, ctx, qtbot, tmp_path)
        }
    main_window.change_language("en")
    problems = []
    for language in LANGUAGES:
        for name, english in walks["en"].items():
            theirs = walks[language][name]
            if len(theirs) != len(english):
                problems.append(f"{language} / {name}: {len(theirs)} controls, en has {len(english)}")
                continue
            for (kind, en_text), (_kind, text) in zip(english, theirs, strict=True):
                if mnemonic(en_text) is not None and mnemonic(text) is None:
                    problems.append(f"{language} / {name}: {kind} {text!r} ({en_text!r})")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_the_walk_reaches_every_window_and_sees_mnemonics(
    main_window: Any, ctx: Any, qtbot: Any, tmp_path: Path
) -> None:
    """A walk that saw nothing would pass every check above."""
    seen: dict[str, int] = {}
    controls: dict[str, int] = {}
    for name, root in windows(main_window, ctx, qtbot, tmp_path):
        seen[name] = len(_mnemonic_owners(root))
        controls[name] = len(_app_controls(root))
    assert controls["page settings"] >= 30 and controls["card editor (eSIM)"] >= 25, controls
    assert len(seen) == 17
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


def _app_controls(root: QWidget) -> list[QWidget]:
    """Every control of the window the app made, shown now or only in another
    state (a hidden row, a button that appears with a reminder); Qt's own
    parts (popups, a calendar's arrows, a table's corner) are Qt's to name."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, _INTERACTIVE) or widget.window() is not root:
            continue
        if widget.objectName().startswith("qt_") or isinstance(widget, QHeaderView):
            continue
        parent = widget.parentWidget()
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QAbstractItemView, QLineEdit)):
            continue  # part of a box, a table or a field, which carries the name
        found.append(widget)
    return found


def _spoken_name(widget: QWidget, root: QWidget) -> str:
    """What a screen reader says the control is called, mnemonics removed.

    A combo box is special: on Linux Qt reports its current value as its
    name (the label reaches AT-SPI as a relation), which would let a box with
    neither a name nor a label pass; so its own name or its label counts.
    """
    if isinstance(widget, QComboBox):
        name = widget.accessibleName()
        if not name:
            labels = [label.text() for label in root.findChildren(QLabel)
                      if label.buddy() is widget]
            name = labels[0] if labels else ""
    else:
        face = QAccessible.queryAccessibleInterface(widget)
        name = face.text(QAccessible.Text.Name) if face is not None else ""
    return name.replace("&", "")


def _unnamed(root: QWidget) -> list[str]:
    found = []
    for widget in _app_controls(root):
        if not _spoken_name(widget, root).strip():
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
    valued = QComboBox()  # Qt on Linux would call it by its value, "Moscow"
    valued.addItem("Moscow")
    valued.setObjectName("valued")
    form.addRow(valued)
    dialog.show()
    assert _unnamed(dialog) == [
        "QLineEdit 'bare' in QDialog", "QToolButton 'icon' in QDialog",
        "QComboBox 'valued' in QDialog",
    ]
    assert _literal_ampersands(dialog) == []
    loose = QLabel("Activation &code:")
    form.addRow(loose, QHBoxLayout())
    qtbot.waitUntil(loose.isVisible)
    assert _literal_ampersands(dialog) == ["Activation &code:"]


def _names(main_window: Any, ctx: Any, qtbot: Any, tmp_path: Path) -> dict[tuple[str, Any], str]:
    from companion.ui.widgets.focus_place import place_of

    names = {}
    for window_name, root in windows(main_window, ctx, qtbot, tmp_path):
        for widget in _app_controls(root):
            name = _spoken_name(widget, root)
            names[(window_name, place_of(root, widget))] = name.replace("&", "")
    return names


@pytest.mark.parametrize("language", ["ru", "zh_Hans"])
def test_screen_reader_names_follow_the_language(
    main_window: Any, ctx: Any, qtbot: Any, tmp_path: Path, language: str
) -> None:
    """A name set once in English and never again would be read out in English."""
    english = _names(main_window, ctx, qtbot, tmp_path)
    main_window.change_language(language)
    qtbot.wait(20)
    translated = _names(main_window, ctx, qtbot, tmp_path)
    left = sorted(
        f"{key[0]}: {name}" for key, name in translated.items()
        if english.get(key) == name and sum(c.isascii() and c.isalpha() for c in name) > 3
    )
    if left:
        pytest.fail("\n".join(left), pytrace=False)
