"""The eSIM part of the card editor: install-by date, validity start, activation code.

Why the code is masked: it is enough to install the eSIM on another phone,
so it is shown only on request and never exported unless asked.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
)

from companion.domain.card import Card
from companion.i18n import _


class EsimFields(QGroupBox):
    def __init__(self, card: Card, now: dt.datetime) -> None:
        super().__init__(_("eSIM"))
        eform = QFormLayout(self)
        self.install_box = QCheckBox(_("Install by:"))
        self.install_box.setChecked(card.esim_install_by is not None)
        install = card.esim_install_by or (now + dt.timedelta(days=7)).date()
        self.install_date = QDateEdit(QDate(install.year, install.month, install.day))
        self.install_date.setCalendarPopup(True)
        self.install_date.setAccessibleName(_("Install by date"))
        eform.addRow(self.install_box, self.install_date)
        self.validity_box = QComboBox()
        self.validity_box.setAccessibleName(_("Validity starts"))
        self.validity_box.addItem(_("Not stated"), None)
        self.validity_box.addItem(_("At installation"), "install")
        self.validity_box.addItem(_("At first connection"), "first_connection")
        self.validity_box.setCurrentIndex(
            max(self.validity_box.findData(card.esim_validity_start), 0)
        )
        eform.addRow(_("&Validity starts:"), self.validity_box)
        self.code_edit = QLineEdit(card.esim_activation_code)
        self.code_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.code_edit.setAccessibleName(_("Activation code"))
        self.show_code = QCheckBox(_("Sho&w"))
        self.show_code.toggled.connect(self._toggle_code)
        crow = QHBoxLayout()
        crow.addWidget(self.code_edit, 1)
        crow.addWidget(self.show_code)
        eform.addRow(_("Activation &code:"), crow)
        hint = QLabel(_("Kept on this computer only; left out of exports unless you ask."))
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setWordWrap(True)
        eform.addRow(hint)

    def _toggle_code(self, on: bool) -> None:
        self.code_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        )

    def install_by(self) -> dt.date | None:
        if not self.install_box.isChecked():
            return None
        d = self.install_date.date()
        return dt.date(d.year(), d.month(), d.day())
