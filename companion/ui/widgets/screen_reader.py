"""What a screen reader on Linux needs beyond ``setAccessibleName``.

Why: checked with Orca's stack (AT-SPI, read with pyatspi under Xvfb), two
ways Qt's bridge drops what the app meant to say:

- A label's accessible name replaces its words. "Card details" set on the
  label that shows the details was all a screen reader got; the details
  themselves never reached it. :func:`caption_display` says what the label
  is in its description and leaves its words as its name.
- A mnemonic is no word: "添加卡片(&A)" is named "添加卡片", not
  "添加卡片(A)" (:func:`without_mnemonic`, also used by the shortcuts list).
- On Linux Qt reports a combo box's current value as its name ("RUB",
  "All cards") and passes its label only as a "labelled by" relation, made
  from a ``QLabel`` whose buddy the box is. A box with a name but no such
  label was read as a bare value. :func:`label_named_boxes` gives each one
  a hidden label with its name, which Qt turns into that relation.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QComboBox, QLabel, QWidget

# QAccessible and QComboBox are imported where they are used: the guide and
# the reminder banner import this module at start-up, and creating those
# two Qt types (and their enums) cost about 5 ms there.

#: A mnemonic as Chinese (and Japanese) catalogs write it, after the words:
#: "键盘快捷键(&K)". Removing only the "&" left "(K)" in what was read.
_TRAILING_MNEMONIC = re.compile(r"\s*[(（]&[^&\s][)）]")

#: Marks the hidden labels made here, so a second sweep does not add more.
_HIDDEN_LABEL = "screenReaderLabel"


def without_mnemonic(text: str) -> str:
    """A button's or action's text as words to read or list: "(&K)" removed
    whole, "&X" read as "X" and "&&" as "&"."""
    return re.sub(r"&(&?)", r"\1", _TRAILING_MNEMONIC.sub("", text))


def caption_display(label: QLabel, caption: str) -> QLabel:
    """A label that shows changing words (details, totals, a status line):
    the words are what is read, ``caption`` says what they are."""
    label.setAccessibleName("")
    label.setAccessibleDescription(caption)
    return label


def _has_label(box: QComboBox) -> bool:
    from PySide6.QtGui import QAccessible

    face = QAccessible.queryAccessibleInterface(box)
    if face is None:
        return False
    return any(
        other.text(QAccessible.Text.Name).strip()
        for other, _relation in face.relations(QAccessible.RelationFlag.Label)
    )


def label_named_boxes(root: QWidget) -> None:
    """Give every named combo box under ``root`` without a label a hidden
    one with its accessible name. Call once the boxes are in their layouts
    (a label must be the box's sibling for Qt to relate them)."""
    from PySide6.QtWidgets import QComboBox, QLabel

    for box in root.findChildren(QComboBox):
        parent = box.parentWidget()
        name = box.accessibleName()
        if parent is None or not name or _has_label(box):
            continue
        label = QLabel(name, parent)
        label.setObjectName(_HIDDEN_LABEL)
        label.setBuddy(box)
        label.hide()
