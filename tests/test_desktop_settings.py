"""Settings → Desktop → "Remind me even when the app is closed", as the user clicks it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from companion.desktop.scheduler import ReminderSchedule, reminder_command
from companion.ui.settings.settings_page import SettingsPage


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


def _save_first_card(main_window: Any, qtbot: Any) -> Any:
    import datetime as dt

    from companion.domain.card import Card
    from companion.domain.expiry import Expiry

    main_window.show_section("cards")
    page = main_window.page("cards")
    dialog = type("Saved", (), {})()
    dialog.result_card = Card("MTS", expiry=Expiry(dt.datetime(2027, 1, 20, 23, 59), "Europe/Moscow"))
    page._card_saved(dialog)
    return page


@pytest.fixture
def offered_schedule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    from companion.ui.reminders import closed_reminders

    state: dict[str, Any] = {"root": tmp_path / "sched"}

    def make(ctx: Any) -> ReminderSchedule:
        return ReminderSchedule(
            "linux", state["root"] / "home", state["root"] / "config",
            reminder_command(ctx.paths.root), runner=lambda argv: 0, systemd_user=True,
        )

    monkeypatch.setattr(closed_reminders, "schedule_for", make)
    return state


def test_the_first_card_with_an_expiry_offers_reminders_while_closed(
    main_window: Any, qtbot: Any, offered_schedule: dict[str, Any]
) -> None:
    from PySide6.QtWidgets import QMessageBox

    page = _save_first_card(main_window, qtbot)
    box = page.dialog
    assert isinstance(box, QMessageBox)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.Yes).click()
    assert len(_files(offered_schedule["root"])) == 2
    # Asked once: the next card does not ask again.
    page2 = _save_first_card(main_window, qtbot)
    assert page2.dialog is box  # no new question was opened


def test_declining_the_offer_registers_nothing(
    main_window: Any, qtbot: Any, offered_schedule: dict[str, Any]
) -> None:
    from PySide6.QtWidgets import QMessageBox

    page = _save_first_card(main_window, qtbot)
    page.dialog.button(QMessageBox.StandardButton.No).click()
    assert _files(offered_schedule["root"]) == []
