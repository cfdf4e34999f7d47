"""Calendar export that strict clients trust: SEQUENCE grows on every change
of an event (remembered in the database), archived and deleted cards' events
come back as STATUS:CANCELLED under the same UID, install-by times are in the
card's zone, and the window asks about activation codes with No as the
default. Parsed with the icalendar package, as a client would."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import icalendar
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from companion.domain.card import Card
from companion.domain.expiry import Expiry
from companion.services import cards as cards_service
from companion.services import reminders
from companion.services.ics import build_calendar, export_calendar, written_message

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _events(text: str) -> dict[str, Any]:
    """SUMMARY's card part → event (SUMMARY stays the same when cancelled)."""
    cal = icalendar.Calendar.from_ical(text)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def _by_summary(text: str, summary: str) -> Any:
    return next(e for e in _events(text).values() if str(e["SUMMARY"]) == summary)


def _moscow(label: str, day: int = 10) -> Card:
    return Card(label, expiry=Expiry(dt.datetime(2026, 12, day, 23, 59), "Europe/Moscow"))


def test_correcting_an_expiry_by_hand_raises_the_sequence(ctx: Any, clock: Any) -> None:
    card_id = cards_service.save_card(ctx, _moscow("MTS SIM"))
    first = _by_summary(build_calendar(ctx), "MTS SIM expires")
    assert int(first["SEQUENCE"]) == 0
    card = cards_service.get_card(ctx, card_id)
    assert card is not None
    card.expiry = Expiry(dt.datetime(2026, 12, 12, 23, 59), "Europe/Moscow")  # typo fixed
    cards_service.save_card(ctx, card)
    clock.advance(dt.timedelta(hours=1))
    second = _by_summary(build_calendar(ctx), "MTS SIM expires")
    assert second["UID"] == first["UID"]
    assert second.decoded("DTSTART") == dt.datetime(2026, 12, 12, 20, 59, tzinfo=dt.UTC)
    assert int(second["SEQUENCE"]) == 1
    # Nothing changed: the same number again; a rename is a change too.
    assert int(_by_summary(build_calendar(ctx), "MTS SIM expires")["SEQUENCE"]) == 1
    card.label = "MTS main"
    cards_service.save_card(ctx, card)
    assert int(_by_summary(build_calendar(ctx), "MTS main expires")["SEQUENCE"]) == 2
    # Kept in the database: a new session continues from there.
    row = ctx.conn.execute("SELECT sequence FROM calendar_events").fetchone()
    assert row[0] == 2


def test_archived_and_deleted_cards_are_cancelled_under_their_uid(
    ctx: Any, clock: Any, tmp_path: Path
) -> None:
    archived = cards_service.save_card(ctx, _moscow("Trip SIM"))
    deleted = cards_service.save_card(ctx, _moscow("Old SIM", 11))
    cards_service.save_card(ctx, _moscow("Kept SIM", 12))
    before = _events(build_calendar(ctx))
    assert len(before) == 3
    cards_service.set_archived(ctx, archived, True)
    cards_service.delete_card(ctx, deleted)
    assert cards_service.end_session(ctx) == 1  # purged: the row is gone for good
    after = _events(build_calendar(ctx))
    assert after.keys() == before.keys()
    status = {str(e["SUMMARY"]): (str(e["STATUS"]), int(e["SEQUENCE"])) for e in after.values()}
    assert status == {
        "Trip SIM expires": ("CANCELLED", 1),
        "Old SIM expires": ("CANCELLED", 1),
        "Kept SIM expires": ("CONFIRMED", 0),
    }
    # Still cancelled, with the same number, in every later export.
    again = _events(build_calendar(ctx))
    assert {str(e["SUMMARY"]): (str(e["STATUS"]), int(e["SEQUENCE"])) for e in again.values()} \
        == status
    # The sentence the user reads counts both, from what was written.
    counts = export_calendar(ctx, tmp_path / "cards.ics")
    assert counts == (1, 2)
    assert written_message(counts, "cards.ics") == (
        "Wrote 1 event to cards.ics. 2 events of archived or deleted cards are marked "
        "cancelled, so calendars drop them."
    )
    assert len(_events((tmp_path / "cards.ics").read_text("utf-8"))) == 3
    # Restored from the archive: the event is back, with a higher number still.
    cards_service.set_archived(ctx, archived, False)
    back = _by_summary(build_calendar(ctx), "Trip SIM expires")
    assert (str(back["STATUS"]), int(back["SEQUENCE"])) == ("CONFIRMED", 2)


def test_install_by_is_in_the_cards_zone(
    ctx: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Asia/Shanghai")  # the computer's zone
    cards_service.save_card(ctx, Card(
        "Travel eSIM", kind="travel_esim", esim_install_by=dt.date(2026, 12, 1),
    ))
    cards_service.save_card(ctx, Card(
        "Moscow eSIM", kind="esim", esim_install_by=dt.date(2026, 12, 1),
        expiry=Expiry(dt.datetime(2027, 1, 5, 12, 0), "Europe/Moscow"),
    ))
    text = build_calendar(ctx)
    travel = _by_summary(text, "Install the eSIM “Travel eSIM”")
    # 09:00 on the day in Shanghai (no expiry: the computer's zone), not 09:00 UTC.
    assert travel.decoded("DTSTART") == dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)
    assert "Asia/Shanghai" in str(travel["DESCRIPTION"])
    moscow = _by_summary(text, "Install the eSIM “Moscow eSIM”")
    assert moscow.decoded("DTSTART") == dt.datetime(2026, 12, 1, 6, 0, tzinfo=dt.UTC)
    # The app's own reminder comes at the same instant as the calendar's event.
    due = sorted(
        n.due for n in reminders.upcoming(ctx, dt.timedelta(days=30))
        if n.kind == "install_by" and n.card_label == "Travel eSIM"
    )
    assert due[-1] == dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)


def test_the_window_asks_about_activation_codes_with_no_as_default(
    main_window: Any, ctx: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    from PySide6.QtWidgets import QFileDialog

    cards_service.save_card(ctx, Card(
        "Travel eSIM", kind="travel_esim", esim_activation_code="LPA:1$x$SECRET",
        expiry=Expiry(dt.datetime(2027, 1, 5, 12, 0), "Asia/Shanghai"),
    ))
    target = tmp_path / "cards.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    main_window.show_section("cards")
    page = main_window.page("cards")
    defaults: list[str] = []
    texts: list[str] = []

    def answer() -> None:  # Enter in each box the export opens, as a hurried user would
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            default = box.defaultButton()
            defaults.append(box.standardButton(default).name if default else "none")
            texts.append(box.text())
            qtbot.keyClick(box, Qt.Key.Key_Return)

    poll = QTimer()
    poll.timeout.connect(answer)
    poll.start(20)
    try:
        page.export_calendar()
    finally:
        poll.stop()
    assert defaults[0] == "No"
    assert texts[1] == f"Wrote 1 event to {target}."
    text = target.read_text("utf-8").replace("\r\n ", "")
    assert "SECRET" not in text
    assert "Travel eSIM expires" in text
