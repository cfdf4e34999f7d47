"""Windows that fit the screen they open on: forms scroll, buttons stay.

Why this exists: a 1920×1080 screen at 200% scaling has room for a
960×540 window, a 1366×768 laptop for a little over 700 px of height once
its panel and the title bar are counted. A dialog that asks for its full
height there puts Save and Cancel below the screen's edge, where nobody can
click them. So a long form sits in a ``FormScroll`` (up and down only,
never sideways: a form is as wide as its widest row needs), its buttons
stay outside it, and ``window_fit.fit_to_screen`` gives the window its
preferred size, cut to the screen's free area.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QFrame, QScrollArea, QStyle, QWidget


class FormScroll(QScrollArea):
    """A scroll area for a form: scrolls up and down, never sideways.

    Its size hint is the whole form's (Qt's own is cut at 24 lines, which
    would make every dialog look short and scroll even on a tall screen);
    its minimum width is the form's, so the window cannot be made narrower
    than the form and the form never hides behind a horizontal scroll bar.
    """

    def __init__(self, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # Imported here: the main window imports this module at start-up,
        # which must not build Qt's enum namespace (tests/test_startup_work.py).
        from PySide6.QtCore import Qt

        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(body)

    def _bar_width(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)

    def _chrome(self) -> QSize:
        frame = 2 * self.frameWidth()
        return QSize(frame + self._bar_width(), frame)

    def sizeHint(self) -> QSize:
        body = self.widget()
        if body is None:
            return super().sizeHint()
        return body.sizeHint().expandedTo(body.minimumSizeHint()) + self._chrome()

    def minimumSizeHint(self) -> QSize:
        body = self.widget()
        if body is None:
            return super().minimumSizeHint()
        # Three lines of the form stay visible however short the window.
        lines = 3 * self.fontMetrics().height()
        return QSize(body.minimumSizeHint().width() + self._chrome().width(), lines)
