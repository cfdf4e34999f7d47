"""A window opened at its preferred size, cut to the screen it opens on.

Why apart from ``screen_fit`` (the scrolling form): the main window is sized
this way at start-up, and the scroll area's Qt types (QScrollArea, QFrame,
QStyle) cost about 15 ms to create there; this module needs only what the
window has already loaded.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: Room kept for the title bar and frame a window manager adds around a
#: window that is not shown yet (Qt only knows the real frame after).
DECORATION_ALLOWANCE = QSize(16, 40)


def available_size(window: QWidget) -> QSize:
    """The free area of the screen ``window`` is (or will be) on, less its frame."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    free = screen.availableGeometry().size()
    frame = window.frameGeometry().size() - window.geometry().size()
    decoration = frame if window.isVisible() and frame.height() > 0 else DECORATION_ALLOWANCE
    return free - decoration


def fit_to_screen(window: QWidget, preferred: QSize | None = None) -> None:
    """Size ``window`` to ``preferred`` (its size hint by default), no larger
    than the screen's free area and no smaller than its layout allows; a
    shown window is moved up or left if its edge would leave the screen."""
    # Size hints change when the style polishes a widget, which Qt does
    # only on first show, and a layout of a window not shown yet keeps the
    # sizes from before a part of it was shown or hidden: measure afresh.
    window.ensurePolished()
    for inner in window.findChildren(QWidget):
        inner.updateGeometry()
    layout = window.layout()
    if layout is not None:
        layout.activate()
    want = preferred if preferred is not None else window.sizeHint()
    room = available_size(window)
    size = want.boundedTo(room).expandedTo(window.minimumSizeHint())
    if layout is not None and layout.hasHeightForWidth():
        # Wrapped text is taller when the window is narrower than it wished.
        size.setHeight(min(max(size.height(), layout.totalHeightForWidth(size.width())),
                           room.height()))
    window.resize(size)
    if window.isVisible():
        keep_on_screen(window)


def keep_on_screen(window: QWidget) -> None:
    """Move a shown window so its frame lies inside the screen's free area."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    free = screen.availableGeometry()
    frame = window.frameGeometry()
    x = min(frame.x(), free.right() + 1 - frame.width())
    y = min(frame.y(), free.bottom() + 1 - frame.height())
    window.move(max(x, free.x()), max(y, free.y()))
