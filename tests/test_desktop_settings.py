"""Settings → Desktop → "Remind me even when the app is closed", as the user clicks it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from companion.desktop.scheduler import ReminderSchedule, reminder_command
from companion.ui.settings_page import SettingsPage


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


@pytest.fixture
def schedule_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    state: dict[str, Any] = {"code": 0, "calls": [], "root": tmp_path / "sched"}

    def make(self: SettingsPage) -> ReminderSchedule:
        def runner(argv: Any) -> int:
            state["calls"].append(list(argv))
            return int(state["code"])

        return ReminderSchedule(
            "linux", state["root"] / "home", state["root"] / "config",
            reminder_command(self.ctx.paths.root), runner=runner, systemd_user=True,
        )

    monkeypatch.setattr(SettingsPage, "reminder_schedule", make)
    return state


def _page(main_window: Any) -> SettingsPage:
    main_window.show_section("settings")
    page = main_window.page("settings")
    assert isinstance(page, SettingsPage)
    return page


def test_switching_on_and_off(main_window: Any, schedule_root: dict[str, Any]) -> None:
    page = _page(main_window)
    assert not page.closed_box.isChecked()
    page.closed_box.click()
    service, timer = _files(schedule_root["root"])
    assert {service.suffix, timer.suffix} == {".service", ".timer"}
    assert str(main_window.ctx.paths.root) in service.read_text()
    assert "every 30 minutes" in page.status.text()
    page.closed_box.click()
    assert _files(schedule_root["root"]) == []
    assert not page.closed_box.isChecked()


def test_the_box_shows_what_is_registered(
    main_window: Any, schedule_root: dict[str, Any], qtbot: Any
) -> None:
    page = _page(main_window)
    page.closed_box.click()
    main_window.reload_pages()
    qtbot.waitUntil(lambda: main_window.page("settings") is not page)
    assert _page(main_window).closed_box.isChecked()


def test_a_refusing_scheduler_leaves_nothing(main_window: Any, schedule_root: dict[str, Any]) -> None:
    schedule_root["code"] = 1
    page = _page(main_window)
    page.closed_box.click()
    assert not page.closed_box.isChecked()
    assert _files(schedule_root["root"]) == []
    assert "did not accept" in page.status.text()
