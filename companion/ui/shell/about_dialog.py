"""Help → About: version, licence and where the data lives."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from companion import __version__
from companion.i18n import _
from companion.services.context import AppContext
from companion.ui.widgets.window_fit import fit_to_screen


class AboutDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About Travel Card Companion"))
        layout = QVBoxLayout(self)
        lines = [
            _("Travel Card Companion"),
            _("Version {version}").format(version=__version__),
            _("Keeps your Russian SIM, eSIM and transport cards alive: an offline guide, "
              "renewal reminders and a receipt log."),
            _("Licence: GNU General Public License, version 3 or later."),
            _("The app never connects to the internet. Guide facts were last checked in November 2026."),
            _("Data folder: {path}").format(path=ctx.paths.root),
        ]
        self.labels: list[QLabel] = []
        for text in lines:
            label = QLabel(text)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
            self.labels.append(label)
        title_font = self.labels[0].font()
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        self.labels[0].setFont(title_font)
        self.open_button = QPushButton(_("&Open data folder"))
        self.open_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(ctx.paths.root)))
        )
        layout.addWidget(self.open_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Tall enough for every wrapped line at 200%, and never taller than the screen.
        fit_to_screen(self)
