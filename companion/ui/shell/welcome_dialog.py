"""First-run welcome: pick a language, then read the guide or add a first card."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.i18n import LANGUAGE_NAMES, LANGUAGES, _, current_language, on_language_changed


class WelcomeDialog(QDialog):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self.choice: str | None = None
        layout = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.title.setFont(font)
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.language_label = QLabel()
        self.language_box = QComboBox()
        for lang in LANGUAGES:
            self.language_box.addItem(LANGUAGE_NAMES[lang], lang)
        self.language_box.setCurrentIndex(LANGUAGES.index(current_language()))
        self.language_box.currentIndexChanged.connect(self._language_chosen)
        self.language_label.setBuddy(self.language_box)
        lang_row = QHBoxLayout()
        lang_row.addWidget(self.language_label)
        lang_row.addWidget(self.language_box, 1)
        self.guide_button = QPushButton()
        self.guide_button.clicked.connect(lambda: self._finish("guide"))
        self.card_button = QPushButton()
        self.card_button.setDefault(True)
        self.card_button.clicked.connect(lambda: self._finish("card"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.guide_button)
        buttons.addWidget(self.card_button)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addLayout(lang_row)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        self._retranslate()
        self._unsubscribe = on_language_changed(lambda _lang: self._retranslate())
        self.finished.connect(lambda _code: self._unsubscribe())
        self.setMinimumWidth(460)

    def _retranslate(self) -> None:
        self.setWindowTitle(_("Welcome"))
        self.title.setText(_("Welcome to Travel Card Companion"))
        self.body.setText(
            _("Keep your SIM, eSIM and transport cards alive while in Russia: read the "
              "guide offline, get reminded before a plan runs out, and keep every receipt.")
        )
        self.language_label.setText(_("&Language:"))
        self.language_box.setAccessibleName(_("Language"))
        self.guide_button.setText(_("Read the &guide"))
        self.card_button.setText(_("Add my first &card"))

    def _language_chosen(self, index: int) -> None:
        changer = getattr(self._window, "change_language", None)
        if callable(changer):
            changer(self.language_box.itemData(index))

    def _finish(self, choice: str) -> None:
        self.choice = choice
        self.accept()
