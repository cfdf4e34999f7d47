"""The eSIM part of the card editor: install-by date, validity start, activation code.

Why the code is masked: it is enough to install the eSIM on another phone,
so it is shown only on request and never exported unless asked.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from companion.domain.card import Card
from companion.i18n import _
from companion.ui.widgets.date_field import DateField
from companion.ui.widgets.field_error import error_label


class EsimFields(QGroupBox):
    def __init__(self, card: Card, now: dt.datetime) -> None:
        super().__init__(_("eSIM"))
        eform = QFormLayout(self)
        # Empty means "no install-by date"; whatever is typed is kept or
        # refused at the field, never dropped because a box was unticked.
        self.install_date = DateField(card.esim_install_by, _("Install by date"), optional=True)
        self.install_error = error_label()
        install_col = QVBoxLayout()
        install_col.addWidget(self.install_date)
        install_col.addWidget(self.install_error)
        install_label = QLabel(_("&Install by:"))
        install_label.setBuddy(self.install_date.edit)
        eform.addRow(install_label, install_col)
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
        # A label made from text for a row that is a layout gets no buddy,
        # and a label without a buddy shows its "&" instead of underlining.
        code_label = QLabel(_("Activation co&de:"))
        code_label.setBuddy(self.code_edit)
        eform.addRow(code_label, crow)
        hint = QLabel(_("Kept on this computer only; left out of exports unless you ask."))
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setWordWrap(True)
        eform.addRow(hint)

    def _toggle_code(self, on: bool) -> None:
        self.code_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        )

    def install_by(self) -> dt.date | None:
        """The date typed, None if the field is empty; DateInputError otherwise."""
        return self.install_date.date()
