"""Reminders shown by ``companion reminders`` on Windows, as tray balloons.

Why a widget for a headless command: Windows has no notification service a
command can reach without an extra package, but a short-lived tray icon's
balloon is shown as a toast by Windows 10 and 11. A tray icon is a Qt
widget, so it lives here, not in desktop/ (which holds no widgets); this is
the only place a headless command loads Qt widgets, and only on Windows.
"""

from __future__ import annotations

import sys


class TrayBalloonNotifier:
    """Windows: a tray icon that lives while the command runs and shows each
    reminder as a balloon; ``close`` waits so Windows can show the last one."""

    def __init__(self, linger_ms: int = 6000) -> None:
        from PySide6.QtWidgets import QApplication, QSystemTrayIcon

        from companion.ui.qt_runtime.icons import app_icon

        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        self.tray = QSystemTrayIcon(app_icon())
        self.tray.setToolTip("Travel Card Companion")
        self.tray.show()
        self.linger_ms = linger_ms
        self.shown = 0

    def notify(self, summary: str, body: str) -> object:
        from PySide6.QtWidgets import QSystemTrayIcon

        self.tray.showMessage(summary, body, QSystemTrayIcon.MessageIcon.Information, 10_000)
        self.shown += 1
        return self.shown

    def close(self) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        if self.shown:
            loop = QEventLoop()
            QTimer.singleShot(self.linger_ms, loop.quit)
            loop.exec()
        self.tray.hide()
