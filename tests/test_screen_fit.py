"""Every page and dialog fits a small laptop and a 200% screen, in every language.

How the screens are made, honestly: Qt fixes a screen's size and scaling
when the QApplication starts, so each screen gets a child process (running
tests/screen_fit_walk.py) whose offscreen platform is given one screen of
that size in a config file. The 200% case is a real 1920×1080 screen with
``QT_SCALE_FACTOR=2``, the variable Qt itself reads for scaling, so every
widget is measured in the 960×540 logical pixels such a screen offers and
fonts are laid out at twice the device pixels, as on a real 200% desktop.
The offscreen screen has no panel, so the whole screen is "available";
fit_to_screen keeps room for a title bar on top of that.

In each language the child opens the main window at its opening size and at
its smallest size, then every dialog (tests/window_walk.py), and fails on a
button, check box or label narrower than its text, a search field narrower
than its placeholder, a wrapped label shorter than its lines, a widget
sticking out sideways, a form with a horizontal scroll bar, buttons that
scroll away with a form, or a window bigger than the screen.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.process_helpers import run_python
from tests.screen_fit_walk import PLATFORM_VARIABLE

ROOT = Path(__file__).resolve().parent.parent

#: name → (width, height, scale): a 1366×768 laptop at 100%, a 1920×1080
#: screen at 200% (960×540 logical pixels).
SCREENS = {
    "1366x768 at 100%": (1366, 768, 1),
    "1920x1080 at 200%": (1920, 1080, 2),
}


@pytest.mark.parametrize("screen", SCREENS)
def test_every_window_fits_the_screen(tmp_path: Path, screen: str) -> None:
    width, height, scale = SCREENS[screen]
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": screen, "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1,
    }]}), encoding="utf-8")
    env = dict(os.environ)
    env[PLATFORM_VARIABLE] = f"offscreen:configfile={config}"
    env["QT_SCALE_FACTOR"] = str(scale)
    env.pop("QT_SCREEN_SCALE_FACTORS", None)
    env.pop("QT_AUTO_SCREEN_SCALE_FACTOR", None)
    result = run_python(
        "-m", "pytest", str(ROOT / "tests" / "screen_fit_walk.py"), "-q", "-p", "no:cacheprovider",
        "--basetemp", str(tmp_path / "child"), timeout=900, env=env,
    )
    assert result.returncode == 0, f"{screen}:\n{result.stdout[-6000:]}\n{result.stderr[-2000:]}"
    assert "3 passed" in result.stdout, result.stdout[-2000:]



@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_ticking_log_a_receipt_keeps_renew_on_the_screen(qtbot: Any, ctx: Any) -> None:
    """The Renew dialog grew to 817–850 px when "Log a receipt" was ticked in
    the open dialog, putting Renew and Cancel below the screen's edge; now
    the form scrolls and the dialog stays inside the screen it is on."""
    from PySide6.QtWidgets import QDialogButtonBox, QScrollArea

    from companion.ui.cards.renew_dialog import RenewDialog
    from tests.window_walk import a_card

    dialog = RenewDialog(None, ctx, a_card(ctx), "Europe/Moscow", "RUB")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.receipt_group.setChecked(True)
    qtbot.wait(20)
    free = dialog.screen().availableGeometry()
    assert free.contains(dialog.frameGeometry()), (dialog.frameGeometry(), free)
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None and buttons.parent() is dialog  # not inside the scroll area
    scroll = dialog.findChild(QScrollArea)
    assert scroll is not None and scroll.verticalScrollBar().maximum() > 0
    assert scroll.horizontalScrollBar().maximum() == 0
