"""Reminders while the app is closed: the scheduler entries for each platform,
checked with the platforms' own tools where this machine has them, and the
Linux path end to end against a real notification server."""

from __future__ import annotations

import plistlib
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

import pytest

from companion.desktop.autostart import Autostart, launch_command
from companion.desktop.scheduler import (
    INTERVAL_MINUTES,
    ReminderSchedule,
    reminder_command,
    systemd_quote,
)
from companion.paths import custom_data_dir, data_paths

#: A data folder a real user might have: spaces, a percent sign, a dollar, quotes.
AWKWARD = Path("/tmp/My Cards 100% $HOME \"x\" it's")


class Recorder:
    def __init__(self, code: int = 0) -> None:
        self.calls: list[list[str]] = []
        self.code = code

    def __call__(self, argv: Sequence[str]) -> int:
        self.calls.append(list(argv))
        return self.code


def _schedule(tmp_path: Path, platform: str, systemd: bool = True) -> tuple[ReminderSchedule, Recorder]:
    runner = Recorder()
    schedule = ReminderSchedule(
        platform, tmp_path / "home", tmp_path / "config", reminder_command(AWKWARD),
        runner=runner, systemd_user=systemd,
    )
    return schedule, runner


def _unquote_systemd(line: str) -> list[str]:
    """systemd splits ExecStart like a shell for quotes and backslashes; then
    %% and $$ stand for % and $."""
    return [w.replace("%%", "%").replace("$$", "$") for w in shlex.split(line)]


def _unquote_desktop_exec(line: str) -> list[str]:
    """The Desktop Entry spec's Exec rules: words split on spaces; inside
    double quotes a backslash escapes ", `, $ and itself; %% is a percent sign."""
    words, word, quoted, i, started = [], "", False, 0, False
    while i < len(line):
        c = line[i]
        if quoted and c == "\\" and i + 1 < len(line) and line[i + 1] in '"`$\\':
            word += line[i + 1]
            i += 2
            continue
        if c == '"':
            quoted, started = not quoted, True
        elif c == " " and not quoted:
            if started:
                words.append(word)
            word, started = "", False
        else:
            word, started = word + c, True
        i += 1
    if started:
        words.append(word)
    return [w.replace("%%", "%") for w in words]


def _files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


# ----- Linux with systemd ---------------------------------------------------------------
def test_systemd_units_carry_the_exact_command(tmp_path: Path) -> None:
    schedule, _runner = _schedule(tmp_path, "linux")
    service, timer = schedule.planned_files()
    assert service.path.parent == tmp_path / "config" / "systemd" / "user"
    exec_line = next(
        line.removeprefix("ExecStart=") for line in service.content.decode().splitlines()
        if line.startswith("ExecStart=")
    )
    assert _unquote_systemd(exec_line) == reminder_command(AWKWARD)
    assert f"OnUnitActiveSec={INTERVAL_MINUTES}min" in timer.content.decode()
    assert "OnStartupSec=" in timer.content.decode()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_systemd_analyze_verifies_the_units(tmp_path: Path) -> None:
    schedule, _runner = _schedule(tmp_path, "linux")
    schedule.enable()
    paths = [str(f.path) for f in schedule.planned_files()]
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *paths],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    # And the check is not a formality: a relative program is refused.
    broken = tmp_path / "broken.service"
    broken.write_text("[Service]\nType=oneshot\nExecStart=companion reminders\n", encoding="utf-8")
    bad = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", str(broken)],
        capture_output=True, text=True, check=False,
    )
    assert bad.returncode != 0 or "relative" in bad.stderr.lower() or "invalid" in bad.stderr.lower()


def test_enable_registers_and_disable_removes_everything(tmp_path: Path) -> None:
    schedule, runner = _schedule(tmp_path, "linux")
    assert not schedule.is_enabled()
    assert schedule.enable()
    assert schedule.is_enabled()
    assert ["systemctl", "--user", "enable", "--now", f"{schedule.planned_files()[1].path.name}"] in runner.calls
    schedule.disable()
    assert not schedule.is_enabled()
    assert _files_under(tmp_path) == []
    assert runner.calls[-2][:4] == ["systemctl", "--user", "disable", "--now"]
    assert runner.calls[-1] == ["systemctl", "--user", "daemon-reload"]


# ----- Linux without systemd -------------------------------------------------------------
def test_autostart_fallback_checks_every_30_minutes(tmp_path: Path) -> None:
    schedule, runner = _schedule(tmp_path, "linux", systemd=False)
    assert schedule.kind == "autostart"
    schedule.enable()
    [entry] = _files_under(tmp_path)
    assert entry.parent.name == "autostart" and entry.suffix == ".desktop"
    text = entry.read_text(encoding="utf-8")
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    words = _unquote_desktop_exec(exec_line.removeprefix("Exec="))
    assert words == [*reminder_command(AWKWARD), "--watch", "30"]
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
    assert runner.calls == []
    schedule.disable()
    assert _files_under(tmp_path) == []


