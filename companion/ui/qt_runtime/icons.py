"""Icons from the bundled SVG files (crisp at 100% and 200% scaling)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from companion.paths import resources_dir

#: The stroke colour of the section icons. Each has a ``-selected`` twin
#: drawn in white for the selection highlight, where the blue would vanish;
#: tests/test_packaging_icons.py keeps the twins in step with the originals.
SECTION_STROKE = "#4a7fd4"
SELECTED_STROKE = "#ffffff"


@cache
def _icon(name: str) -> QIcon:
    return QIcon(str(resources_dir() / "icons" / f"{name}.svg"))


def app_icon() -> QIcon:
    return _icon("companion")


@cache
def section_icon(name: str) -> QIcon:
    """The SVG engine renders each variant when first painted, at the size
    and scale asked for; nothing is rasterised while the window is built."""
    folder = resources_dir() / "icons"
    icon = QIcon(str(folder / f"{name}.svg"))
    icon.addFile(str(folder / f"{name}-selected.svg"), QSize(), QIcon.Mode.Selected)
    return icon
