"""The card editor's balance and its low-balance threshold share one error
line; a balance the user typed and the app refused is told as such.

Found in a real window (attack 7, zh_Hans): a full-width negative balance
"－１２３．５０" with a bad threshold showed only the threshold's error on
Save (the balance's refusal was overwritten), and once the threshold was
fixed the line said "Enter the current balance to be warned when it is
low" although a balance was typed.
"""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from companion.i18n import _, set_language
from tests.card_form_helpers import OFFSCREEN_NOISE, fill, open_editor, save, stored, type_text

pytestmark = [pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)]


@pytest.mark.parametrize("lang", ["ru", "zh_Hans"])
def test_a_refused_balance_is_told_not_called_missing(
    main_window: Any, qtbot: QtBot, ctx: Any, lang: str
) -> None:
    set_language(lang)
    negative = _("The amount cannot be negative.")
    missing = _("Enter the current balance to be warned when it is low.")
    dialog = open_editor(main_window)
    fill(qtbot, dialog, "２０２６－１２－３１")
    type_text(qtbot, dialog.balance_edit, "－１２３．５０")
    type_text(qtbot, dialog.low_edit, "abc")
    save(qtbot, dialog)
    line = dialog.errors["balance"]
    assert not line.isHidden()
    assert line.text() == negative  # the first field of the line, as it reads
    assert dialog.focusWidget() is dialog.balance_edit

    dialog.low_edit.clear()
    type_text(qtbot, dialog.low_edit, "１００")  # the threshold is right now
    assert line.text() == negative and line.text() != missing
    save(qtbot, dialog)
    assert line.text() == negative
    assert dialog.isVisible() and stored(ctx) == []

    dialog.balance_edit.clear()  # really no balance: now it is missing
    save(qtbot, dialog)
    assert line.text() == missing
    type_text(qtbot, dialog.balance_edit, "１２３")
    assert line.isHidden()
    save(qtbot, dialog)
    assert not dialog.isVisible()
    assert len(stored(ctx)) == 1
