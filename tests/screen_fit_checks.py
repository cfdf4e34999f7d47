"""What "fits" means for one window, checked widget by widget.

Why measure against size hints: Qt never elides a button's or a label's
text by itself; it just draws it in whatever width the layout gave, so a
cut word ("бавить ка", "Поиск по…") shows up only as a widget narrower than
the width its own text asks for. A form that is wider than its dialog shows
up as a horizontal scroll bar, and a dialog whose buttons are off-screen as
a window taller than the screen's available geometry.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStyle,
    QStyleOptionToolButton,
    QToolButton,
    QWidget,
)

from tests.window_walk import visible_widgets

#: The characters QLineEdit's size hint is made of (see qlineedit.cpp).
_HINT_CHARS = 17


def _name(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, QAbstractButton | QLabel):
        text = widget.text()
    elif isinstance(widget, QLineEdit):
        text = widget.placeholderText()
    return f"{type(widget).__name__} {text!r}" if text else type(widget).__name__


def menu_arrow_overlap(widget: QWidget) -> str | None:
    """Why a button that opens a menu on a click has its arrow over its text, or None.

    Such a button needs the width the same text takes on a plain tool button
    plus the arrow the style draws in its corner (PM_MenuButtonIndicator);
    Qt's own size hint left the arrow out, so «Экспорт» lost its last letter.
    """
    if not isinstance(widget, QToolButton) or widget.menu() is None or not widget.text():
        return None
    if widget.popupMode() != QToolButton.ToolButtonPopupMode.InstantPopup:
        return None  # a split button: Qt gives the arrow its own part
    plain = QToolButton()
    plain.setStyle(widget.style())
    plain.setFont(widget.font())
    plain.setText(widget.text())
    plain.setIcon(widget.icon())
    plain.setIconSize(widget.iconSize())
    plain.setToolButtonStyle(widget.toolButtonStyle())
    option = QStyleOptionToolButton()
    widget.initStyleOption(option)
    arrow = widget.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, option, widget)
    need = plain.sizeHint().width() + arrow
    plain.deleteLater()
    if widget.width() < need:
        return f"{_name(widget)} is {widget.width()} px wide, its text and menu arrow need {need}"
    return None


def _cut_text(widget: QWidget) -> str | None:
    """Why this widget's own text does not fit it, or None."""
    arrow = menu_arrow_overlap(widget)
    if arrow is not None:
        return arrow
    if isinstance(widget, QLabel):
        if not widget.text() or (widget.pixmap() is not None and not widget.pixmap().isNull()):
            return None
        if widget.wordWrap():
            need = widget.heightForWidth(widget.width())
            if need > widget.height():
                return f"{_name(widget)} needs {need} px of height, has {widget.height()}"
            return None
        need = widget.minimumSizeHint().width()
    elif isinstance(widget, QAbstractButton):
        if not widget.text():
            return None
        need = widget.sizeHint().width()
    elif isinstance(widget, QLineEdit):
        placeholder = widget.placeholderText()
        if not placeholder or widget.text():
            return None
        padding = widget.sizeHint().width() - widget.fontMetrics().horizontalAdvance("x") * _HINT_CHARS
        need = widget.fontMetrics().horizontalAdvance(placeholder) + padding
    else:
        return None
    if widget.width() < need:
        return f"{_name(widget)} is {widget.width()} px wide, its text needs {need}"
    return None


def _clip_rect(widget: QWidget, root: QWidget) -> tuple[QWidget, QRect]:
    """The area that shows ``widget``: its nearest scroll area's viewport, or the window."""
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return parent.viewport(), parent.viewport().rect()
        parent = parent.parentWidget()
    return root, root.rect()


def _off_the_side(widget: QWidget, root: QWidget) -> str | None:
    """Part of the widget lies left or right of what shows it (clipped sideways)."""
    if not isinstance(widget, QAbstractButton | QLabel | QLineEdit) or isinstance(
        widget.parentWidget(), QAbstractScrollArea
    ):
        return None
    holder, area = _clip_rect(widget, root)
    left = widget.mapTo(holder, widget.rect().topLeft()).x()
    right = widget.mapTo(holder, widget.rect().topRight()).x()
    if left < area.left() or right > area.right():
        return f"{_name(widget)} spans x {left}..{right}, only {area.left()}..{area.right()} shows"
    return None


def problems(root: QWidget, available: QRect) -> list[str]:
    """Everything that does not fit in ``root`` on a screen whose free area is ``available``."""
    found: list[str] = []
    frame = root.frameGeometry()
    if frame.width() > available.width() or frame.height() > available.height():
        found.append(
            f"window is {frame.width()}×{frame.height()}, "
            f"the screen has {available.width()}×{available.height()}"
        )
    elif not available.contains(frame):
        found.append(f"window at {frame.getRect()} reaches past the screen's edge {available.getRect()}")
    for widget in visible_widgets(root):
        if widget.width() <= 0 or widget.height() <= 0:
            continue  # an empty placeholder the layout hides
        for reason in (_cut_text(widget), _off_the_side(widget, root)):
            if reason:
                found.append(reason)
        if isinstance(widget, QScrollArea) and not isinstance(widget.widget(), QAbstractScrollArea):
            bar = widget.horizontalScrollBar()
            inner = widget.widget()
            if bar.maximum() > 0 or (
                inner is not None and inner.width() > widget.viewport().width()
            ):
                found.append(
                    f"form scrolls sideways: {inner.width() if inner else '?'} px "
                    f"in a {widget.viewport().width()} px view"
                )
    if isinstance(root, QDialog):
        for box in root.findChildren(QDialogButtonBox):
            if box.isVisibleTo(root) and _clip_rect(box, root)[0] is not root:
                found.append("the dialog's buttons scroll away with the form")
    return found
