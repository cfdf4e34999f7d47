"""Attacking "Add to phone calendar…": nasty card names decoded as a phone would,
and the all-cards message when no card has anything ahead."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar, Event

from companion.domain.card import Card
from companion.domain.expiry import Expiry
from companion.services import cards as cards_service
from companion.services.phone_calendar import all_cards_calendar, card_event
from companion.ui.guide.guide_code_panel import qr_png

needs_zbar = pytest.mark.skipif(shutil.which("zbarimg") is None, reason="needs zbarimg")

NAMES = [
    "МТС 🇷🇺📱 SIM",
    "שלום עולם SIM ‏مرحبا",
    "x" * 200,
    "🙂" * 200,
    "A\nEND:VEVENT\r\nBEGIN:VEVENT\nSUMMARY:evil",
    "BEGIN:VEVENT",
    "semi;colon, comma\\back",
]


def _card(ctx: Any, label: str, expires: dt.datetime) -> Card:
    card = Card(label, operator_id="mts", operator_name="MTS", number="+79123456789",
                expiry=Expiry(expires, "Europe/Moscow"))
    card.id = cards_service.save_card(ctx, card)
    got = cards_service.get_card(ctx, card.id)
    assert got is not None
    return got


@needs_zbar
@pytest.mark.parametrize("label", NAMES)
def test_a_nasty_name_reaches_the_phone_exactly_in_one_event(
    ctx: Any, tmp_path: Path, label: str
) -> None:
    card = _card(ctx, label, dt.datetime(2026, 12, 4, 23, 59))
    text = card_event(ctx, card)
    assert text is not None
    path = tmp_path / "code.png"
    path.write_bytes(qr_png(text))
    read = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sbinary", str(path)],
                          capture_output=True, check=True, timeout=60).stdout.decode("utf-8")
    calendar = Calendar.from_ical("BEGIN:VCALENDAR\r\n" + read.rstrip("\n") + "\r\nEND:VCALENDAR")
    [event] = calendar.walk("VEVENT")
    assert isinstance(event, Event)
    # A line break stays one (CRLF is written as one break, as in .ics export).
    assert str(event["summary"]).startswith(f"Renew {label.replace(chr(13) + chr(10), chr(10))}: ")


def test_all_cards_with_nothing_ahead_does_not_say_too_many(
    main_window: Any, ctx: Any, clock: Any
) -> None:
    from companion.ui.cards.phone_qr_dialog import PhoneQrDialog

    card = _card(ctx, "Old SIM", dt.datetime(2026, 11, 1, 23, 59))  # now is 24 Nov 2026
    assert all_cards_calendar(ctx, [card]) is None
    dialog = PhoneQrDialog(ctx, card)
    dialog.all_cards.setChecked(True)
    note = dialog.note.text()
    assert "Too many" not in note
    assert note == "No card has a reminder ahead: give a card an expiry in the future first."
    dialog.reject()
