"""Where the keyboard focus is inside a page, said in a way that survives the
page being built again.

Why: a language switch rebuilds every page, which deleted the control that
had the focus, and a keyboard user was thrown back to the top of the page
(or out of it). The place is the control's objectName when it has a unique
one, else its path from the page (each step: class name and position among
siblings of that class). Accessible names are not used: they are translated,
so they differ between the old page and the rebuilt one.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

_DIRECT = Qt.FindChildOption.FindDirectChildrenOnly


@dataclass(frozen=True)
class FocusPlace:
    object_name: str
    path: tuple[tuple[str, int], ...]


def _same_kind(parent: QWidget, widget: QWidget) -> list[QWidget]:
    return [c for c in parent.findChildren(QWidget, options=_DIRECT)
            if type(c).__name__ == type(widget).__name__]


def place_of(root: QWidget, widget: QWidget | None) -> FocusPlace | None:
    """The place of ``widget`` inside ``root``; None when it is not inside."""
    if widget is None or not root.isAncestorOf(widget):
        return None
    steps: list[tuple[str, int]] = []
    current = widget
    while current is not root:
        parent = current.parentWidget()
        assert parent is not None  # root is an ancestor
        siblings = _same_kind(parent, current)
        steps.append((type(current).__name__, siblings.index(current)))
        current = parent
    return FocusPlace(widget.objectName(), tuple(reversed(steps)))


def widget_at(root: QWidget, place: FocusPlace) -> QWidget | None:
    """The control at that place in a (rebuilt) root, if it is still there."""
    if place.object_name:
        named = root.findChildren(QWidget, place.object_name)
        if len(named) == 1:
            return named[0]
    current = root
    for class_name, index in place.path:
        siblings = [c for c in current.findChildren(QWidget, options=_DIRECT)
                    if type(c).__name__ == class_name]
        if index >= len(siblings):
            return None
        current = siblings[index]
    return current
