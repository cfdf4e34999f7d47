"""Ask before Esc, Cancel or the close button throws away what was typed.

Why one helper: the receipt dialog, the card editor and the Renew dialog's
"Log a receipt" part all hold typing a user would hate to lose, and each must
ask the same way: only when something changed since the dialog was shown,
"Keep editing" as the default and Esc answer, and without a nested event
loop (``open``), so a window closed under the question (quit, a test's
teardown) cannot pull the dialog away mid-question.

``editable_state`` reads every field a person can change under a widget, for
dialogs whose fields are many and plain (the card editor); a dialog with
state no field shows (attachments) passes its own reader. The readers given
must not hold the dialog itself (a reference cycle outlives the C++ dialog).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from companion.i18n import _


def editable_state(root: QWidget) -> tuple[object, ...]:
    """What the user can change under ``root``: texts, choices, ticks, in a stable order."""
    values: list[object] = []
    for child in root.findChildren(QWidget):
        if isinstance(child, QLineEdit | QAbstractSpinBox):
            values.append(child.text())
        elif isinstance(child, QComboBox):
            values.append((child.currentIndex(), child.currentText()))
        elif isinstance(child, QPlainTextEdit | QTextEdit):
            values.append(child.toPlainText())
        elif isinstance(child, QAbstractButton) and child.isCheckable():
            values.append(child.isChecked())
    return tuple(values)


class DiscardQuestion:
    """Guards one dialog's ``reject``: call ``allows_close`` from it.

    The baseline is taken by ``remember`` (from the dialog's ``showEvent``),
    so whatever the caller prefilled before showing counts as untouched.
    ``counts`` says whether the guarded part matters now (the Renew dialog's
    receipt only while "Log a receipt" is ticked).
    """

    def __init__(
        self, dialog: QDialog, state: Callable[[], object], message: Callable[[], str],
        counts: Callable[[], bool] = lambda: True,
    ) -> None:
        # Weak: the dialog holds this guard; a cycle would keep the Python side
        # of a dialog alive after Qt deleted it with its parent.
        self._dialog = weakref.ref(dialog)
        self._state = state
        self._counts = counts
        self._message = message
        self._opened_as: object | None = None
        self._remembered = False
        self._confirmed = False
        self.box: QMessageBox | None = None

    def remember(self) -> None:
        if not self._remembered:
            self._opened_as = self._state()
            self._remembered = True

    def has_changes(self) -> bool:
        return self._remembered and self._counts() and self._state() != self._opened_as

    def allows_close(self) -> bool:
        """True when the dialog may close now; otherwise the question is shown."""
        if self._confirmed or not self.has_changes():
            return True
        self.ask()
        return False

    def ask(self) -> QMessageBox | None:
        if self.box is not None:
            self.box.raise_()
            return self.box
        dialog = self._dialog()
        if dialog is None:
            return None
        box = QMessageBox(
            QMessageBox.Icon.Question, dialog.windowTitle(), self._message(), parent=dialog
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        discard = box.addButton(_("&Discard"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(_("&Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)

        def answered(button: object) -> None:
            self.box = None
            shown = self._dialog()
            if button is discard and shown is not None:
                self._confirmed = True
                shown.reject()

        box.buttonClicked.connect(answered)
        box.finished.connect(box.deleteLater)
        self.box = box
        box.open()
        return box
