"""The main window as a user meets it: sections, shortcuts, language, settings."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QTableWidget

from companion.services.context import AppContext
from companion.ui.shell.main_window import SECTIONS, MainWindow


def _section_texts(window: MainWindow) -> list[str]:
    return window.section_names()


def test_four_sections_with_shortcuts(qtbot: Any, main_window: MainWindow) -> None:
    assert _section_texts(main_window) == ["Guide", "Cards", "Receipts", "Settings"]
    for index, section in enumerate(SECTIONS):
        qtbot.keyClick(main_window, Qt.Key.Key_1 + index, Qt.KeyboardModifier.ControlModifier)
        assert main_window.current_section() == section.key
    assert main_window.statusBar().currentMessage()


def test_language_switch_relabels_everything_without_restart(
    qtbot: Any, main_window: MainWindow
) -> None:
    main_window.show_section("settings")
    page = main_window.page("settings")
    page.language_box.setCurrentIndex(page.language_box.findData("ru"))  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: _section_texts(main_window)[0] == "Справочник")
    assert _section_texts(main_window) == ["Справочник", "Карты", "Чеки", "Настройки"]
    assert main_window.windowTitle() == "Travel Card Companion"
    assert [a.text() for a in main_window.menuBar().actions()] == ["&Файл", "&Вид", "&Справка"]
    assert main_window.current_section() == "settings"
    assert main_window.ctx.settings.load().language == "ru"

    main_window.change_language("zh_Hans")
    qtbot.waitUntil(lambda: _section_texts(main_window)[0] == "指南")
    assert _section_texts(main_window) == ["指南", "卡片", "收据", "设置"]


def test_settings_are_saved_as_they_change(main_window: MainWindow) -> None:
    page: Any = main_window.page("settings")
    page.currency_box.setCurrentIndex(page.currency_box.findData("EUR"))
    page.lead_boxes[7].setChecked(False)
    page.tray_box.setChecked(True)
    saved = main_window.ctx.settings.load()
    assert saved.default_currency == "EUR"
    assert 7 not in saved.reminder_lead_days
    assert saved.close_to_tray is True
    assert page.status.text() == "Saved."


def test_window_remembers_its_size(qtbot: Any, ctx: Any) -> None:
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.show()
    # Not the opening size, and not below the minimum the pages' layouts set.
    size = (first.minimumWidth(), 530)
    first.resize(*size)
    first.close()
    second = MainWindow(ctx)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == size


def test_window_reads_the_size_older_versions_saved_and_ignores_a_broken_one(
    qtbot: Any, ctx: Any
) -> None:
    """The geometry is Base64 text in the settings: what QByteArray.toBase64
    wrote before is read back the same; text that is not Base64, or not a
    geometry, opens the window at its default size instead of failing."""
    from PySide6.QtCore import QByteArray

    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.show()
    size = (first.minimumWidth(), 530)
    first.resize(*size)
    old_text = bytes(QByteArray(first.saveGeometry()).toBase64().data()).decode("ascii")
    first.close()
    ctx.settings.set_raw("ui.geometry", old_text)
    second = MainWindow(ctx)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == size
    default = None
    for broken in ("not base64 at all!", "QUJD", "", "====", "\u00e9t\u00e9"):
        ctx.settings.set_raw("ui.geometry", broken)
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        default = default or (window.width(), window.height())
        assert (window.width(), window.height()) == default != size


def test_about_dialog_shows_version_and_data_folder(qtbot: Any, main_window: MainWindow) -> None:
    from companion.ui.shell.about_dialog import AboutDialog

    dialog = AboutDialog(main_window.ctx, main_window)
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("0.1.0" in t for t in texts)
    assert any(str(main_window.ctx.paths.root) in t for t in texts)
    assert dialog.open_button.text() == "&Open data folder"


def test_shortcut_list_names_every_section(qtbot: Any, main_window: MainWindow) -> None:
    from companion.ui.shell.shortcuts_dialog import ShortcutsDialog

    dialog = ShortcutsDialog(main_window)
    qtbot.addWidget(dialog)
    table = dialog.findChild(QTableWidget)
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["Guide"] == "Ctrl+1"
    assert rows["Settings"] == "Ctrl+4"


def test_first_run_welcome_sets_language_and_opens_the_guide(
    qtbot: Any, ctx: Any, monkeypatch: Any
) -> None:
    from companion.ui.shell import welcome_dialog

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    seen: dict[str, str] = {}

    def fake_exec(dialog: QDialog) -> int:
        dialog.language_box.setCurrentIndex(dialog.language_box.findData("ru"))  # type: ignore[attr-defined]
        seen["title"] = dialog.title.text()  # type: ignore[attr-defined]
        dialog.guide_button.click()  # type: ignore[attr-defined]
        return 1

    monkeypatch.setattr(welcome_dialog.WelcomeDialog, "exec", fake_exec)
    window.start()
    qtbot.waitUntil(lambda: ctx.settings.load().welcome_done)
    assert seen["title"] == "Добро пожаловать в Travel Card Companion"
    assert ctx.settings.load().language == "ru"
    assert window.current_section() == "guide"


def test_sections_carry_accessible_names(main_window: MainWindow) -> None:
    for section in SECTIONS:
        assert main_window.page(section.key).accessibleName()


def test_dark_appearance_darkens_the_window_and_is_saved(
    qtbot: Any, main_window: MainWindow
) -> None:
    from PySide6.QtGui import QPalette

    def window_lightness() -> int:
        return int(main_window.palette().color(QPalette.ColorRole.Window).lightness())

    page: Any = main_window.page("settings")
    try:
        page.appearance_box.setCurrentIndex(page.appearance_box.findData("dark"))
        qtbot.waitUntil(lambda: window_lightness() < 100)
        assert main_window.ctx.settings.load().appearance == "dark"
        page.appearance_box.setCurrentIndex(page.appearance_box.findData("light"))
        qtbot.waitUntil(lambda: window_lightness() > 150)
        assert main_window.ctx.settings.load().appearance == "light"
    finally:
        page.appearance_box.setCurrentIndex(page.appearance_box.findData("system"))


def test_the_first_reminder_check_waits_for_the_window_and_not_past_it(
    qtbot: Any, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = ctx.settings.load()
    settings.welcome_done = True
    ctx.settings.save(settings)
    checks: list[str] = []

    def open_window(name: str) -> MainWindow:
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        monkeypatch.setattr(window.reminders, "check", lambda: checks.append(name) or [])
        window.start()
        return window

    open_window("kept")
    assert checks == []  # not before the first frame
    qtbot.waitUntil(lambda: checks == ["kept"])
    open_window("closed").close()
    qtbot.wait(400)
    assert checks == ["kept"]
