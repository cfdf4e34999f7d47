"""A button that opens a menu on a click, wide enough for its text and its arrow.

Why: a QToolButton with a menu in the instant-popup mode draws a small down
arrow in its lower right corner, but Qt's size hint makes room only for the
text, so under Fusion (the style the Linux build uses) «Таймер», «Экспорт»
and the date fields' "…" had the arrow drawn over their last letters. The
hint here adds the width of that indicator, so the text and
the arrow never meet in any language or at any scale.

Why a width of 12 logical pixels and not the style's own metric: reading
``PM_MenuButtonIndicator`` makes PySide create its QStyle type, about 15 ms
at start-up (the Guide's "Content" button is built then). 12 px, scaled
with the screen's logical DPI, is what Fusion (the Linux build's style)
gives; the screen-fit check (``tests/screen_fit_checks.menu_arrow_overlap``)
measures every menu button against the style in use, in every language.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QToolButton, QWidget

#: Fusion's PM_MenuButtonIndicator at 96 dpi.
INDICATOR_WIDTH = 12


class MenuButton(QToolButton):
    """A tool button whose click opens its menu (set with ``setMenu``)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(text)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)

    def indicator_width(self) -> int:
        """The width of the arrow the style draws beside the text; 0 without a menu."""
        if self.menu() is None or self.popupMode() != QToolButton.ToolButtonPopupMode.InstantPopup:
            return 0
        return round(INDICATOR_WIDTH * self.logicalDpiX() / 96)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width() + self.indicator_width(), hint.height())

    def minimumSizeHint(self) -> QSize:
        # As QToolButton's own: its minimum is its hint (the arrow counted once).
        return self.sizeHint()
