"""Run in a child process by tests/test_screen_fit.py, on the screen it names.

Not collected by the suite itself (the name does not start with ``test_``):
a screen's size and scaling are fixed when the QApplication is made, so
each screen gets its own process, whose QApplication is started here on an
offscreen screen of that size (``-platform offscreen:configfile=…``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from companion.i18n import set_language
from tests.screen_fit_checks import problems
from tests.window_walk import LANGUAGES, windows

#: Set by the parent test: the platform string naming the screen's file.
PLATFORM_VARIABLE = "TCC_FIT_PLATFORM"

pytestmark = pytest.mark.qt_log_ignore(
    "propagateSizeHints", "does not support raise", "grabbing the keyboard"
)


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return [sys.argv[0], "-platform", os.environ[PLATFORM_VARIABLE]]


def _check(name: str, root: QWidget) -> list[str]:
    screen = root.screen() or QApplication.primaryScreen()
    return [f"{name}: {p}" for p in problems(root, screen.availableGeometry())]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.usefixtures("layout_font")
def test_every_window_fits(
    qtbot: Any, ctx: Any, tmp_path: Path, language: str
) -> None:
    from companion.ui.shell.main_window import MainWindow

    set_language(language)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    found: list[str] = []
    for size_name, size in (("opening size", window.size()), ("smallest size", window.minimumSize())):
        window.resize(size)
        QApplication.processEvents()
        for name, root in windows(window, ctx, qtbot, tmp_path):
            if root is window:
                where = f"{name} at the window's {size_name} {size.width()}×{size.height()}"
                found += _check(where, root)
            elif size_name == "opening size":
                found += _check(name, root)
            else:
                break  # the dialogs do not depend on the main window's size
    if found:
        pytest.fail(f"{language}:\n" + "\n".join(found), pytrace=False)
