"""The desktop notification service of the platform the command runs on.

Why per platform: Linux desktops share one D-Bus service for notifications
(freedesktop_notify.py). macOS has none on D-Bus; there the system's own
``osascript`` shows a notification (``display notification``), with the
texts passed as arguments, never spliced into the script, so nothing a user
typed can change what runs. On Windows a short-lived tray icon shows a
balloon, which Windows 10 and 11 show as a toast: the one path there that
needs no extra package. A tray icon is a widget, so it lives with the
widgets (ui/reminders/tray_balloon) and the command picks it on Windows;
this room holds no widgets.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from typing import Protocol

from companion.desktop.freedesktop_notify import DesktopNotifications

_APPLESCRIPT = (
    "on run argv",
    "display notification (item 2 of argv) with title (item 1 of argv)",
    "end run",
)


class NotifyFailed(Exception):
    """The platform's notification command did not show the notification."""


class Notifier(Protocol):
    def notify(self, summary: str, body: str) -> object: ...
    def close(self) -> None: ...


class AppleScriptNotifier:
    """macOS: ``osascript`` shows the notification under Script Editor's name."""

    def __init__(self, osascript: str) -> None:
        self.osascript = osascript

    def command(self, summary: str, body: str) -> list[str]:
        script: list[str] = []
        for line in _APPLESCRIPT:
            script += ["-e", line]
        return [self.osascript, *script, summary, body]

    def notify(self, summary: str, body: str) -> object:
        try:
            done = subprocess.run(
                self.command(summary, body), capture_output=True, timeout=20, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise NotifyFailed(f"osascript failed: {exc}") from exc
        if done.returncode != 0:
            raise NotifyFailed(f"osascript: {done.stderr.decode(errors='replace')[:200]}")
        return done.returncode

    def close(self) -> None:
        return None


def open_notifier(platform: str = sys.platform) -> Notifier | None:
    """This platform's notification service, or None where there is none
    (and on Windows, whose tray balloon is a widget: see ui/reminders/tray_balloon)."""
    if platform == "darwin":
        found = shutil.which("osascript")
        return AppleScriptNotifier(found) if found else None
    if platform == "win32":
        return None
    return DesktopNotifications.open()
