"""Cards → Add to phone calendar: the QR code a phone camera turns into an event.

The rendered PNG is decoded with zbarimg (zbar-tools) and parsed with icalendar,
so the test reads what a phone would read, not what the code meant to write.
"""

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

needs_zbar = pytest.mark.skipif(
    shutil.which("zbarimg") is None, reason="decoding needs zbarimg (apt install zbar-tools)"
)


def _decode(png: bytes, tmp_path: Path) -> str:
    path = tmp_path / "code.png"
    path.write_bytes(png)
    out = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sbinary", str(path)],
        capture_output=True, check=True, timeout=30,
    ).stdout
    return out.decode("utf-8").rstrip("\n")


def _card(ctx: Any, label: str = "MTS <SIM>") -> Card:
    expiry = Expiry(dt.datetime(2026, 12, 4, 23, 59), "Europe/Moscow")
    card = Card(label, operator_id="mts", operator_name="MTS", number="+79123456789",
                expiry=expiry)
    card.id = cards_service.save_card(ctx, card)
    got = cards_service.get_card(ctx, card.id)
    assert got is not None
    return got


@needs_zbar
def test_a_phone_reads_the_next_reminder_with_expiry_operator_number_and_code(
    ctx: Any, tmp_path: Path
) -> None:
    card = _card(ctx)  # expires 4 Dec 23:59 Moscow; now is 24 Nov 12:00 Moscow
    text = card_event(ctx, card)
    assert text is not None
    read = _decode(qr_png(text), tmp_path)
    event = Event.from_ical(read)
    # The next lead is 7 days before, 27 Nov at 09:00 Moscow = 06:00 UTC.
    assert event.decoded("dtstart") == dt.datetime(2026, 11, 27, 6, 0, tzinfo=dt.UTC)
    summary = str(event["summary"])
    assert summary.startswith("Renew MTS <SIM>: expires 12/4/26, 11:59")
    assert "Moscow" in summary
    description = str(event["description"])
    assert "+79123456789" in description and "MTS" in description
    assert "*100#" in description


@needs_zbar
def test_all_cards_in_one_code_when_they_fit(ctx: Any, tmp_path: Path) -> None:
    cards = [_card(ctx, f"Card {i}") for i in range(3)]
    text = all_cards_calendar(ctx, cards)
    assert text is not None
    calendar = Calendar.from_ical(_decode(qr_png(text), tmp_path))
    assert len(calendar.walk("VEVENT")) == 3


def test_too_many_cards_for_one_code(ctx: Any) -> None:
    cards = [_card(ctx, f"A long card name number {i} " + "x" * 40) for i in range(30)]
    assert all_cards_calendar(ctx, cards) is None


def test_an_expired_card_has_no_code(ctx: Any, clock: Any) -> None:
    card = _card(ctx)
    clock.set(dt.datetime(2026, 12, 6, tzinfo=dt.UTC))
    assert card_event(ctx, card) is None


@needs_zbar
def test_the_dialog_shows_the_code_for_the_selected_card(
    main_window: Any, ctx: Any, qtbot: Any, tmp_path: Path
) -> None:
    from companion.ui.cards.phone_qr_dialog import PhoneQrDialog

    card = _card(ctx)
    main_window.show_section("cards")
    page = main_window.page("cards")
    page.refresh()
    page.select_card(card.id)
    assert page.phone_button.isEnabled()
    page.phone_button.click()
    dialog = page.dialog
    assert isinstance(dialog, PhoneQrDialog)
    pixmap = dialog.code.pixmap()
    assert not pixmap.isNull()
    png = tmp_path / "shown.png"
    assert pixmap.save(str(png), "PNG")
    shown = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sbinary", str(png)],
                           capture_output=True, check=True).stdout.decode()
    assert "BEGIN:VEVENT" in shown and "MTS <SIM>" in shown
    dialog.all_cards.setChecked(True)
    assert "BEGIN:VCALENDAR" in dialog.text.toPlainText()
    dialog.reject()
