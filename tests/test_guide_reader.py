"""The reader through pytest-qt: open, follow, go back, copy a code, search."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication

from companion.guide.catalogue import USSD_SHEET_ID
from companion.services.context import AppContext
from companion.ui.guide.guide_page import GuidePage

#: The offscreen platform cannot size top-level windows; harmless here.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def page(qtbot: object, ctx: AppContext) -> GuidePage:
    widget = GuidePage(ctx, lambda _key: None)
    qtbot.addWidget(widget)  # type: ignore[attr-defined]
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)  # type: ignore[attr-defined]
    return widget


def test_opens_a_page_follows_a_link_and_goes_back(page: GuidePage, qtbot: object) -> None:
    assert page.open_topic("operator-mts")
    assert "MTS" in page.page_text() and "Facts checked: December 2026" in page.page_text()
    page.browser.anchorClicked.emit(QUrl("topic:topping-up"))
    assert page.location == ("en", "topping-up")
    assert "QIWI" in page.page_text()
    qtbot.keyClick(page.browser, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # type: ignore[attr-defined]
    assert page.location == ("en", "operator-mts")
    qtbot.keyClick(page.browser, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)  # type: ignore[attr-defined]
    assert page.location == ("en", "topping-up")


def test_clicking_a_code_copies_it_and_shows_a_qr_code(page: GuidePage) -> None:
    page.open_topic("operator-beeline")
    page.browser.anchorClicked.emit(QUrl("ussd:%2A102%23"))
    assert QGuiApplication.clipboard().text() == "*102#"
    assert page.code_panel.isVisible()
    assert page.code_panel.uri == "tel:*102%23"
    assert not page.code_panel.qr_label.pixmap().isNull()
    assert page.status.text() == "Copied *102#"


def test_the_html_of_the_page_has_the_code_links(page: GuidePage) -> None:
    page.open_topic(USSD_SHEET_ID)
    text = page.page_text()
    assert "*100#" in text and "*105#" in text and "*141*7#" in text
    assert "ussd:%2A105%23" in page.browser.toHtml()


def test_search_as_you_type_and_open_a_result(page: GuidePage, qtbot: object) -> None:
    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    assert page.search_box.hasFocus()
    qtbot.keyClicks(page.search_box, "Tele2")  # type: ignore[attr-defined]
    assert page.result_count() >= 1
    first = page.results.item(0)
    assert first.data(Qt.ItemDataRole.UserRole) == ("en", "operator-t2")
    qtbot.keyClick(page.search_box, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert page.location == ("en", "operator-t2")


def test_search_all_languages_switch(page: GuidePage, qtbot: object) -> None:
    page.search_box.setText("续费")
    assert page.result_count() == 0
    page.all_languages.setChecked(True)
    assert page.results.item(0).data(Qt.ItemDataRole.UserRole) == ("zh_Hans", "renewal-checklist")
    page.search_box.clear()
    assert page.left_stack.currentWidget() is page.tree


@pytest.mark.parametrize("width", [150, 400])
def test_chinese_snippets_wrap_and_are_not_cut_off(page: GuidePage, qtbot: object, width: int) -> None:
    page.all_languages.setChecked(True)
    page.search_box.setText("运营商")
    page.results.setFixedWidth(width)
    qtbot.waitUntil(lambda: page.results.viewport().width() < width)  # type: ignore[attr-defined]
    viewport = page.results.viewport().width()
    assert page.result_count() >= 3
    for row in range(page.result_count()):
        item = page.results.item(row)
        label = page.results.itemWidget(item)
        assert item.sizeHint().width() <= viewport
        assert page.results.visualItemRect(item).height() >= label.heightForWidth(viewport), row


def test_zoom_changes_and_resets_the_text_size(page: GuidePage, qtbot: object) -> None:
    base = page.browser.font().pointSizeF()
    qtbot.keyClick(page.browser, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    assert page.browser.font().pointSizeF() > base
    qtbot.keyClick(page.browser, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    assert page.browser.font().pointSizeF() == base


def test_save_as_pdf_writes_a_pdf(page: GuidePage, tmp_path: Path) -> None:
    page.open_topic("foreigner-checklist")
    target = page.save_pdf(str(tmp_path / "checklist"))
    assert target is not None and target.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("language", ["en", "ru", "zh_Hans"])
def test_the_step_by_step_checklist_prints_on_one_a4_page(
    page: GuidePage, tmp_path: Path, language: str
) -> None:
    import re

    page.open_topic("foreigner-checklist", language)
    target = page.save_pdf(str(tmp_path / f"checklist-{language}"))
    assert target is not None
    data = target.read_bytes()
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert box is not None
    if (round(float(box.group(1))), round(float(box.group(2)))) != (595, 842):
        pytest.skip("the system's default paper is not A4 here")
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", data)) == 1


def test_the_guide_opens_on_no_mobile_internet(page: GuidePage) -> None:
    """The moment the guide exists for: no data. It is the first screen."""
    assert page.location == ("en", "no-mobile-internet")
    first_section = page.topics.item(0)
    assert first_section.child(0).data(Qt.ItemDataRole.UserRole) == "no-mobile-internet"
    assert "White list" in page.page_text() or "white list" in page.page_text()


def test_a_russian_page_in_an_english_window_has_russian_badges(page: GuidePage) -> None:
    # The search's "all languages" results open pages in other languages.
    page.open_topic("operator-yota", "ru")
    text = page.page_text()
    assert "Сведения проверены: декабрь 2026" in text
    assert "не подтверждено — уточните у оператора" in text
    assert "Facts checked" not in text and "unconfirmed" not in text
    page.open_topic("renewal-checklist", "zh_Hans")
    assert "全部代码汇总" in page.page_text() and "All codes" not in page.page_text()


def test_raw_html_in_content_is_not_rendered(page: GuidePage) -> None:
    from companion.ui.guide.guide_page import _MD_FEATURES

    page.browser.document().setMarkdown("Hi <b>bold</b> <a href='x:y'>z</a>", _MD_FEATURES)
    assert page.browser.toPlainText().strip() == "Hi <b>bold</b> <a href='x:y'>z</a>"
    assert 'href="x:y"' not in page.browser.toHtml()


def test_tree_lists_sections_and_the_ussd_sheet(page: GuidePage) -> None:
    tops = [page.topics.item(i).text() for i in range(page.topics.rowCount())]
    assert tops[0] == "Start here" and tops[-1] == "USSD sheet: all codes"


def test_clicking_a_topic_opens_it_and_a_heading_opens_nothing(
    page: GuidePage, qtbot: object
) -> None:
    def click(row: int, child: int | None = None) -> None:
        index = page.topics.index(row, 0)
        if child is not None:
            index = page.topics.index(child, 0, index)
        page.tree.scrollTo(index)
        rect = page.tree.visualRect(index)
        qtbot.mouseClick(page.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # type: ignore[attr-defined]

    heading = page.topics.item(1)
    topic = heading.child(0)
    click(1, 0)
    assert page.location == ("en", topic.data(Qt.ItemDataRole.UserRole))
    assert page.tree.currentIndex() == topic.index()
    before = page.location
    click(1)
    assert page.location == before
    assert not page.tree.selectionModel().isSelected(heading.index())
    # Opening a page another way (a link, Back) moves the tree's marker too.
    page.open_topic(USSD_SHEET_ID)
    assert page.tree.currentIndex().data(Qt.ItemDataRole.UserRole) == USSD_SHEET_ID


@pytest.mark.parametrize("language", ["en", "ru", "zh_Hans"])
@pytest.mark.usefixtures("layout_font")
def test_the_toolbar_fits_a_1000_pixel_window_in_every_language(
    qtbot: object, ctx: AppContext, language: str
) -> None:
    from PySide6.QtWidgets import QToolButton

    from companion.i18n import set_language
    from companion.ui.shell.main_window import MainWindow

    set_language(language)
    window = MainWindow(ctx)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.resize(1000, 680)
    window.show()
    qtbot.waitExposed(window)  # type: ignore[attr-defined]
    guide = window.page("guide")
    buttons = guide.findChildren(QToolButton)
    assert len(buttons) >= 7
    for button in buttons:
        if button.isVisible() and button.parent() is not guide.search_box:
            assert button.width() >= button.sizeHint().width(), button.text()
    assert guide.version_label.width() >= guide.version_label.sizeHint().width()
    # Save as PDF sits under the print button's arrow.
    from companion.i18n import _

    menu = guide.print_button.menu()
    assert [a.text() for a in menu.actions()] == [_("Print…"), _("Save as PDF…")]
