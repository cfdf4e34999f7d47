"""The QR panel and its "Copied …" message belong to the code that was clicked.

They used to stay up on every other topic, over search results, and in the
status bar of other sections. Driven through the real main window: a click
on a code in the reader, then what the user does next.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QMainWindow

from companion.ui.guide.guide_page import GuidePage

#: The offscreen platform cannot size top-level windows; harmless here.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _guide(window: QMainWindow) -> GuidePage:
    window.show_section("guide")  # type: ignore[attr-defined]
    page = window.page("guide")  # type: ignore[attr-defined]
    assert isinstance(page, GuidePage)
    return page


def _click_code(window: QMainWindow, page: GuidePage) -> None:
    page.open_topic("operator-beeline")
    page.browser.anchorClicked.emit(QUrl("ussd:%2A102%23"))
    assert page.code_panel.isVisible()
    assert page.status.text() == "Copied *102#"
    assert window.statusBar().currentMessage() == "Copied *102#"


def _code_is_gone(window: QMainWindow, page: GuidePage) -> None:
    assert not page.code_panel.isVisible()
    assert "*102#" not in page.status.text()
    assert "*102#" not in window.statusBar().currentMessage()


def _open_other_topic_in_the_tree(page: GuidePage, qtbot: object) -> None:
    index = page.topics.item(0).child(0).index()
    rect = page.tree.visualRect(index)
    qtbot.mouseClick(  # type: ignore[attr-defined]
        page.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center()
    )
    assert page.location is not None and page.location[1] != "operator-beeline"


def _type_a_search(page: GuidePage, qtbot: object) -> None:
    page.search_box.setFocus()
    qtbot.keyClicks(page.search_box, "MTS")  # type: ignore[attr-defined]


def _follow_a_topic_link(page: GuidePage, qtbot: object) -> None:
    page.browser.anchorClicked.emit(QUrl("topic:topping-up"))
    assert page.location == ("en", "topping-up")


@pytest.mark.parametrize(
    "next_step",
    [_open_other_topic_in_the_tree, _type_a_search, _follow_a_topic_link],
    ids=["other-topic", "search", "topic-link"],
)
def test_the_code_goes_away_when_the_user_moves_on(
    main_window: QMainWindow, qtbot: object, next_step: Callable[[GuidePage, object], None]
) -> None:
    page = _guide(main_window)
    _click_code(main_window, page)
    next_step(page, qtbot)
    _code_is_gone(main_window, page)


def test_another_section_does_not_show_the_guide_code(
    main_window: QMainWindow, qtbot: object
) -> None:
    page = _guide(main_window)
    _click_code(main_window, page)
    main_window.show_section("cards")  # type: ignore[attr-defined]
    assert "*102#" not in main_window.statusBar().currentMessage()
    main_window.show_section("guide")  # type: ignore[attr-defined]
    _code_is_gone(main_window, page)


def test_a_language_switch_does_not_keep_the_code(
    main_window: QMainWindow, qtbot: object
) -> None:
    page = _guide(main_window)
    _click_code(main_window, page)
    main_window.change_language("ru")  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: main_window.page("guide") is not page)  # type: ignore[attr-defined]
    _code_is_gone(main_window, _guide(main_window))


def test_the_code_stays_while_the_user_reads_on(main_window: QMainWindow, qtbot: object) -> None:
    """Scrolling or zooming the same page is not moving on."""
    page = _guide(main_window)
    _click_code(main_window, page)
    qtbot.keyClick(page.browser, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    assert page.code_panel.isVisible() and page.status.text() == "Copied *102#"


def test_the_copied_code_is_shown_large_and_bold_once_made(main_window: QMainWindow) -> None:
    """The panel's font is set when the first code is shown (not while the
    first frame is built); a second code keeps the same size."""
    page = _guide(main_window)
    label = page.code_panel.code_label
    normal = page.code_panel.font().pointSizeF()
    _click_code(main_window, page)
    assert label.font().bold()
    assert label.font().pointSizeF() == pytest.approx(normal * 1.8)
    page.browser.anchorClicked.emit(QUrl("ussd:%2A100%23"))
    assert label.text() == "*100#"
    assert label.font().pointSizeF() == pytest.approx(normal * 1.8)
