"""What each exported calendar event last said, and its SEQUENCE, by UID.

Why stored: SEQUENCE must grow with every change of an event, and a card that
was archived or deleted must be exported once more as cancelled under the UID
the calendar already holds, after the card itself is gone.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import NamedTuple

from companion.store.cards_repo import parse_utc, utc_text


class ExportedEvent(NamedTuple):
    uid: str
    card_id: int
    sequence: int
    fingerprint: str
    start: dt.datetime
    summary: str
    cancelled: bool


class CalendarRepo:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def all(self) -> dict[str, ExportedEvent]:
        rows = self._conn.execute("SELECT * FROM calendar_events ORDER BY card_id, uid").fetchall()
        return {
            r["uid"]: ExportedEvent(
                r["uid"], r["card_id"], r["sequence"], r["fingerprint"],
                parse_utc(r["start_utc"]), r["summary"], bool(r["cancelled"]),
            )
            for r in rows
        }

    def save(self, event: ExportedEvent) -> None:
        self._conn.execute(
            "INSERT INTO calendar_events "
            "(uid, card_id, sequence, fingerprint, start_utc, summary, cancelled) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (uid) DO UPDATE SET "
            "card_id = excluded.card_id, sequence = excluded.sequence, "
            "fingerprint = excluded.fingerprint, start_utc = excluded.start_utc, "
            "summary = excluded.summary, cancelled = excluded.cancelled",
            (event.uid, event.card_id, event.sequence, event.fingerprint,
             utc_text(event.start), event.summary, int(event.cancelled)),
        )
