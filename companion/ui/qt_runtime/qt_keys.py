"""Qt namespace values for the modules on the start-up path, without ``QtCore.Qt``.

Why: PySide6 builds a class's Python enums the first time the class is
used, and the ``Qt`` namespace has 94 of them with 1,200 members. Importing
it costs 13 ms, a tenth of a start on the development machine, all spent
before the first frame only because a label wanted
``Qt.TextFormat.PlainText``. So the first window's modules set such values
through Qt's property system, which takes an enum's key as a string, and
pass item roles as the plain ints they are. Modules loaded later use ``Qt``
as usual.

Two PySide calls build ``Qt`` as a side effect: ``QAction.setShortcut``
(its overloads take ``Qt.Key``) and ``QTreeWidgetItem.setFlags``. The
start-up path uses ``setShortcuts([...])`` and ``QStandardItem`` instead.
tests/test_startup_work.py checks that a start leaves ``Qt`` unbuilt,
tests/test_startup_rules.py names any start-up module that uses ``Qt.X``
outside a function importing ``Qt`` itself, and tests/test_qt_keys.py
checks that these values are Qt's own.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel

#: ``Qt.ItemDataRole.UserRole``: the first role free for the app's own data.
USER_ROLE: Final = 0x0100
#: ``Qt.ItemDataRole.AccessibleTextRole``: what a screen reader says for an item.
ACCESSIBLE_TEXT_ROLE: Final = 11


def set_key(obj: QObject, prop: str, key: str) -> None:
    """Set an enum or flags property by key, e.g. ``"AlignCenter"`` or ``"A|B"``.

    Raises on a misspelt property or key: Qt would otherwise add a dynamic
    property or ignore the value without a word.
    """
    # The first test keeps a misspelt name from becoming a dynamic property.
    if obj.metaObject().indexOfProperty(prop) < 0 or not obj.setProperty(prop, key):
        raise ValueError(f"{type(obj).__name__}.{prop} does not take {key!r}")


def plain_text(label: QLabel) -> QLabel:
    """Show the label's text literally, never as HTML (user text, paths, codes)."""
    set_key(label, "textFormat", "PlainText")
    return label
