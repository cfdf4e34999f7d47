"""Settings at the default window size (1000×680) in every language.

Found by looking at the real window in Russian: the backup buttons stood in
one row ("Создать резервную копию", "Восстановить…", "Отменить последнее
восстановление", "Экспортировать всё…", "Импорт…") wider than the page, so
the whole Settings page scrolled sideways and "Импорт…" was cut at the edge.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QScrollArea

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.mark.parametrize("lang", ["ru", "en", "zh_Hans"])
def test_settings_never_scroll_sideways_at_1000x680(
    qtbot: Any, main_window: Any, lang: str, layout_font: None
) -> None:
    main_window.resize(1000, 680)
    main_window.show()
    main_window.show_section("settings")
    old = main_window.page("settings")
    if lang != "en":
        main_window.change_language(lang)
        qtbot.waitUntil(lambda: main_window.page("settings") is not old, timeout=10_000)
        main_window.show_section("settings")
    page = main_window.page("settings")
    QApplication.processEvents()
    scroll = page.findChild(QScrollArea)
    assert scroll is not None
    qtbot.waitUntil(lambda: scroll.viewport().width() > 0)
    assert scroll.horizontalScrollBar().maximum() == 0, scroll.widget().minimumSizeHint()
    group = page.data_group
    for button in (group.backup_button, group.import_button, group.export_button):
        right = button.mapTo(scroll.viewport(), button.rect().topRight()).x()
        assert right <= scroll.viewport().width(), button.text()
    if lang != "en":
        main_window.change_language("en")
