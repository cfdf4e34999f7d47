"""``Etc/GMT+3`` is three hours *behind* UTC: the forms explain instead of saving it.

Found attacking issue 17: operators write "MSK (GMT+3)"; the zone list offers
``Etc/GMT+3``, whose POSIX sign is reversed (UTC−3). Picked for a Moscow card
expiring 23:59, the expiry was stored six hours late and every countdown said
six hours more than there were. These names are no longer offered, and typed
they are refused with a sentence that points to a city zone. ``Etc/GMT``,
``Etc/UTC`` and city zones are unchanged.
"""

from __future__ import annotations

from typing import Any

import pytest
from card_form_helpers import OFFSCREEN_NOISE, fill, open_editor, save, stored

from companion.domain.zone_names import has_reversed_sign
from companion.i18n import set_language
from companion.services.zones import all_zones

pytestmark = pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE)


@pytest.mark.parametrize(("lang", "says"), [
    ("en", "3 hours behind UTC"), ("ru", "отстаёт от UTC на 3 часа"), ("zh_Hans", "比 UTC 晚 3 小时"),
])
def test_the_card_editor_explains_a_reversed_gmt_zone(
    main_window: Any, ctx: Any, qtbot: Any, lang: str, says: str
) -> None:
    set_language(lang)
    dialog = open_editor(main_window)
    date_text = {"en": "12/10/2026", "ru": "10.12.2026", "zh_Hans": "2026-12-10"}[lang]
    fill(qtbot, dialog, date_text, zone="Etc/GMT+3")
    save(qtbot, dialog)
    assert dialog.isVisible()
    error = dialog.errors["expiry"]
    assert not error.isHidden() and says in error.text(), error.text()
    assert "Europe/Moscow" in error.text()
    assert stored(ctx) == []
    set_language("en")


def test_the_receipt_form_explains_it_too(qtbot: Any, ctx: Any) -> None:
    from companion.ui.receipts.receipt_form import ReceiptForm

    form = ReceiptForm(ctx)
    qtbot.addWidget(form)
    form.zone.setEditText("")
    qtbot.keyClicks(form.zone.lineEdit(), "Etc/GMT-5")
    form.amount.setText("500")
    assert form.validate() is None
    assert "5 hours ahead of UTC" in form.paid_error.text()


def test_reversed_names_are_not_offered_and_plain_ones_stay() -> None:
    offered = set(all_zones())
    assert "Etc/GMT+3" not in offered and "Etc/GMT-14" not in offered
    assert {"Europe/Moscow", "Etc/UTC", "UTC"} <= offered
    assert has_reversed_sign("Etc/GMT+3") and has_reversed_sign("Etc/GMT-14")
    for name in ("Etc/GMT", "Etc/GMT+0", "Etc/GMT-0", "Etc/UTC", "Europe/Moscow", "GMT"):
        assert not has_reversed_sign(name)
