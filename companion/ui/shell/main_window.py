"""The main window: a section rail, the pages, menus, shortcuts, status bar.

Why pages are rebuilt on a language switch: every label is produced by
``_()`` when a widget is built, so rebuilding is the one way that cannot miss
a string. The current section, size and position survive the rebuild.
"""

from __future__ import annotations

import binascii
import importlib
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMenuBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from companion.i18n import N_, _, current_language, on_language_changed, set_language
from companion.services.context import AppContext
from companion.ui.qt_runtime import icons
from companion.ui.qt_runtime.qt_keys import ACCESSIBLE_TEXT_ROLE
from companion.ui.qt_runtime.qt_translations import follow_app_language
from companion.ui.shell.sections import SECTIONS, Section
from companion.ui.widgets.window_fit import fit_to_screen

__all__ = ["SECTIONS", "MainWindow", "Section"]

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent
    from PySide6.QtWidgets import QSystemTrayIcon

    from companion.ui.shell.idle_warmup import IdleWarmup
    from companion.ui.widgets.focus_place import FocusPlace


_GEOMETRY_KEY = "ui.geometry"


#: After the first show, when the Receipts section's first-use costs are
#: paid in idle time (ui/shell/idle_warmup.py): after the first frame, the
#: first reminder check (150 ms) and the background services (250 ms).
WARMUP_DELAY_MS = 600

#: Page classes by section, imported only when the section is first shown.
_PAGE_CLASSES: dict[str, str] = {
    "guide": "companion.ui.guide.guide_page:GuidePage",
    "cards": "companion.ui.cards.cards_page:CardsPage",
    "receipts": "companion.ui.receipts.receipts_page:ReceiptsPage",
    "settings": "companion.ui.settings.settings_page:SettingsPage",
}

PageFactory = Callable[[AppContext, Callable[[str], None]], QWidget]


