"""Reminders while the app is closed: a per-user scheduled run of
``companion reminders --notify``, registered with the platform's own scheduler.

Why the platform's scheduler and not a resident process of ours: it survives
logout and sleep, costs nothing between runs, and the user can see and
remove it with the system's own tools. Every 30 minutes and at login:

- Linux with a systemd user session: a ``.service`` and a ``.timer`` under
  ``~/.config/systemd/user`` (enabled with ``systemctl --user``).
- Linux without one: an XDG autostart entry that starts the command with
  ``--watch 30`` at login, so it checks every 30 minutes while logged in.
- macOS: a LaunchAgent with ``StartInterval`` and ``RunAtLoad``.
- Windows: a per-user Task Scheduler task (logon trigger plus a 30-minute
  repetition), defined in XML and registered with ``schtasks``.

Switching it off runs the matching "off" commands and removes every file
that switching it on wrote. Paths are quoted for each format, and the
entry carries ``--data-dir`` when the app runs on a folder of its own.
"""

from __future__ import annotations

import os
import plistlib
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from companion import APP_ID, atomic_write

INTERVAL_MINUTES = 30
UNIT = f"{APP_ID}.reminders"
TASK_NAME = "Travel Card Companion reminders"

Runner = Callable[[Sequence[str]], int]
#: ASCII control characters: systemd reads its files line by line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _run(argv: Sequence[str]) -> int:
    try:
        return subprocess.run(list(argv), check=False, capture_output=True, timeout=60).returncode
    except (OSError, subprocess.TimeoutExpired):
        return 127


def reminder_command(data_dir: Path | None = None) -> list[str]:
    """How this installation runs ``reminders --notify`` (frozen bundle or Python)."""
    base = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "companion"]
    if data_dir is not None:
        base += ["--data-dir", str(data_dir)]
    return [*base, "reminders", "--notify"]


def systemd_quote(arg: str) -> str:
    """One ExecStart word: specifiers (%) and variables ($) doubled, quotes escaped.

    A control character (a line break in a folder name) is written as a C
    escape: raw, it would end the line and start a directive of its own.
    """
    arg = arg.replace("%", "%%").replace("$", "$$")
    if arg and not any(c in arg for c in " \t\n\"'\\;") and not _CONTROL.search(arg):
        return arg
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"')
    escaped = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", escaped)
    return '"' + escaped + '"'


