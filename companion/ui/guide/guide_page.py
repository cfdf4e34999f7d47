"""The Guide section: topic list, Markdown reader, search, USSD sheet, packs.

Why pages are rendered with Qt's own Markdown and raw HTML switched off: the
content is our Markdown, and a content pack must not be able to smuggle HTML
(scripts, remote images, forms) into the reader.

This module is the reader: the page, its toolbar, shortcuts and history.
The topic tree and the search are in guide_search_panel.py, printing and
content packs in guide_page_actions.py; both are mixed into GuidePage. On
the start-up path (the Guide is the first page): no ``Qt.`` namespace.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import (
    QAction,
    QHideEvent,
    QKeySequence,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from companion.guide.catalogue import USSD_SHEET_ID, Catalogue
from companion.guide.render import parse_action, render_page, ussd_sheet_markdown
from companion.i18n import _, current_language
from companion.services import guide_content
from companion.services.context import AppContext
from companion.ui.guide.guide_code_panel import CodePanel
from companion.ui.guide.guide_page_actions import GuidePageActions
from companion.ui.guide.guide_search_panel import GuideSearchPanel
from companion.ui.qt_runtime.qt_keys import plain_text, set_key
from companion.ui.widgets.menu_button import MenuButton
from companion.ui.widgets.screen_reader import caption_display

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl

_MD_FEATURES = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)
Location = tuple[str, str]  # (language, topic id)


class _Browser(QTextBrowser):
    """QTextBrowser keeps its own history for Alt+Left/Right; send those to ours."""

    def __init__(self, back: Callable[[], None], forward: Callable[[], None]) -> None:
        super().__init__()
        self._back_to = back
        self._forward_to = forward

    def backward(self) -> None:
        self._back_to()

    def forward(self) -> None:
        self._forward_to()


class GuidePage(GuidePageActions, GuideSearchPanel, QWidget):
    def __init__(self, ctx: AppContext, navigate: Callable[[str], None]) -> None:
        super().__init__()
        self.ctx = ctx
        self._navigate = navigate
        self.cat: Catalogue = guide_content.active_catalogue(ctx)
        self.lang = self.cat.language_for(current_language())
        self._index = None
        self._back: list[Location] = []
        self._forward: list[Location] = []
        self.location: Location | None = None
        self._zoom = 0
        #: The "Copied …" message of the code now shown, to take back with it.
        self._code_message = ""
        self._build()
        self.open_topic(self.cat.topic_ids()[0])

    # ----- building -------------------------------------------------------
    def _build(self) -> None:
        splitter = QSplitter()  # horizontal
        left = self._build_search_panel()

        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 6, 6, 6)
        right_box.addLayout(self._build_toolbar())
        self.browser = _Browser(self.go_back, self.go_forward)
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.setAccessibleName(_("Guide page"))
        self.browser.anchorClicked.connect(self._on_link)
        right_box.addWidget(self.browser, 1)
        self.code_panel = CodePanel()
        right_box.addWidget(self.code_panel)
        self.status = QLabel()
        plain_text(self.status)
        caption_display(self.status, _("Guide status"))
        self.version_label = plain_text(QLabel(self._version_text()))
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.version_label)
        right_box.addLayout(status_row)

        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([240, 720])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._add_shortcuts()

    def _tool(self, text: str, tip: str, slot: Callable[[], object]) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _build_toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        # Tool buttons sit closer than push buttons: the room the Content
        # menu's arrow takes keeps the window's smallest width within 800 px.
        bar.setSpacing(4)
        self.back_button = self._tool("←", _("Back (Alt+Left)"), self.go_back)
        self.forward_button = self._tool("→", _("Forward (Alt+Right)"), self.go_forward)
        for button in (
            self.back_button,
            self.forward_button,
            self._tool("A−", _("Smaller text (Ctrl+-)"), lambda: self.zoom(-1)),
            self._tool("A+", _("Larger text (Ctrl++)"), lambda: self.zoom(1)),
            self._tool(_("USSD sheet"), _("All codes on one sheet (Ctrl+Shift+U)"),
                       lambda: self.open_topic(USSD_SHEET_ID)),
        ):
            bar.addWidget(button)
        # Print and PDF share one split button: with both spelled out, the
        # Russian toolbar did not fit a 1000-pixel window.
        self.print_button = self._tool(_("Print…"), _("Print this page (Ctrl+P)"), self.print_page)
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        print_menu = QMenu(self.print_button)
        print_menu.addAction(_("Print…"), self.print_page)
        print_menu.addAction(_("Save as PDF…"), lambda: self.save_pdf())
        self.print_button.setMenu(print_menu)
        bar.addWidget(self.print_button)
        packs = MenuButton(_("Content"))
        packs.setAccessibleName(_("Guide content packs"))
        menu = QMenu(packs)
        menu.addAction(_("Import a content pack…"), self.choose_pack)
        revert = menu.addAction(_("Go back to the bundled guide"), self.revert_pack)
        revert.setEnabled(guide_content.using_pack(self.ctx))
        packs.setMenu(menu)
        bar.addWidget(packs)
        bar.addStretch(1)
        return bar

    def _version_text(self) -> str:
        return _("Guide version {version}, {date}").format(
            version=self.cat.info.version, date=self.cat.info.date
        )

    def _add_shortcuts(self) -> None:
        # Each is named: Help → Keyboard Shortcuts lists it by this name.
        bindings: list[tuple[str, list[QKeySequence], Callable[[], object]]] = [
            (_("Back"), [QKeySequence("Alt+Left"), QKeySequence(QKeySequence.StandardKey.Back)],
             self.go_back),
            (_("Forward"),
             [QKeySequence("Alt+Right"), QKeySequence(QKeySequence.StandardKey.Forward)],
             self.go_forward),
            (_("Larger text"), [QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")],
             lambda: self.zoom(1)),
            (_("Smaller text"), [QKeySequence("Ctrl+-")], lambda: self.zoom(-1)),
            (_("Normal text size"), [QKeySequence("Ctrl+0")], lambda: self.zoom(0)),
            (_("Search the guide"), [QKeySequence("Ctrl+F")], self.focus_search),
            (_("Print the page"), [QKeySequence("Ctrl+P")], self.print_page),
            (_("All codes on one sheet"), [QKeySequence("Ctrl+Shift+U")],
             lambda: self.open_topic(USSD_SHEET_ID)),
        ]
        for name, keys, slot in bindings:
            action = QAction(name, self)
            # The platform's Back key is often Alt+Left itself: a key bound
            # twice would make Qt call the shortcut ambiguous and do nothing.
            unique = {k.toString(): k for k in keys if not k.isEmpty()}
            action.setShortcuts(list(unique.values()))
            set_key(action, "shortcutContext", "WidgetWithChildrenShortcut")
            action.triggered.connect(lambda _checked=False, s=slot: s())
            self.addAction(action)

    # ----- reading ----------------------------------------------------------
    def open_topic(self, topic_id: str, lang: str | None = None, record: bool = True) -> bool:
        lang = lang or self.lang
        self.forget_code()
        if topic_id == USSD_SHEET_ID:
            markdown = ussd_sheet_markdown(self.cat, lang)
        else:
            page = self.cat.page(lang, topic_id)
            if page is None:
                self.show_status(_("This page is not in the guide: {topic}").format(topic=topic_id))
                return False
            markdown = render_page(self.cat, page)
        if record and self.location is not None and self.location != (lang, topic_id):
            self._back.append(self.location)
            self._forward.clear()
        self.location = (lang, topic_id)
        self.browser.document().setMarkdown(markdown, _MD_FEATURES)
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)
        self.browser.verticalScrollBar().setValue(0)
        self._sync_history_buttons()
        self._select_in_tree(topic_id)
        return True

    def page_text(self) -> str:
        return self.browser.toPlainText()

    def go_back(self) -> None:
        if self._back and self.location is not None:
            self._forward.append(self.location)
            lang, topic = self._back.pop()
            self.open_topic(topic, lang, record=False)

    def go_forward(self) -> None:
        if self._forward and self.location is not None:
            self._back.append(self.location)
            lang, topic = self._forward.pop()
            self.open_topic(topic, lang, record=False)

    def _sync_history_buttons(self) -> None:
        self.back_button.setEnabled(bool(self._back))
        self.forward_button.setEnabled(bool(self._forward))

    def zoom(self, step: int) -> None:
        """Step the text size; 0 goes back to the normal size."""
        if step == 0:
            self.browser.zoomOut(self._zoom) if self._zoom > 0 else self.browser.zoomIn(-self._zoom)
            self._zoom = 0
        elif -4 <= self._zoom + step <= 12:
            self.browser.zoomIn(step)
            self._zoom += step

    def _on_link(self, url: QUrl) -> None:
        raw = url.toString()
        scheme = url.scheme()
        if scheme == "topic":
            lang = self.location[0] if self.location else None
            self.open_topic(url.path() or raw.partition(":")[2], lang)
            return
        action = parse_action(raw)
        if action is not None:
            self._code_message = self.code_panel.show_code(*action)
            self.show_status(self._code_message)
            return
        sites = {
            fact.value
            for op in self.cat.operators.values()
            for fact in op.facts.values()
            if fact.kind == "site"
        }
        if scheme == "https" and url.host() in sites:
            from PySide6.QtGui import QDesktopServices  # only once a link leaves the guide

            QDesktopServices.openUrl(url)

    def show_status(self, message: str) -> None:
        self.status.setText(message)
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(message, 5000)

    def forget_code(self) -> None:
        """Hide the QR panel and take back its "Copied …" message.

        Why: both belong to the code that was clicked; left up on another
        topic, in a search or after the page was left, they describe a code
        the user can no longer see.
        """
        self.code_panel.hide()
        message, self._code_message = self._code_message, ""
        if not message:
            return
        if self.status.text() == message:
            self.status.clear()
        window = self.window()
        if isinstance(window, QMainWindow) and window.statusBar().currentMessage() == message:
            window.statusBar().clearMessage()

    def hideEvent(self, event: QHideEvent) -> None:
        # Another section was chosen (not the window minimised: that is
        # spontaneous, and the code is still the one the user clicked).
        if not event.spontaneous():
            self.forget_code()
        super().hideEvent(event)

    def reload(self) -> None:
        """Rebuild from the catalogue now active (after an import or revert)."""
        self.cat = guide_content.active_catalogue(self.ctx)
        self.lang = self.cat.language_for(current_language())
        self._index = None
        self._back.clear()
        self._forward.clear()
        self.location = None
        self._fill_tree()
        self.version_label.setText(self._version_text())
        self.open_topic(self.cat.topic_ids()[0])
        self._run_search(self.search_box.text())

