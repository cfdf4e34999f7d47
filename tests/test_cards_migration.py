"""A database written by schema version 1 (tests/data/schema_v1.sql) opens,
is copied, and is migrated: calendar SEQUENCE numbers carry on from what the
old export wrote, and lead-time copies that were only the editor's prefill now
follow Settings."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import icalendar

from companion.domain.expiry import Expiry
from companion.paths import data_paths
from companion.services import cards as cards_service
from companion.services.context import open_context
from companion.services.ics import build_calendar
from companion.store.migrations import LATEST_VERSION

FIXTURE = Path(__file__).parent / "data" / "schema_v1.sql"


def _v1_data_dir(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    paths = data_paths(root)
    paths.ensure()
    raw = sqlite3.connect(paths.database)
    raw.executescript(FIXTURE.read_text("utf-8"))
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
    raw.close()
    return root


def _leads(ctx: Any) -> dict[str, tuple[int, ...] | None]:
    return {c.label: c.lead_days for c in cards_service.list_cards(ctx)}


def test_a_version_1_database_is_migrated(tmp_path: Path, clock: Any) -> None:
    root = _v1_data_dir(tmp_path)
    ctx = open_context(data_paths(root), clock=clock)
    try:
        version = ctx.conn.execute("PRAGMA user_version").fetchone()[0]
        assert version == LATEST_VERSION
        assert list((root / "backups").glob("pre-migration-v1-*.sqlite3"))
        # The prefilled default copy follows Settings; a chosen list stays.
        assert _leads(ctx) == {
            "MTS SIM": None, "Beeline SIM": (14, 2), "Travel eSIM": None,
        }
        settings = ctx.settings.load()
        settings.reminder_lead_days = (2,)
        ctx.settings.save(settings)
        cal = icalendar.Calendar.from_ical(build_calendar(ctx))
        events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
        alarms = {s: len(e.walk("VALARM")) for s, e in events.items()}
        assert alarms["MTS SIM expires"] == 1  # Settings' one lead time
        assert alarms["Beeline SIM expires"] == 2  # its own two
        # The old export wrote SEQUENCE = renewals (2): never lower afterwards.
        assert int(events["MTS SIM expires"]["SEQUENCE"]) == 2
        card = next(c for c in cards_service.list_cards(ctx) if c.label == "MTS SIM")
        assert card.expiry is not None
        card.expiry = Expiry(card.expiry.local + dt.timedelta(days=1), card.expiry.zone)
        cards_service.save_card(ctx, card)
        cal = icalendar.Calendar.from_ical(build_calendar(ctx))
        events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
        assert int(events["MTS SIM expires"]["SEQUENCE"]) == 3
    finally:
        ctx.close()