# ----- macOS and Windows (generated and parsed here; not run on those systems) ---------
def test_launch_agent_plist(tmp_path: Path) -> None:
    schedule, runner = _schedule(tmp_path, "darwin")
    schedule.enable()
    [plist] = _files_under(tmp_path)
    assert plist.parent == tmp_path / "home" / "Library" / "LaunchAgents"
    data = plistlib.loads(plist.read_bytes())
    assert data["ProgramArguments"] == reminder_command(AWKWARD)
    assert data["StartInterval"] == INTERVAL_MINUTES * 60 and data["RunAtLoad"] is True
    assert runner.calls[0][:2] == ["launchctl", "bootstrap"]
    schedule.disable()
    assert runner.calls[-1][:2] == ["launchctl", "bootout"]
    assert _files_under(tmp_path) == []


def test_windows_task_definition(tmp_path: Path) -> None:
    schedule, runner = _schedule(tmp_path, "win32")
    schedule.enable()
    [xml_file] = _files_under(tmp_path)
    root = ET.fromstring(xml_file.read_bytes().decode("utf-16"))
    ns = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}
    assert root.find("t:Triggers/t:LogonTrigger/t:Repetition/t:Interval", ns).text == "PT30M"  # type: ignore[union-attr]
    command = root.find("t:Actions/t:Exec/t:Command", ns).text  # type: ignore[union-attr]
    arguments = root.find("t:Actions/t:Exec/t:Arguments", ns).text  # type: ignore[union-attr]
    assert command == sys.executable
    assert arguments == subprocess.list2cmdline(reminder_command(AWKWARD)[1:])
    assert runner.calls[0][:2] == ["schtasks", "/Create"]
    schedule.disable()
    assert runner.calls[-1][:2] == ["schtasks", "/Delete"]
    assert _files_under(tmp_path) == []


def test_systemd_quoting_of_nasty_words() -> None:
    for word in ["plain", "with space", "100%", "$HOME", 'say "hi"', "back\\slash", "it's", ""]:
        assert _unquote_systemd(systemd_quote(word)) == [word]


# ----- start at login keeps the data folder -------------------------------------------
def test_start_at_login_carries_the_data_folder(tmp_path: Path) -> None:
    auto = Autostart("linux", tmp_path / "cfg", launch_command(AWKWARD))
    auto.enable()
    text = auto.path.read_text(encoding="utf-8")  # type: ignore[union-attr]
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    words = _unquote_desktop_exec(exec_line.removeprefix("Exec="))
    assert words[words.index("--data-dir") + 1] == str(AWKWARD)
    assert words[-1] == "--minimized"


def test_only_a_custom_data_folder_is_written_into_entries(tmp_path: Path) -> None:
    assert custom_data_dir(data_paths(None)) is None
    assert custom_data_dir(data_paths(tmp_path)) == tmp_path.resolve()


# ----- macOS notification command -------------------------------------------------------
def test_macos_notification_passes_text_as_arguments_never_as_script() -> None:
    from companion.desktop.platform_notify import AppleScriptNotifier

    nasty = 'MTS" & (do shell script "rm -rf ~") & "'
    argv = AppleScriptNotifier("/usr/bin/osascript").command("Renewal reminder", nasty)
    scripts = [argv[i + 1] for i, word in enumerate(argv) if word == "-e"]
    assert all(nasty not in line for line in scripts)
    assert argv[-2:] == ["Renewal reminder", nasty]
    assert "display notification (item 2 of argv) with title (item 1 of argv)" in scripts


def test_each_platform_gets_its_own_notifier(monkeypatch: pytest.MonkeyPatch) -> None:
    from companion.desktop import platform_notify

    monkeypatch.setattr(platform_notify.shutil, "which", lambda name: f"/usr/bin/{name}")
    assert isinstance(platform_notify.open_notifier("darwin"), platform_notify.AppleScriptNotifier)
    monkeypatch.setattr(platform_notify.shutil, "which", lambda name: None)
    assert platform_notify.open_notifier("darwin") is None


def test_the_windows_balloon_notifier_shows_and_ends(qapp: object) -> None:
    """Run here offscreen (no tray): it must show, count and close without error.
    Whether Windows shows the balloon as a toast is not verified here."""
    from companion.ui.reminders.tray_balloon import TrayBalloonNotifier

    notifier = TrayBalloonNotifier(linger_ms=10)
    assert notifier.notify("Renewal reminder", "MTS expires in 1 day") == 1
    notifier.close()
    assert not notifier.tray.isVisible()
