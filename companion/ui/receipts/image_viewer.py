"""A receipt photo at full size, scrollable, inside the app."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from companion.i18n import _
from companion.ui.widgets.window_fit import fit_to_screen


class ImageViewer(QDialog):
    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(path.name)
        layout = QVBoxLayout(self)
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)  # phone photos carry their rotation in EXIF
        image = reader.read()
        label = QLabel()
        if image.isNull():
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setText(
                _("This image cannot be shown: {reason}").format(reason=reader.errorString())
            )
        else:
            label.setPixmap(QPixmap.fromImage(image))
        label.setAccessibleName(_("Receipt image"))
        area = QScrollArea()
        area.setWidget(label)
        layout.addWidget(area)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        external = QPushButton(_("Open with system viewer"))
        external.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
        buttons.addButton(external, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_to_screen(self, QSize(900, 700))
