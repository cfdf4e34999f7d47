"""The panel that appears when a code or number in the guide is clicked.

Why a QR code: the computer cannot dial, the phone can. Scanning a ``tel:``
URI puts the code into the phone's dialler, with ``#`` kept intact. The QR
image is made locally by segno, imported on first use so start-up stays fast.
"""

from __future__ import annotations

import io

from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from companion.guide.operators import Fact
from companion.i18n import _
from companion.ui.qt_runtime.qt_keys import plain_text, set_key


def qr_png(data: str, scale: int = 5) -> bytes:
    import segno  # lazy: only needed once a code is clicked

    buffer = io.BytesIO()
    segno.make(data, error="m", micro=False).save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


class CodePanel(QFrame):
    """Shows the copied code, its QR code and how to use it."""

    def __init__(self) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(_("Copied code and QR code"))
        layout = QHBoxLayout(self)
        self.qr_label = QLabel()
        self.qr_label.setAccessibleName(_("QR code to dial on your phone"))
        set_key(self.qr_label, "alignment", "AlignCenter")
        layout.addWidget(self.qr_label)
        text_box = QVBoxLayout()
        self.code_label = QLabel()
        plain_text(self.code_label)
        set_key(self.code_label, "textInteractionFlags", "TextSelectableByMouse")
        self.hint_label = QLabel()
        plain_text(self.hint_label)
        self.hint_label.setWordWrap(True)
        close = QPushButton(_("Hide"))
        close.setAccessibleName(_("Hide the QR code"))
        close.clicked.connect(self.hide)
        text_box.addWidget(self.code_label)
        text_box.addWidget(self.hint_label, 1)
        button_row = QHBoxLayout()
        button_row.addWidget(close)
        button_row.addStretch(1)
        text_box.addLayout(button_row)
        layout.addLayout(text_box, 1)
        self.hide()
        self.uri = ""

    def show_code(self, kind: str, value: str) -> str:
        """Copy ``value``, show its QR code; returns the status message."""
        QGuiApplication.clipboard().setText(value)
        fact = Fact(value, "ussd" if kind == "ussd" else "phone", "H")
        self.uri = fact.tel_uri()
        pixmap = QPixmap()
        pixmap.loadFromData(qr_png(self.uri))
        self.qr_label.setPixmap(pixmap)
        self._make_code_large()
        self.code_label.setText(value)
        self.hint_label.setText(
            _("Copied to the clipboard. Scan the QR code with your phone to dial {code}.").format(
                code=value
            )
        )
        self.show()
        return _("Copied {code}").format(code=value)

    def _make_code_large(self) -> None:
        """Bold and 1.8 times the size, set when the first code is shown: the
        panel is built with the Guide, on the way to the first frame, where
        PySide's QFont type would cost 3 ms (measured for issue 22)."""
        if self.code_label.property("large"):
            return
        font = self.code_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.code_label.setFont(font)
        self.code_label.setProperty("large", True)
