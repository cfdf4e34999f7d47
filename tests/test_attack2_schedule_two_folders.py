"""Two data folders and one scheduled reminder run: the tick tells the truth.

Found attacking issue 19: the scheduler's files have one fixed name, and
"Remind me even when the app is closed" counted as on whenever they existed.
Switched on for folder A, it showed ticked in folder B too, although the
scheduled run checks only A's cards: B's user believed they were covered.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from companion.desktop.autostart import Autostart, launch_command
from companion.desktop.scheduler import ReminderSchedule, reminder_command


def _ok(argv: Sequence[str]) -> int:
    return 0


@pytest.mark.parametrize("systemd", [True, False])
def test_a_schedule_for_another_folder_is_not_this_folders(tmp_path: Path, systemd: bool) -> None:
    def schedule(folder: str | None) -> ReminderSchedule:
        return ReminderSchedule(
            "linux", tmp_path / "home", tmp_path / "config",
            reminder_command(None if folder is None else tmp_path / folder),
            runner=_ok, systemd_user=systemd,
        )

    first, second, default = schedule("A"), schedule("B"), schedule(None)
    assert first.enable()
    assert first.is_enabled()
    assert not second.is_enabled()
    assert not default.is_enabled()
    assert second.enable()  # switching it on for B moves it to B, visibly
    assert second.is_enabled() and not first.is_enabled()


def test_start_at_login_for_another_folder_is_not_this_folders(tmp_path: Path) -> None:
    first = Autostart("linux", tmp_path / "cfg", launch_command(tmp_path / "A"))
    second = Autostart("linux", tmp_path / "cfg", launch_command(tmp_path / "B"))
    first.enable()
    assert first.is_enabled()
    assert not second.is_enabled()
