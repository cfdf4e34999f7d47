"""Reminder events: what was planned, fired, snoozed or dismissed, per cycle.

Why INSERT OR IGNORE: planning runs at every start and every minute; the
UNIQUE key (card, kind, cycle, lead) makes a second run a no-op, so a restart
never duplicates a reminder nor forgets that one was dismissed.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable

from companion.domain.reminders import PlannedReminder, ReminderEvent
from companion.store.cards_repo import parse_utc, utc_text


def _row_to_event(r: sqlite3.Row) -> ReminderEvent:
    return ReminderEvent(
        id=r["id"],
        card_id=r["card_id"],
        kind=r["kind"],
        cycle_key=r["cycle_key"],
        lead_minutes=r["lead_minutes"],
        due=parse_utc(r["due_utc"]),
        state=r["state"],
        snoozed_until=parse_utc(r["snoozed_until_utc"]) if r["snoozed_until_utc"] else None,
        fired_at=parse_utc(r["fired_utc"]) if r["fired_utc"] else None,
    )


class RemindersRepo:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def sync_card(self, card_id: int, plans: Iterable[PlannedReminder]) -> None:
        """Make the card's open events match ``plans`` (inside the caller's transaction).

        New plans are added; open events of cycles or lead times no longer
        planned (a renewal, an edited lead list) are removed. Done events of
        the current cycles stay, so they are not shown again.
        """
        keep: set[tuple[str, str, int]] = set()
        for p in plans:
            keep.add((p.kind, p.cycle_key, p.lead_minutes))
            self._conn.execute(
                "INSERT INTO reminder_events (card_id, kind, cycle_key, lead_minutes, due_utc) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (card_id, kind, cycle_key, lead_minutes) "
                "DO UPDATE SET due_utc = excluded.due_utc WHERE state = 'pending'",
                (p.card_id, p.kind, p.cycle_key, p.lead_minutes, utc_text(p.due)),
            )
        rows = self._conn.execute(
            "SELECT id, kind, cycle_key, lead_minutes FROM reminder_events WHERE card_id = ?",
            (card_id,),
        ).fetchall()
        for r in rows:
            if (r["kind"], r["cycle_key"], r["lead_minutes"]) not in keep:
                self._conn.execute("DELETE FROM reminder_events WHERE id = ?", (r["id"],))

    def clear_card(self, card_id: int) -> None:
        self._conn.execute("DELETE FROM reminder_events WHERE card_id = ?", (card_id,))

    def open_events(self) -> list[ReminderEvent]:
        rows = self._conn.execute(
            "SELECT e.* FROM reminder_events e JOIN cards c ON c.id = e.card_id "
            "WHERE e.state IN ('pending', 'snoozed') AND c.deleted_utc IS NULL "
            "AND c.archived = 0 ORDER BY e.due_utc"
        ).fetchall()
        return [_row_to_event(r) for r in rows]

    def shown_events(self) -> list[ReminderEvent]:
        """Fired and neither snoozed nor dismissed, of cards not archived or deleted."""
        rows = self._conn.execute(
            "SELECT e.* FROM reminder_events e JOIN cards c ON c.id = e.card_id "
            "WHERE e.state = 'fired' AND c.deleted_utc IS NULL "
            "AND c.archived = 0 ORDER BY e.due_utc, e.id"
        ).fetchall()
        return [_row_to_event(r) for r in rows]

    def all_for_card(self, card_id: int) -> list[ReminderEvent]:
        rows = self._conn.execute(
            "SELECT * FROM reminder_events WHERE card_id = ? ORDER BY due_utc", (card_id,)
        ).fetchall()
        return [_row_to_event(r) for r in rows]

    def get(self, event_id: int) -> ReminderEvent | None:
        row = self._conn.execute(
            "SELECT * FROM reminder_events WHERE id = ?", (event_id,)
        ).fetchone()
        return None if row is None else _row_to_event(row)

    def mark_fired(self, event_id: int, now: dt.datetime) -> None:
        self._conn.execute(
            "UPDATE reminder_events SET state = 'fired', fired_utc = ?, snoozed_until_utc = NULL "
            "WHERE id = ?",
            (utc_text(now), event_id),
        )

    def snooze(self, event_id: int, until: dt.datetime) -> None:
        self._conn.execute(
            "UPDATE reminder_events SET state = 'snoozed', snoozed_until_utc = ? WHERE id = ?",
            (utc_text(until), event_id),
        )

    def dismiss(self, event_id: int) -> None:
        self._conn.execute(
            "UPDATE reminder_events SET state = 'dismissed', snoozed_until_utc = NULL "
            "WHERE id = ?",
            (event_id,),
        )
