"""Every window a user can reach, built in the current language, for the
keyboard and screen-reader tests.

Why one walk: a mnemonic, a stray ampersand or an unnamed field is a
property of a whole window in one language; a test that only opened the
windows its author thought of would miss the dialog added next month.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from companion.domain.card import Card
from companion.domain.expiry import Expiry, RenewalRule
from companion.domain.money import Money
from companion.services import cards as cards_service

LANGUAGES = ("en", "ru", "zh_Hans")
SECTIONS = ("guide", "cards", "receipts", "settings")


def a_card(ctx: Any) -> Card:
    """A card with everything set, so every field of its dialogs is shown."""
    card_id = cards_service.save_card(ctx, Card(
        "Beeline", renewal=RenewalRule("days", 30), plan_price=Money(50000, "RUB"),
        expiry=Expiry(dt.datetime(2026, 11, 30, 23, 59), "Europe/Moscow"),
    ))
    card = cards_service.get_card(ctx, card_id)
    assert card is not None
    return card


def windows(window: Any, ctx: Any, qtbot: Any, tmp_path: Path) -> Iterator[tuple[str, QWidget]]:
    """Each page shown in the main window, then each dialog, shown; every
    one is yielded while it is on screen and closed after."""
    from companion.services.data_safety import recovery
    from companion.ui.cards.card_dialog import CardDialog
    from companion.ui.cards.phone_qr_dialog import PhoneQrDialog
    from companion.ui.cards.renew_dialog import RenewDialog
    from companion.ui.receipts.receipt_dialog import ReceiptDialog
    from companion.ui.receipts.receipts_import_dialog import ImportDialog
    from companion.ui.shell.about_dialog import AboutDialog
    from companion.ui.shell.recovery_dialog import RecoveryDialog
    from companion.ui.shell.shortcuts_dialog import ShortcutsDialog
    from companion.ui.shell.welcome_dialog import WelcomeDialog

    card = cards_service.list_cards(ctx)[0] if cards_service.list_cards(ctx) else a_card(ctx)
    window.reload_pages()
    qtbot.wait(20)
    for key in SECTIONS:
        window.show_section(key)
        page = window.page(key)
        refresh = getattr(page, "refresh", None)
        if callable(refresh):
            refresh()
        if key == "cards":
            page.select_card(card.id)
        QApplication.processEvents()
        yield f"page {key}", window
        if key == "cards":
            page.archived_box.setChecked(True)  # "Archive" becomes "Restore"
            QApplication.processEvents()
            yield "page cards (archived shown)", window
            page.archived_box.setChecked(False)

    cards = window.page("cards")
    csv = tmp_path / "receipts.csv"
    csv.write_text("paid_at,zone,amount,currency,method,card,reference\r\n", encoding="utf-8")
    damaged = recovery.damaged_text(ctx.paths, "malformed", None, "")

    def renew_with_receipt() -> QWidget:
        dialog = RenewDialog(cards, ctx, card, "Europe/Moscow", "RUB")
        dialog.receipt_group.setChecked(True)
        return dialog

    def import_dialog() -> QWidget:
        dialog = ImportDialog(ctx, csv, window)
        qtbot.waitUntil(lambda: not dialog.reading, timeout=10000)  # the file is read
        return dialog

    def esim_editor() -> QWidget:
        dialog = CardDialog(cards, None, "RUB", (3, 1), ctx.now())
        dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("esim"))
        return dialog

    makers: list[tuple[str, Any]] = [
        ("card editor (new)", lambda: CardDialog(cards, None, "RUB", (3, 1), ctx.now())),
        ("card editor (edit)", lambda: CardDialog(cards, card, "RUB", (3, 1), ctx.now())),
        ("card editor (eSIM)", esim_editor),
        ("renew", lambda: RenewDialog(cards, ctx, card, "Europe/Moscow", "RUB")),
        ("renew with receipt", renew_with_receipt),
        ("receipt (new)", lambda: ReceiptDialog(ctx, parent=window)),
        ("import", import_dialog),
        ("shortcuts", lambda: ShortcutsDialog(window)),
        ("about", lambda: AboutDialog(ctx, window)),
        ("phone QR", lambda: PhoneQrDialog(ctx, card)),
        ("recovery", lambda: RecoveryDialog(damaged, [], None)),
        ("welcome", lambda: WelcomeDialog(window)),
    ]
    for name, make in makers:
        dialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        yield name, dialog
        dialog.reject()  # as Esc would; qtbot deletes it after the test


def _shown(widget: QWidget, root: QWidget) -> bool:
    return widget is root or widget.isVisibleTo(root)


def visible_widgets(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget) if _shown(w, root)]


_MNEMONIC = re.compile(r"&(.)")


def mnemonic(text: str) -> str | None:
    """The Alt+key a text gives ("&&" is a literal ampersand, not a key)."""
    for match in _MNEMONIC.finditer(text.replace("&&", "")):
        key = match.group(1)
        if not key.isspace():
            return key.casefold()
    return None
