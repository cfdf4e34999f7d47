"""Icons from the bundled SVG files (crisp at 100% and 200% scaling)."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon, QPixmap

from companion.paths import resources_dir

#: The stroke colour of the section icons; drawn white on the selection
#: highlight, where the blue would vanish.
_SECTION_STROKE = "#4a7fd4"


@cache
def _icon(name: str) -> QIcon:
    return QIcon(str(resources_dir() / "icons" / f"{name}.svg"))


def app_icon() -> QIcon:
    return _icon("companion")


@cache
def section_icon(name: str) -> QIcon:
    path = resources_dir() / "icons" / f"{name}.svg"
    icon = QIcon(str(path))
    svg = path.read_text(encoding="utf-8").replace(_SECTION_STROKE, "#ffffff")
    for size in (24, 48):
        selected = QPixmap()
        if selected.loadFromData(svg.encode("utf-8"), "SVG"):
            icon.addPixmap(selected.scaled(size, size), QIcon.Mode.Selected)
    return icon
