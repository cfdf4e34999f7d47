"""Light and dark: follow the desktop unless the user picked one.

Qt (6.8+) follows the system scheme by itself where the platform theme tells
it (Windows, macOS, GNOME and KDE). A forced choice is passed to the style
hints too, but not every platform theme acts on it (X11 without a desktop,
the offscreen platform), so the palette is set explicitly as well. This
module is the one place that names colours.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

_SCHEMES = {
    "system": Qt.ColorScheme.Unknown,
    "light": Qt.ColorScheme.Light,
    "dark": Qt.ColorScheme.Dark,
}


def _dark_palette() -> QPalette:
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#202124",
        QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#17181a",
        QPalette.ColorRole.AlternateBase: "#26282b",
        QPalette.ColorRole.ToolTipBase: "#303134",
        QPalette.ColorRole.ToolTipText: "#e8eaed",
        QPalette.ColorRole.Text: "#e8eaed",
        QPalette.ColorRole.Button: "#2b2d30",
        QPalette.ColorRole.ButtonText: "#e8eaed",
        QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Link: "#8ab4f8",
        QPalette.ColorRole.Highlight: "#3b6fd1",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.PlaceholderText: "#9aa0a6",
    }
    for role, color in roles.items():
        pal.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#80868b"))
    return pal


def apply_appearance(choice: str) -> None:
    app = QGuiApplication.instance()
    if not isinstance(app, QApplication):
        return
    hints = app.styleHints()
    scheme = _SCHEMES.get(choice, Qt.ColorScheme.Unknown)
    if scheme == Qt.ColorScheme.Unknown:
        hints.unsetColorScheme()
        app.setPalette(QPalette())
        return
    hints.setColorScheme(scheme)
    if scheme == Qt.ColorScheme.Dark:
        app.setPalette(_dark_palette())
    else:
        fusion = QStyleFactory.create("Fusion")
        app.setPalette(fusion.standardPalette() if fusion is not None else QPalette())
