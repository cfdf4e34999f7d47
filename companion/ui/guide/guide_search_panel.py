"""The Guide page's left column: the topic tree, and the search that takes its place.

Why apart from the reader (guide_page.py): finding a page and reading it
are two jobs that change for different reasons (the search index, result
rows that fit Chinese snippets, the tree's unselectable headings), and the
page had grown past what one reads in a sitting. Mixed into GuidePage, as
its actions are (guide_page_actions.py), so the widgets stay attributes of
the page that tests and shortcuts reach.

On the start-up path (the Guide is the first page): no ``Qt.`` namespace
here (see qt_keys.py); the search index and ``html`` load on the first search.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSize
from PySide6.QtGui import QResizeEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from companion.guide.catalogue import USSD_SHEET_ID, Catalogue
from companion.i18n import _
from companion.ui.qt_runtime.qt_keys import ACCESSIBLE_TEXT_ROLE, USER_ROLE, set_key

if TYPE_CHECKING:
    # The search module (and its index) loads on the first search.
    from companion.guide.search import Hit, SearchIndex

_TOPIC_ROLE = USER_ROLE


def highlighted_html(hit: Hit) -> str:
    """Title and snippet as escaped rich text with the matches in bold."""
    import html  # with the search, not at start-up: its entity table is large

    parts: list[str] = []
    pos = 0
    for start, end in hit.highlights:
        parts.append(html.escape(hit.snippet[pos:start]))
        parts.append("<b>" + html.escape(hit.snippet[start:end]) + "</b>")
        pos = end
    parts.append(html.escape(hit.snippet[pos:]))
    return f"<b>{html.escape(hit.title)}</b> <small>({hit.lang})</small><br>{''.join(parts)}"


def _tree_item(title: str) -> QStandardItem:
    item = QStandardItem(title)
    item.setEditable(False)
    return item


class _ResultList(QListWidget):
    """Search results whose rows are as tall as their wrapped text needs.

    A row's height is measured at the list's own width and measured again
    when the list is resized: a label's size hint guesses a width, and a
    Chinese snippet (no spaces, every character a break point) wraps onto
    more lines than the guess allowed, so its last lines were cut off.
    """

    def fit_rows(self) -> None:
        width = self.viewport().width()
        for row in range(self.count()):
            item = self.item(row)
            label = self.itemWidget(item)
            if label is not None:
                item.setSizeHint(QSize(width, label.heightForWidth(width)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_rows()


class GuideSearchPanel:
    """Mixed into GuidePage, which provides the attributes declared here."""

    cat: Catalogue
    lang: str
    location: tuple[str, str] | None  # (language, topic id) shown
    _index: SearchIndex | None
    open_topic: Callable[..., bool]
    forget_code: Callable[[], None]

    def _build_search_panel(self) -> QWidget:
        """The left column: search box, language switch, then tree or results."""
        left = QWidget()
        left.setMinimumWidth(230)
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(6, 6, 0, 6)
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(_("Search the guide (Ctrl+F)"))
        self.search_box.setAccessibleName(_("Search the guide"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(self._run_search)
        self.search_box.returnPressed.connect(self._open_first_result)
        self.all_languages = QCheckBox(_("Search all languages"))
        self.all_languages.toggled.connect(lambda _on: self._run_search(self.search_box.text()))
        # A view over QStandardItems rather than a QTreeWidget: a section
        # heading is made unselectable with setSelectable(False), where
        # QTreeWidgetItem.setFlags would build the Qt namespace (qt_keys.py).
        owner = self
        assert isinstance(owner, QWidget)  # GuidePage, which this is mixed into
        self.topics = QStandardItemModel(owner)
        self._topic_items: dict[str, QStandardItem] = {}
        self.tree = QTreeView()
        self.tree.setModel(self.topics)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(_("Guide topics"))
        self.tree.activated.connect(self._on_tree_item)
        self.tree.clicked.connect(self._on_tree_item)
        self.results = _ResultList()
        self.results.setAccessibleName(_("Search results"))
        self.results.itemActivated.connect(self._on_result)
        self.results.itemClicked.connect(self._on_result)
        self.no_results = QLabel(_("Nothing found. Try another word or search all languages."))
        self.no_results.setWordWrap(True)
        self.left_stack = QStackedWidget()
        for widget in (self.tree, self.results, self.no_results):
            self.left_stack.addWidget(widget)
        left_box.addWidget(self.search_box)
        left_box.addWidget(self.all_languages)
        left_box.addWidget(self.left_stack, 1)
        self._fill_tree()
        return left

    def _fill_tree(self) -> None:
        self.topics.clear()
        self._topic_items.clear()
        for section in self.cat.sections:
            heading = _tree_item(section.title(self.lang))
            heading.setSelectable(False)
            for topic in section.topics:
                page = self.cat.page(self.lang, topic)
                heading.appendRow(self._topic_item(page.title if page else topic, topic))
            self.topics.appendRow(heading)
        self.topics.appendRow(self._topic_item(_("USSD sheet: all codes"), USSD_SHEET_ID))
        self.tree.expandAll()

    def _topic_item(self, title: str, topic_id: str) -> QStandardItem:
        item = _tree_item(title)
        item.setData(topic_id, _TOPIC_ROLE)
        self._topic_items[topic_id] = item
        return item

    def _select_in_tree(self, topic_id: str) -> None:
        item = self._topic_items.get(topic_id)
        if item is not None:
            # The view's signals report clicks, not the current index, so
            # setting it here does not reopen the page.
            self.tree.setCurrentIndex(item.index())

    def _on_tree_item(self, index: QModelIndex) -> None:
        topic = index.data(_TOPIC_ROLE)
        if isinstance(topic, str) and (self.location is None or self.location[1] != topic):
            self.open_topic(topic)

    def focus_search(self) -> None:
        from PySide6.QtCore import Qt  # not at import: see qt_keys.py

        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _run_search(self, text: str) -> None:
        if text.strip():
            self.forget_code()
        if not text.strip():
            self.left_stack.setCurrentWidget(self.tree)
            return
        if self._index is None:
            from companion.guide.search import SearchIndex

            self._index = SearchIndex(self.cat)
        langs = None if self.all_languages.isChecked() else (self.lang,)
        hits = self._index.search(text, langs)
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem()
            item.setData(_TOPIC_ROLE, (hit.lang, hit.topic_id))
            item.setData(ACCESSIBLE_TEXT_ROLE, f"{hit.title}: {hit.snippet}")
            label = QLabel(highlighted_html(hit))
            # Escaped by highlighted_html; only the highlights are markup.
            set_key(label, "textFormat", "RichText")
            label.setWordWrap(True)
            label.setContentsMargins(4, 4, 4, 4)
            self.results.addItem(item)
            self.results.setItemWidget(item, label)
        self.results.fit_rows()
        self.left_stack.setCurrentWidget(self.results if hits else self.no_results)
        if hits:
            self.results.setCurrentRow(0)

    def result_count(self) -> int:
        return self.results.count() if self.left_stack.currentWidget() is self.results else 0

    def _open_first_result(self) -> None:
        if self.result_count():
            self._on_result(self.results.item(0))

    def _on_result(self, item: QListWidgetItem) -> None:
        lang, topic = item.data(_TOPIC_ROLE)
        self.open_topic(topic, lang)
