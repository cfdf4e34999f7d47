"""Start at login: an XDG autostart file, the HKCU Run entry, or a LaunchAgent.

Why an injectable base directory: tests must never write into the real home,
and switching the option off must remove exactly what switching it on wrote.
"""

from __future__ import annotations

import importlib
import plistlib
import sys
from pathlib import Path
from typing import Any, Protocol

from companion import APP_ID, atomic_write
from companion.desktop.scheduler import desktop_quote

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = "TravelCardCompanion"


def launch_command(data_dir: Path | None = None) -> list[str]:
    """How to start this very installation, minimised to the tray, on the
    data folder it runs on now (``--data-dir`` only when that is not the default)."""
    base = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "companion"]
    if data_dir is not None:
        base += ["--data-dir", str(data_dir)]
    return [*base, "--minimized"]


class RunRegistry(Protocol):
    """The per-user Run key (a dict stands in for it in tests)."""

    def get(self, name: str) -> str | None: ...
    def set(self, name: str, value: str) -> None: ...
    def delete(self, name: str) -> None: ...


def _winreg() -> Any:
    # Imported by name: the module exists only on Windows, and mypy checks
    # this file on every platform.
    return importlib.import_module("winreg")


class WindowsRunRegistry:
    def get(self, name: str) -> str | None:
        winreg = _winreg()

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                return str(winreg.QueryValueEx(key, name)[0])
        except OSError:
            return None

    def set(self, name: str, value: str) -> None:
        winreg = _winreg()

        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            winreg.SetValueEx(key, name, 0, winreg.REG_SZ, value)

    def delete(self, name: str) -> None:
        winreg = _winreg()

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, name)
        except OSError:
            pass


class Autostart:
    """``platform`` is ``sys.platform``; ``base`` is the XDG config home (Linux)
    or the home folder (macOS)."""

    def __init__(
        self,
        platform: str,
        base: Path,
        command: list[str] | None = None,
        registry: RunRegistry | None = None,
    ) -> None:
        self.platform = platform
        self.base = base
        self.command = command or launch_command()
        self.registry = registry

    @property
    def path(self) -> Path | None:
        if self.platform.startswith("linux") or "bsd" in self.platform:
            return self.base / "autostart" / f"{APP_ID}.desktop"
        if self.platform == "darwin":
            return self.base / "Library" / "LaunchAgents" / f"{APP_ID}.plist"
        return None

    def _registry(self) -> RunRegistry:
        return self.registry or WindowsRunRegistry()

    def is_enabled(self) -> bool:
        """On only when the entry starts this command (this data folder): the
        entry has one fixed name, shared by every data folder."""
        if self.platform == "win32":
            return self._registry().get(RUN_VALUE) == _windows_command(self.command)
        path = self.path
        return path is not None and path.is_file() and path.read_bytes() == self._content(path)

    def set_enabled(self, enabled: bool) -> None:
        if enabled:
            self.enable()
        else:
            self.disable()

    def enable(self) -> None:
        if self.platform == "win32":
            self._registry().set(RUN_VALUE, _windows_command(self.command))
            return
        path = self.path
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        data = self._content(path)
        atomic_write.write_bytes(path, data)

    def disable(self) -> None:
        if self.platform == "win32":
            self._registry().delete(RUN_VALUE)
            return
        path = self.path
        if path is not None:
            path.unlink(missing_ok=True)

    def _content(self, path: Path) -> bytes:
        return self._desktop_file() if path.suffix == ".desktop" else self._plist()

    def _desktop_file(self) -> bytes:
        exec_line = " ".join(desktop_quote(arg) for arg in self.command)
        return (
            "[Desktop Entry]\n"
            "Type=Application\n"
            "Name=Travel Card Companion\n"
            "Comment=Renewal reminders for your SIM, eSIM and transport cards\n"
            f"Exec={exec_line}\n"
            f"Icon={APP_ID}\n"
            "Terminal=false\n"
            "X-GNOME-Autostart-enabled=true\n"
        ).encode()

    def _plist(self) -> bytes:
        return plistlib.dumps(
            {"Label": APP_ID, "ProgramArguments": self.command, "RunAtLoad": True}
        )


def _windows_command(command: list[str]) -> str:
    import subprocess

    return subprocess.list2cmdline(command)


def default_autostart(data_dir: Path | None = None) -> Autostart:
    """The real locations for this platform (never used by tests)."""
    import platformdirs

    command = launch_command(data_dir)
    if sys.platform == "darwin":
        return Autostart(sys.platform, Path.home(), command)
    return Autostart(sys.platform, Path(platformdirs.user_config_dir()), command)