def _page_factory(key: str) -> PageFactory:
    module_name, class_name = _PAGE_CLASSES[key].split(":")
    factory: PageFactory = getattr(importlib.import_module(module_name), class_name)
    return factory


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        follow_app_language()
        self.setWindowIcon(icons.app_icon())
        # No minimum of its own: the pages' layouts set it, in the current
        # language, so the window cannot be made so small that a button or
        # a label is cut (a fixed 720×480 let Qt squeeze them).
        self._pages: dict[str, QWidget] = {}
        self._nav = QListWidget()
        self._nav.setObjectName("sectionRail")
        self._nav.setIconSize(QSize(24, 24))
        self._nav.setFixedWidth(180)
        self._nav.currentRowChanged.connect(self._on_row_changed)
        self._stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._nav)
        # Cards feature: the reminder banner sits above every page.
        from companion.ui.reminders.reminder_banner import ReminderBanner, ReminderController

        column = QVBoxLayout()
        self.reminder_banner = ReminderBanner(ctx, self._refresh_cards)
        column.addWidget(self.reminder_banner)
        column.addWidget(self._stack, 1)
        layout.addLayout(column, 1)
        self.setCentralWidget(central)
        self._tray: object | None = None
        self.reminders = ReminderController(
            ctx, self.reminder_banner, self._tray_icon, self._refresh_cards, self.bring_to_front
        )
        self._quitting = False
        #: Made after the first show: see ui/shell/idle_warmup.py.
        self.warmup: IdleWarmup | None = None
        self._warmup_due = False
        self._menu_texts: list[tuple[QMenu | QAction, str]] = []
        self._build()
        self._restore_geometry()
        self._unsubscribe = on_language_changed(self._on_language_changed)

    # ----- building -------------------------------------------------------
    def _build(self) -> None:
        """(Re)create every translated piece of the window."""
        current = self._nav.currentRow()
        keep_focus = self._focus_keeper()
        self.setWindowTitle(_("Travel Card Companion"))
        self._nav.setAccessibleName(_("Sections"))
        self._nav.blockSignals(True)
        self._nav.clear()
        while self._stack.count():
            old = self._stack.widget(0)
            assert old is not None
            self._stack.removeWidget(old)
            old.deleteLater()
        self._pages.clear()
        for section in SECTIONS:
            label = _(section.label)
            item = QListWidgetItem(icons.section_icon(section.icon), label)
            keys = QKeySequence(section.shortcut).toString(QKeySequence.SequenceFormat.NativeText)
            item.setToolTip(f"{label} ({keys})")
            item.setData(ACCESSIBLE_TEXT_ROLE, label)
            self._nav.addItem(item)
            # An empty slot per section; the page is built when first shown,
            # so start-up pays only for the section the user sees.
            slot = QWidget()
            slot_layout = QVBoxLayout(slot)
            slot_layout.setContentsMargins(0, 0, 0, 0)
            slot.setAccessibleName(label)
            self._stack.addWidget(slot)
        self._nav.blockSignals(False)
        self._build_menus()
        self.statusBar().showMessage(
            _("Offline: everything stays on this computer."),
        )
        self._nav.setCurrentRow(max(current, 0))
        self._on_row_changed(max(current, 0))
        keep_focus()

    def _focus_keeper(self) -> Callable[[], None]:
        """What puts the keyboard focus back after the pages are rebuilt: on
        the same control of the rebuilt page, or on the control outside the
        pages (the section list) that had it."""
        focused = self.focusWidget()
        if focused is None:
            return lambda: None  # the first build, at start: nothing to keep
        # Imported here: start-up must not build Qt's enum namespace (see
        # tests/test_startup_work.py), and the first build keeps nothing.
        from companion.ui.widgets.focus_place import place_of, widget_at

        for key, page in self._pages.items():
            place = place_of(page, focused)
            if place is not None:
                def in_rebuilt_page(key: str = key, place: FocusPlace = place) -> None:
                    target = widget_at(self.page(key), place)
                    if target is not None:
                        target.setFocus()
                return in_rebuilt_page
        if self._stack.isAncestorOf(focused):
            return lambda: None  # a slot of a page being deleted
        return lambda: focused.setFocus()

    def _build_menus(self) -> None:
        """Menus and their actions are made once and renamed on a language switch.

        Why not rebuilt: an action made again per language stays a child of
        the window, so Help → Keyboard Shortcuts listed "Quit" once for every
        language the user had visited.
        """
        if self._menu_texts:
            for item, label in self._menu_texts:
                if isinstance(item, QMenu):
                    item.setTitle(_(label))
                else:
                    item.setText(_(label))
            return
        bar = self.menuBar()
        file_menu = self._menu(bar, N_("&File"))
        quit_action = self._action(file_menu, N_("&Quit"), self.quit_app)
        # setShortcuts, not setShortcut: see companion/ui/qt_runtime/qt_keys.py.
        quit_action.setShortcuts(QKeySequence.StandardKey.Quit)

        view_menu = self._menu(bar, N_("&View"))
        for index, section in enumerate(SECTIONS):
            action = self._action(view_menu, section.label, partial(self._nav.setCurrentRow, index))
            action.setShortcuts([QKeySequence(section.shortcut)])

        help_menu = self._menu(bar, N_("&Help"))
        shortcuts = self._action(help_menu, N_("&Keyboard Shortcuts"), self.show_shortcuts)
        shortcuts.setShortcuts([QKeySequence("Ctrl+/")])
        self._action(help_menu, N_("&About Travel Card Companion"), self.show_about)

    def _menu(self, bar: QMenuBar, label: str) -> QMenu:
        menu = bar.addMenu(_(label))
        self._menu_texts.append((menu, label))
        return menu

    def _action(self, menu: QMenu, label: str, slot: Callable[[], object]) -> QAction:
        action = QAction(_(label), menu)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self._menu_texts.append((action, label))
        return action

    # ----- navigation -----------------------------------------------------
    def _on_row_changed(self, row: int) -> None:
        if row >= 0:
            page = self.page(SECTIONS[row].key)
            self._stack.setCurrentIndex(row)
            page.setFocus()

    def show_section(self, key: str) -> None:
        keys = [s.key for s in SECTIONS]
        self._nav.setCurrentRow(keys.index(key))

    def _tray_icon(self) -> QSystemTrayIcon | None:
        from PySide6.QtWidgets import QSystemTrayIcon  # the tray is made after the first frame

        return self._tray if isinstance(self._tray, QSystemTrayIcon) else None

    def _refresh_cards(self) -> None:
        refresh = getattr(self._pages.get("cards"), "refresh", None)
        if callable(refresh):
            refresh()

    def page(self, key: str) -> QWidget:
        """The section's page, built on first use."""
        page = self._pages.get(key)
        if page is None:
            index = [s.key for s in SECTIONS].index(key)
            slot = self._stack.widget(index)
            assert slot is not None
            page = _page_factory(key)(self.ctx, self.show_section)
            page.setAccessibleName(_(SECTIONS[index].label))
            changed = getattr(page, "cards_changed", None)
            if changed is not None:
                # A card's change refreshes the banner at once, not a minute later.
                changed.connect(self.reminder_banner.refresh)
            layout = slot.layout()
            assert layout is not None
            layout.addWidget(page)
            self._pages[key] = page
        return page

    def current_section(self) -> str:
        return SECTIONS[max(self._nav.currentRow(), 0)].key

    def section_names(self) -> list[str]:
        return [self._nav.item(i).text() for i in range(self._nav.count())]

    def language(self) -> str:
        return current_language()

    # ----- language ---------------------------------------------------------
    def change_language(self, lang: str) -> None:
        """Apply a language at once and remember it."""
        settings = self.ctx.settings.load()
        settings.language = lang
        self.ctx.settings.save(settings)
        set_language(lang)

    def reload_pages(self) -> None:
        """Rebuild every page from the database, after a restore or an import
        replaced its content."""
        # Undo entries name cards of the data that was replaced: an id may now
        # be another card, so none of them may run any more.
        self.ctx.undo.clear()
        QTimer.singleShot(0, self._build)
        QTimer.singleShot(0, self.reminder_banner.refresh)

    def _on_language_changed(self, _lang: str) -> None:
        # Deferred: the signal may come from a widget that the rebuild deletes.
        QTimer.singleShot(0, self._build)
        QTimer.singleShot(0, self.reminder_banner.retranslate)

    # ----- dialogs ------------------------------------------------------------
    def show_about(self) -> None:
        from companion.ui.shell.about_dialog import AboutDialog

        AboutDialog(self.ctx, self).exec()

    def show_shortcuts(self) -> None:
        from companion.ui.shell.shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog(self).exec()

    # ----- life cycle -------------------------------------------------------
    def start(self, minimized: bool = False) -> None:
        """Show the window (or only the tray icon) after start-up."""
        from companion.ui.shell.tray import TrayIcon

        self._tray = TrayIcon.create(self)
        # After the tray exists, so a missed reminder can also go there, and
        # after the first frame: the first check loads the reminder service
        # and babel's date data (about 20 ms) that the window does not need.
        self.reminders.start(delay_ms=150)
        if minimized and self._tray is not None:
            return
        self.show()
        settings = self.ctx.settings.load()
        if not settings.welcome_done:
            QTimer.singleShot(0, self._show_welcome)

    def _show_welcome(self) -> None:
        from companion.ui.shell.welcome_dialog import WelcomeDialog

        dialog = WelcomeDialog(self)
        dialog.exec()
        settings = self.ctx.settings.load()
        settings.welcome_done = True
        self.ctx.settings.save(settings)
        if dialog.choice == "card":
            self.show_section("cards")
            page = self.page("cards")
            starter = getattr(page, "start_first_card", None)
            if callable(starter):
                starter()
        elif dialog.choice == "guide":
            self.show_section("guide")

    def bring_to_front(self) -> None:
        self.show()
        from PySide6.QtCore import Qt

        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.raise_()
        self.activateWindow()

    def has_tray(self) -> bool:
        return self._tray is not None

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._warmup_due:
            # Nothing of it before the first frame, not even its import.
            self._warmup_due = True
            QTimer.singleShot(WARMUP_DELAY_MS, self, self._start_warmup)

    def _start_warmup(self) -> None:
        if not self.isVisible() or self._quitting:
            return  # closed (or quitting) before it was due: nothing to warm
        from companion.ui.shell.idle_warmup import IdleWarmup, receipts_steps

        self.warmup = IdleWarmup(
            receipts_steps(lambda: self.ctx.settings.load().default_currency), self
        )
        self.warmup.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_geometry()
        if not self._quitting and self._tray is not None and self.ctx.settings.load().close_to_tray:
            event.ignore()
            self.hide()
            return
        event.accept()
        self.quit_app()

    def quit_app(self) -> None:
        self._quitting = True
        self.reminders.stop()
        # The undo offers end here, and with them the cards deleted this session
        # (a session that undid nothing has none; a crash's are purged at start).
        if self.ctx.undo_in_use():
            from companion.services.cards import end_session

            end_session(self.ctx)
        self._save_geometry()
        self._unsubscribe()
        if self._tray is not None:
            self._tray.hide()  # type: ignore[attr-defined]
        self.hide()
        QApplication.quit()

    # Base64 by binascii, not QByteArray: building PySide's QByteArray type
    # costs a millisecond of the start-up, for one conversion.
    def _save_geometry(self) -> None:
        geometry = self.saveGeometry().data()
        data = binascii.b2a_base64(geometry, newline=False).decode("ascii")
        self.ctx.settings.set_raw(_GEOMETRY_KEY, data)

    def _restore_geometry(self) -> None:
        data = self.ctx.settings.get_raw(_GEOMETRY_KEY)
        try:
            saved = binascii.a2b_base64(data) if isinstance(data, str) else b""
        except (binascii.Error, ValueError):
            saved = b""  # not written by _save_geometry: the default size
        if saved and self.restoreGeometry(saved):
            return  # Qt moves and shrinks it onto a screen that is smaller now
        # 1000×680, or less on a small or highly scaled screen (a 1920×1080
        # screen at 200% has 960×540 to offer).
        fit_to_screen(self, QSize(1000, 680))
