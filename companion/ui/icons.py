"""Icons from the bundled SVG files (crisp at 100% and 200% scaling)."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from companion.paths import resources_dir


@cache
def _icon(name: str) -> QIcon:
    return QIcon(str(resources_dir() / "icons" / f"{name}.svg"))


def app_icon() -> QIcon:
    return _icon("companion")


def section_icon(name: str) -> QIcon:
    return _icon(name)
