"""A drop-down of cards that follows the cards as they change.

Why: the receipt log's card filter read the cards once, when the page was
built, so a card added, renamed or deleted on the Cards page showed up only
after a restart. The list is read again (a tiny query) whenever it is opened
and whenever its page is shown; the selected card stays selected, and if it
is gone the choice falls back to the first entry ("All cards").
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox

CardChoices = Callable[[], list[tuple[int, str]]]


class CardCombo(QComboBox):
    def __init__(self, choices: CardChoices, first_label: str) -> None:
        super().__init__()
        self._choices = choices
        self._first_label = first_label
        self._shown: list[tuple[int, str]] | None = None
        self.reload()

    def reload(self) -> bool:
        """Read the cards again; True if the list changed.

        A change of selection (the selected card was deleted) is announced
        with ``currentIndexChanged`` like a user's choice.
        """
        choices = self._choices()
        if choices == self._shown:
            return False
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        self.addItem(self._first_label, None)
        for card_id, label in choices:
            self.addItem(label, card_id)
        self.setCurrentIndex(max(self.findData(current), 0))
        self.blockSignals(False)
        self._shown = choices
        if self.currentData() != current:
            self.currentIndexChanged.emit(self.currentIndex())
        return True

    def showPopup(self) -> None:
        self.reload()
        super().showPopup()
