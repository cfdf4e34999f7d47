"""What a screen reader on Linux actually gets, checked in every window.

Found with Orca's own stack (AT-SPI under Xvfb, read with pyatspi; the
transcript is in README's accessibility section): two things the
``QAccessible`` name walk could not see.

- A label given an accessible name ("Card details", "Totals for the
  receipts shown") is announced by that name only: its words, the details
  of the card or the totals, never reached the screen reader.
- On Linux Qt reports a combo box's current value as its name ("RUB",
  "All cards") and passes its label only as a "labelled by" relation from
  a ``QLabel`` whose buddy it is; a box named with ``setAccessibleName``
  and no such label was read as a bare value.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QTextDocument
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from tests.window_walk import LANGUAGES, visible_widgets, windows

pytestmark = pytest.mark.qt_log_ignore(
    "propagateSizeHints", "does not support raise", "grabbing the keyboard"
)


def _plain(label: QLabel) -> str:
    text = label.text()
    if label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and re.search(r"<[A-Za-z/!]", text)
    ):
        doc = QTextDocument()
        doc.setHtml(text)
        text = doc.toPlainText()
    return " ".join(text.replace("&", "").split())


def _hidden_words(root: QWidget) -> list[str]:
    """Labels whose shown words a screen reader never gets."""
    found = []
    for widget in visible_widgets(root):
        if not isinstance(widget, QLabel) or widget.buddy() is not None:
            continue
        shown = _plain(widget)
        if not shown:
            continue
        face = QAccessible.queryAccessibleInterface(widget)
        said = " ".join(
            face.text(part) for part in (QAccessible.Text.Name, QAccessible.Text.Description)
        ) if face is not None else ""
        if shown not in " ".join(said.replace("&", "").split()):
            found.append(f"label {shown[:60]!r} is read as {said[:60]!r}")
    return found


def _bare_values(root: QWidget) -> list[str]:
    """Combo boxes a screen reader on Linux would read as their value alone."""
    found = []
    for widget in root.findChildren(QComboBox):
        if widget.window() is not root or widget.objectName().startswith("qt_"):
            continue
        face = QAccessible.queryAccessibleInterface(widget)
        assert face is not None
        labels = [
            other.text(QAccessible.Text.Name)
            for other, _relation in face.relations(QAccessible.RelationFlag.Label)
        ]
        if not any(label.strip() for label in labels):
            found.append(f"combo box {widget.accessibleName() or widget.currentText()!r}")
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_screen_reader_gets_the_words_and_the_labels(
    main_window: Any, ctx: Any, qtbot: Any, tmp_path: Path, language: str
) -> None:
    main_window.change_language(language)
    qtbot.wait(20)
    problems = []
    for name, root in windows(main_window, ctx, qtbot, tmp_path):
        problems += [f"{language} / {name}: {p}" for p in _hidden_words(root) + _bare_values(root)]
    if problems:
        pytest.fail("\n".join(sorted(set(problems))), pytrace=False)


def test_the_checks_can_fail(qtbot: Any) -> None:
    from PySide6.QtWidgets import QFormLayout

    dialog = QWidget()
    qtbot.addWidget(dialog)
    form = QFormLayout(dialog)
    details = QLabel("Balance: ₽150.00")
    details.setAccessibleName("Card details")
    form.addRow(details)
    box = QComboBox()
    box.addItem("RUB")
    box.setAccessibleName("Currency")
    form.addRow(box)
    form.addRow("&Kind:", QComboBox())
    dialog.show()
    assert _hidden_words(dialog) == ["label 'Balance: ₽150.00' is read as 'Card details '"]
    assert _bare_values(dialog) == ["combo box 'Currency'"]