def desktop_quote(arg: str) -> str:
    """One word of a Desktop Entry Exec line (the spec's quoting and %-escaping)."""
    arg = arg.replace("%", "%%")
    if arg and not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`"):
        return arg
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
    # The key file's own escapes: a raw line break would end the Exec line.
    for raw, written in (("\n", "\\n"), ("\t", "\\t"), ("\r", "\\r")):
        escaped = escaped.replace(raw, written)
    return '"' + escaped + '"'


@dataclass(frozen=True)
class PlannedFile:
    path: Path
    content: bytes


class ReminderSchedule:
    """``platform`` is ``sys.platform``; ``home`` the user's home folder;
    ``config_home`` the XDG config folder. ``runner`` runs the platform's
    tools (systemctl, launchctl, schtasks) and is replaced in tests."""

    def __init__(
        self,
        platform: str,
        home: Path,
        config_home: Path,
        command: list[str],
        runner: Runner = _run,
        systemd_user: bool | None = None,
    ) -> None:
        self.platform = platform
        self.home = home
        self.config_home = config_home
        self.command = command
        self.runner = runner
        self.systemd_user = _has_systemd_user() if systemd_user is None else systemd_user

    # ----- what is written ------------------------------------------------------
    @property
    def kind(self) -> str:
        if self.platform == "darwin":
            return "launchd"
        if self.platform == "win32":
            return "task-scheduler"
        return "systemd" if self.systemd_user else "autostart"

    def planned_files(self) -> list[PlannedFile]:
        kind = self.kind
        if kind == "systemd":
            folder = self.config_home / "systemd" / "user"
            return [
                PlannedFile(folder / f"{UNIT}.service", self.systemd_service().encode()),
                PlannedFile(folder / f"{UNIT}.timer", self.systemd_timer().encode()),
            ]
        if kind == "autostart":
            path = self.config_home / "autostart" / f"{UNIT}.desktop"
            return [PlannedFile(path, self.autostart_entry().encode())]
        if kind == "launchd":
            path = self.home / "Library" / "LaunchAgents" / f"{UNIT}.plist"
            return [PlannedFile(path, self.launch_agent())]
        folder = self.config_home / "TravelCardCompanion"
        return [PlannedFile(folder / "reminders-task.xml", self.task_xml().encode("utf-16"))]

    def systemd_service(self) -> str:
        exec_line = " ".join(systemd_quote(a) for a in self.command)
        return (
            "[Unit]\n"
            "Description=Travel Card Companion: show due renewal reminders\n\n"
            "[Service]\n"
            "Type=oneshot\n"
            f"ExecStart={exec_line}\n"
        )

    def systemd_timer(self) -> str:
        return (
            "[Unit]\n"
            "Description=Travel Card Companion: check renewal reminders every "
            f"{INTERVAL_MINUTES} minutes\n\n"
            "[Timer]\n"
            "OnStartupSec=1min\n"
            f"OnUnitActiveSec={INTERVAL_MINUTES}min\n"
            "AccuracySec=1min\n\n"
            "[Install]\n"
            "WantedBy=timers.target\n"
        )

    def autostart_entry(self) -> str:
        words = [*self.command, "--watch", str(INTERVAL_MINUTES)]
        return (
            "[Desktop Entry]\n"
            "Type=Application\n"
            "Name=Travel Card Companion reminders\n"
            "Comment=Shows renewal reminders while the app is closed\n"
            f"Exec={' '.join(desktop_quote(w) for w in words)}\n"
            f"Icon={APP_ID}\n"
            "Terminal=false\n"
            "NoDisplay=true\n"
            "X-GNOME-Autostart-enabled=true\n"
        )

    def launch_agent(self) -> bytes:
        return plistlib.dumps({
            "Label": UNIT,
            "ProgramArguments": self.command,
            "StartInterval": INTERVAL_MINUTES * 60,
            "RunAtLoad": True,
            "ProcessType": "Background",
        })

    def task_xml(self) -> str:
        program, arguments = self.command[0], subprocess.list2cmdline(self.command[1:])
        return (
            '<?xml version="1.0" encoding="UTF-16"?>\n'
            '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">\n'
            "  <RegistrationInfo><Description>Shows Travel Card Companion's renewal reminders"
            " while the app is closed.</Description></RegistrationInfo>\n"
            "  <Triggers>\n"
            "    <LogonTrigger><Enabled>true</Enabled>\n"
            f"      <Repetition><Interval>PT{INTERVAL_MINUTES}M</Interval></Repetition>\n"
            "    </LogonTrigger>\n"
            "  </Triggers>\n"
            "  <Principals><Principal id=\"Author\"><LogonType>InteractiveToken</LogonType>"
            "<RunLevel>LeastPrivilege</RunLevel></Principal></Principals>\n"
            "  <Settings><MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>"
            "<DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>"
            "<StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>"
            "<StartWhenAvailable>true</StartWhenAvailable>"
            "<ExecutionTimeLimit>PT5M</ExecutionTimeLimit></Settings>\n"
            '  <Actions Context="Author"><Exec>\n'
            f"    <Command>{escape(program)}</Command>\n"
            f"    <Arguments>{escape(arguments)}</Arguments>\n"
            "  </Exec></Actions>\n"
            "</Task>\n"
        )

    # ----- on and off ----------------------------------------------------------
    def is_enabled(self) -> bool:
        """On only when the files are exactly the ones this command would write.

        The files have one fixed name; an entry written for another data
        folder (or by an older installation) does not remind of this one.
        """
        return all(f.path.is_file() and f.path.read_bytes() == f.content
                   for f in self.planned_files())

    def enable(self) -> bool:
        """Write the files and register them; False if the platform tool refused."""
        for planned in self.planned_files():
            _write(planned)
        kind = self.kind
        if kind == "systemd":
            self.runner(["systemctl", "--user", "daemon-reload"])
            return self.runner(["systemctl", "--user", "enable", "--now", f"{UNIT}.timer"]) == 0
        if kind == "launchd":
            path = str(self.planned_files()[0].path)
            return self.runner(["launchctl", "bootstrap", f"gui/{os.getuid()}", path]) == 0
        if kind == "task-scheduler":
            xml = str(self.planned_files()[0].path)
            return self.runner(["schtasks", "/Create", "/TN", TASK_NAME, "/XML", xml, "/F"]) == 0
        return True

    def disable(self) -> None:
        """Unregister, then remove exactly the files ``enable`` wrote."""
        kind = self.kind
        if kind == "systemd":
            self.runner(["systemctl", "--user", "disable", "--now", f"{UNIT}.timer"])
        elif kind == "launchd":
            self.runner(["launchctl", "bootout", f"gui/{os.getuid()}/{UNIT}"])
        elif kind == "task-scheduler":
            self.runner(["schtasks", "/Delete", "/TN", TASK_NAME, "/F"])
        for planned in self.planned_files():
            planned.path.unlink(missing_ok=True)
        if kind == "systemd":
            self.runner(["systemctl", "--user", "daemon-reload"])


def _write(planned: PlannedFile) -> None:
    planned.path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write.write_bytes(planned.path, planned.content)


def _has_systemd_user() -> bool:
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    return bool(
        shutil.which("systemctl") and runtime and Path(runtime, "systemd").is_dir()
    )


def default_schedule(data_dir: Path | None) -> ReminderSchedule:
    """The real locations for this platform (never used by tests)."""
    import platformdirs

    home = Path.home()
    config = Path(platformdirs.user_config_dir()) if sys.platform != "darwin" else home
    return ReminderSchedule(sys.platform, home, config, reminder_command(data_dir))
