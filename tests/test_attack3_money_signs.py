"""An amount the app shows reads back in the amount field, whatever the
process's string-hash seed.

Found by the suite's own round-trip property failing now and then: in
Russian the yen is written "123 456 JP¥", and ``parse_money`` stripped the
signs it knows in set order, so in some processes CLDR's bare "¥" went first
and left "123 456 JP", refused as "Use only digits and one decimal
separator." Which process failed depended on PYTHONHASHSEED, so the child
processes below pin seeds that failed before the fix.
"""

from __future__ import annotations

import json
import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from companion.domain.money import Money
from companion.i18n import LANGUAGES, set_language
from companion.i18n.formatting import format_money
from companion.services.context import AppContext
from companion.ui.receipts.receipt_dialog import ReceiptDialog
from tests.process_helpers import run_python

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

_READ_BACK = """
import json
from companion.domain.money import Money
from companion.i18n import LANGUAGES
from companion.i18n.formatting import format_money, known_currencies
from companion.i18n.money_input import MoneyInputError, parse_money
bad = []
for code in sorted(known_currencies()):
    for lang in LANGUAGES:
        for minor in (0, 5, 123456):
            shown = format_money(Money(minor, code), lang)
            try:
                back = parse_money(shown, code, lang)
            except MoneyInputError as exc:
                bad.append([lang, shown, str(exc)])
                continue
            if back != Money(minor, code):
                bad.append([lang, shown, repr(back)])
print(json.dumps(bad[:20]))
"""


@pytest.mark.parametrize("seed", ["0", "1", "3", "7"])
def test_every_shown_amount_reads_back_under_any_hash_seed(seed: str) -> None:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    result = run_python("-c", _READ_BACK, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_yen_amount_pasted_as_shown_is_saved_exactly(
    qtbot: QtBot, ctx: AppContext, lang: str
) -> None:
    set_language(lang)
    dialog = ReceiptDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.form
    form.currency.setCurrentIndex(form.currency.findData("JPY"))
    shown = format_money(Money(123456, "JPY"), lang)
    assert "JP¥" in shown
    form.amount.clear()
    form.amount.setFocus()
    event = QInputMethodEvent()  # a paste or an input method: committed text
    event.setCommitString(shown)
    QApplication.sendEvent(form.amount, event)
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert form.amount_error.isHidden(), form.amount_error.text()
    assert dialog.result() == dialog.DialogCode.Accepted
    row = ctx.conn.execute("SELECT amount_minor, currency FROM receipts").fetchone()
    assert (row[0], row[1]) == (123456, "JPY")
