"""The calendar export read by a strict client, with hostile card text.

Found by attacking issue 17's export: a card name, operator or plan holding
a bare carriage return (or any control character) was written raw, so a
client that ends lines at CR alone read "BEGIN:VEVENT" from a card's name as
a new event, and RFC 5545 forbids control characters in text values. Text
now goes out with every line break as ``\\n`` and other control characters
removed. The rest pins what already held: SEQUENCE, DTSTAMP, CANCELLED.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.domain.card import Card
from companion.domain.expiry import Expiry
from companion.services import cards as cards_service
from companion.services.ics import build_calendar, export_calendar

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_PROPERTY = re.compile(r"^[A-Z][A-Z-]*[;:]")


def _card(label: str, **extra: Any) -> Card:
    return Card(label, expiry=Expiry(dt.datetime(2026, 12, 20, 23, 59), "Europe/Moscow"), **extra)


def _physical_lines(text: str) -> list[str]:
    assert text.endswith("\r\n")
    return text[:-2].split("\r\n")


def _check_strict(text: str) -> None:
    """What a strict client needs: CRLF lines only, no control characters,
    every unfolded line a property, as many VEVENTs begun as ended."""
    lines = _physical_lines(text)
    for line in lines:
        assert not _CONTROL.search(line), repr(line)
        assert len(line.encode("utf-8")) <= 75
    unfolded: list[str] = []
    for line in lines:
        if line.startswith(" "):
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    for line in unfolded:
        assert _PROPERTY.match(line), repr(line)
    # A lenient client that also breaks at a lone CR or LF sees the same events.
    loose = re.split(r"\r\n|\r|\n", text)
    assert sum(1 for x in loose if x == "BEGIN:VEVENT") == sum(
        1 for x in unfolded if x == "BEGIN:VEVENT"
    )


@pytest.mark.parametrize(
    "label",
    ["A\rBEGIN:VEVENT", "B\nEND:VCALENDAR", "C\r\nX", "E\x00F", "G\x0bH\x1bI", "J\x7fK"],
)
def test_control_characters_in_a_card_never_break_the_file(ctx: Any, label: str) -> None:
    cards_service.save_card(ctx, _card(label, operator_name=label, plan_name=label))
    text = build_calendar(ctx)
    _check_strict(text)
    (event,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    summary = str(event["SUMMARY"])
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", summary)  # a line break may stay
    assert summary.endswith(" expires")


def test_printable_text_goes_out_exactly(ctx: Any) -> None:
    label = "B;,\\x\" 🎉 \u202eRTL 中文 Тест " + "long" * 40
    cards_service.save_card(ctx, _card(label, plan_name="Plan; a, b"))
    text = build_calendar(ctx)
    _check_strict(text)
    (event,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert str(event["SUMMARY"]) == f"{label} expires"
    assert "Plan: Plan; a, b" in str(event["DESCRIPTION"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=80).filter(lambda s: s.strip()))
def test_any_card_name_gives_a_strict_file(ctx: Any, label: str) -> None:
    ctx.conn.execute("DELETE FROM cards")
    ctx.conn.execute("DELETE FROM calendar_events")
    cards_service.save_card(ctx, _card(label))
    _check_strict(build_calendar(ctx))


def test_archive_then_export_cancels_and_restore_confirms(ctx: Any, clock: Any) -> None:
    """Export, change, export: SEQUENCE up, DTSTAMP the export's time; archive:
    CANCELLED under the same UID with a higher SEQUENCE; restore: CONFIRMED, higher."""
    card_id = cards_service.save_card(ctx, _card("MTS"))

    def event() -> Any:
        (ev,) = icalendar.Calendar.from_ical(build_calendar(ctx)).walk("VEVENT")
        return ev

    first = event()
    clock.advance(dt.timedelta(hours=2))
    card = cards_service.get_card(ctx, card_id)
    assert card is not None
    card.plan_name = "Unlimited"
    cards_service.save_card(ctx, card)
    second = event()
    assert second["UID"] == first["UID"]
    assert int(second["SEQUENCE"]) == int(first["SEQUENCE"]) + 1
    assert second.decoded("DTSTAMP") == clock()
    cards_service.set_archived(ctx, card_id, True)
    third = event()
    assert (str(third["STATUS"]), int(third["SEQUENCE"])) == ("CANCELLED", 2)
    assert event()["SEQUENCE"] == 2  # written again, not counted up again
    cards_service.set_archived(ctx, card_id, False)
    fourth = event()
    assert (str(fourth["STATUS"]), int(fourth["SEQUENCE"])) == ("CONFIRMED", 3)


def test_a_failed_export_leaves_no_part_file(ctx: Any, tmp_path: Path) -> None:
    """Found with `companion export ics` onto a full disk: x.ics.part stayed.
    Here the write fails because a folder of that name is in the way."""
    cards_service.save_card(ctx, _card("MTS"))
    folder = tmp_path / "exports"
    target = folder / "cal.ics"
    target.mkdir(parents=True)
    (target / "keep.txt").write_text("mine")
    with pytest.raises(OSError):
        export_calendar(ctx, target)
    assert sorted(p.name for p in folder.iterdir()) == ["cal.ics"]
    assert (target / "keep.txt").read_text() == "mine"


def test_a_new_card_never_takes_the_calendar_event_of_a_purged_one(ctx: Any) -> None:
    """Found by attacking delete → quit → add: SQLite gives a new row the id
    of the purged last one, and the UID is made from the id, so the new
    card's expiry was written as the *revival* of the deleted card's
    cancelled event (strict clients keep a cancelled UID cancelled, so the
    new card never showed up; others renamed the old event)."""
    cards_service.save_card(ctx, _card("MTS"))
    gone = cards_service.save_card(ctx, _card("Beeline"))
    build_calendar(ctx)
    cards_service.delete_card(ctx, gone)
    cards_service.end_session(ctx)  # quit: the deleted card is purged
    cancelled = {
        str(e["UID"]): str(e["STATUS"])
        for e in icalendar.Calendar.from_ical(build_calendar(ctx)).walk("VEVENT")
    }
    new = cards_service.save_card(ctx, _card("Tele2"))
    events = icalendar.Calendar.from_ical(build_calendar(ctx)).walk("VEVENT")
    (tele2,) = [e for e in events if str(e["SUMMARY"]) == "Tele2 expires"]
    assert str(tele2["UID"]) not in cancelled
    assert int(tele2["SEQUENCE"]) == 0
    assert new != gone
    beeline = [e for e in events if str(e["SUMMARY"]) == "Beeline expires"]
    assert [str(e["STATUS"]) for e in beeline] == ["CANCELLED"]


def test_delete_export_undo_export_brings_the_event_back(ctx: Any) -> None:
    """Delete → export (CANCELLED) → Undo → export: the same UID, CONFIRMED,
    a higher SEQUENCE; an activation code stays out unless asked for."""
    card_id = cards_service.save_card(ctx, _card("eSIM", kind="esim",
                                                 esim_activation_code="LPA:1$secret"))

    def only() -> Any:
        (ev,) = icalendar.Calendar.from_ical(build_calendar(ctx)).walk("VEVENT")
        return ev

    first = only()
    assert "secret" not in build_calendar(ctx)
    cards_service.delete_card(ctx, card_id)
    gone = only()
    assert (gone["UID"], str(gone["STATUS"])) == (first["UID"], "CANCELLED")
    assert int(gone["SEQUENCE"]) == int(first["SEQUENCE"]) + 1
    cards_service.undo_delete(ctx, card_id)
    back = only()
    assert (back["UID"], str(back["STATUS"])) == (first["UID"], "CONFIRMED")
    assert int(back["SEQUENCE"]) == int(gone["SEQUENCE"]) + 1
    assert "secret" in build_calendar(ctx, include_activation_codes=True)
