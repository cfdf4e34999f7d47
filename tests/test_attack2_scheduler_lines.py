"""A data folder whose name holds a line break cannot add lines to a unit or entry.

Found attacking issue 19: the systemd service and the XDG autostart entry
quoted the data folder, but a line break inside the quotes ended the line,
so ``--data-dir "/tmp/x<LF>ExecStartPre=/bin/sh -c …"`` wrote a second
directive into the user's service, and the entry's remaining words became a
line the desktop rejects. A line break is written as an escape instead.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from companion.desktop.autostart import Autostart, launch_command
from companion.desktop.scheduler import ReminderSchedule, reminder_command

NASTY = Path("/tmp/cards\nExecStartPre=/bin/touch /tmp/pwned\t\r end")


def _no_tools(argv: Sequence[str]) -> int:
    return 0


def _c_unescape_systemd(line: str) -> list[str]:
    """systemd's ExecStart splitting: quotes group, C escapes decode, %% and $$ halve."""
    words: list[str] = []
    for match in re.finditer(r'"((?:[^"\\]|\\.)*)"|(\S+)', line):
        raw = match.group(1) if match.group(1) is not None else match.group(2)
        raw = re.sub(
            r"\\(x[0-9a-fA-F]{2}|.)",
            lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1))
            or (chr(int(m.group(1)[1:], 16)) if m.group(1).startswith("x") else m.group(1)),
            raw,
        )
        words.append(raw.replace("%%", "%").replace("$$", "$"))
    return words


def test_a_line_break_in_the_data_folder_stays_inside_execstart(tmp_path: Path) -> None:
    schedule = ReminderSchedule(
        "linux", tmp_path / "home", tmp_path / "config", reminder_command(NASTY),
        runner=_no_tools, systemd_user=True,
    )
    service = schedule.planned_files()[0].content.decode()
    lines = service.splitlines()
    assert [ln.split("=")[0] for ln in lines if "=" in ln] == ["Description", "Type", "ExecStart"]
    exec_line = next(ln for ln in lines if ln.startswith("ExecStart=")).removeprefix("ExecStart=")
    assert _c_unescape_systemd(exec_line) == reminder_command(NASTY)
    if shutil.which("systemd-analyze"):
        schedule.enable()
        paths = [str(f.path) for f in schedule.planned_files()]
        done = subprocess.run(
            ["systemd-analyze", "verify", "--man=no", *paths],
            capture_output=True, text=True, check=False,
        )
        assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("which", ["reminders", "start at login"])
def test_a_line_break_in_the_data_folder_stays_inside_the_exec_key(
    tmp_path: Path, which: str
) -> None:
    if which == "reminders":
        schedule = ReminderSchedule(
            "linux", tmp_path / "home", tmp_path / "config", reminder_command(NASTY),
            runner=_no_tools, systemd_user=False,
        )
        text = schedule.planned_files()[0].content.decode()
    else:
        auto = Autostart("linux", tmp_path / "cfg", launch_command(NASTY))
        auto.enable()
        text = auto.path.read_text(encoding="utf-8")  # type: ignore[union-attr]
    keys = [ln.split("=")[0] for ln in text.splitlines()[1:]]
    assert all(re.fullmatch(r"[A-Za-z0-9-]+", k) for k in keys), text
    assert keys.count("Exec") == 1
    exec_value = next(ln for ln in text.splitlines() if ln.startswith("Exec="))
    assert "\\n" in exec_value and "\\t" in exec_value and "\\r" in exec_value
