"""The system tray icon, only where a tray exists.

Why the check: GNOME has no tray without an extension; hiding the window into
a tray that does not exist would leave the user with an invisible app.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from companion.i18n import _, on_language_changed
from companion.ui.qt_runtime import icons


class TrayIcon(QSystemTrayIcon):
    @classmethod
    def create(cls, window: object) -> TrayIcon | None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return None
        tray = cls(window)
        tray.show()
        return tray

    def __init__(self, window: object) -> None:
        super().__init__(icons.app_icon())
        self._window = window
        self._menu = QMenu()
        self.setContextMenu(self._menu)
        self.activated.connect(self._on_activated)
        self._retranslate()
        on_language_changed(lambda _lang: self._retranslate())

    def _retranslate(self) -> None:
        self.setToolTip(_("Travel Card Companion"))
        self._menu.clear()
        self._menu.addAction(_("Show Travel Card Companion"), self._show_window)
        self._menu.addSeparator()
        self._menu.addAction(_("Quit"), lambda: self._window.quit_app())  # type: ignore[attr-defined]

    def _show_window(self) -> None:
        self._window.bring_to_front()  # type: ignore[attr-defined]

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self._show_window()
