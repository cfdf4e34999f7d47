"""Cards, their short timers and per-card reminder lead times in SQLite.

Callers own the transaction (``store.database.transaction``), so a card and
its reminders, or a renewal and its receipt, are saved all or nothing.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from companion.domain.card import Card, CardTimer
from companion.domain.expiry import Expiry, RenewalRule
from companion.domain.money import Money
from companion.domain.reminders import MINUTES_PER_DAY


def utc_text(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="seconds")


def parse_utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


def _money(minor: int | None, currency: str | None) -> Money | None:
    return None if minor is None or not currency else Money(minor, currency)


_COLUMNS = (
    "label", "kind", "operator_id", "operator_name", "number", "plan_name",
    "plan_price_minor", "plan_currency", "renewal_kind", "renewal_value",
    "expiry_local", "expiry_zone", "expiry_utc", "auto_renew", "balance_minor",
    "balance_currency", "low_balance_minor", "notes", "esim_install_by",
    "esim_validity_start", "esim_activation_code", "archived", "updated_utc",
)


def _values(card: Card, now: dt.datetime) -> tuple[Any, ...]:
    exp = card.expiry
    return (
        card.label, card.kind, card.operator_id, card.operator_name, card.number,
        card.plan_name,
        card.plan_price.minor if card.plan_price else None,
        card.plan_price.currency if card.plan_price else None,
        card.renewal.kind, card.renewal.value,
        exp.local.isoformat(timespec="minutes") if exp else None,
        exp.zone if exp else None,
        utc_text(exp.instant) if exp else None,
        int(card.auto_renew),
        card.balance.minor if card.balance else None,
        card.balance.currency if card.balance else None,
        card.low_balance.minor if card.low_balance else None,
        card.notes,
        card.esim_install_by.isoformat() if card.esim_install_by else None,
        card.esim_validity_start,
        card.esim_activation_code or None,
        int(card.archived),
        utc_text(now),
    )


def row_to_card(row: sqlite3.Row) -> Card:
    expiry = None
    if row["expiry_local"] and row["expiry_zone"]:
        expiry = Expiry(dt.datetime.fromisoformat(row["expiry_local"]), row["expiry_zone"])
    return Card(
        id=row["id"],
        label=row["label"],
        kind=row["kind"],
        operator_id=row["operator_id"],
        operator_name=row["operator_name"],
        number=row["number"],
        plan_name=row["plan_name"],
        plan_price=_money(row["plan_price_minor"], row["plan_currency"]),
        renewal=RenewalRule(row["renewal_kind"], row["renewal_value"]),
        expiry=expiry,
        auto_renew=bool(row["auto_renew"]),
        balance=_money(row["balance_minor"], row["balance_currency"]),
        low_balance=_money(row["low_balance_minor"], row["balance_currency"]),
        notes=row["notes"],
        esim_install_by=(
            dt.date.fromisoformat(row["esim_install_by"]) if row["esim_install_by"] else None
        ),
        esim_validity_start=row["esim_validity_start"],
        esim_activation_code=row["esim_activation_code"] or "",
        archived=bool(row["archived"]),
        updated=parse_utc(row["updated_utc"]),
    )


class CardsRepo:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    # ----- cards ------------------------------------------------------------
    def _next_id(self) -> int:
        """An id no card ever had. SQLite would give a new row the id of a
        purged last one, and exported calendar events are named by card id:
        the new card's event would then revive the deleted card's cancelled one."""
        row = self._conn.execute(
            "SELECT MAX(COALESCE((SELECT MAX(id) FROM cards), 0), "
            "COALESCE((SELECT MAX(card_id) FROM calendar_events), 0)) + 1"
        ).fetchone()
        return int(row[0])

    def insert(self, card: Card, now: dt.datetime) -> int:
        cols = ", ".join(("id", *_COLUMNS, "created_utc"))
        marks = ", ".join("?" * (len(_COLUMNS) + 2))
        cur = self._conn.execute(
            f"INSERT INTO cards ({cols}) VALUES ({marks})",
            (self._next_id(), *_values(card, now), utc_text(now)),
        )
        assert cur.lastrowid is not None
        card.id = cur.lastrowid
        card.updated = now
        self._save_leads(card)
        return cur.lastrowid

    def update(self, card: Card, now: dt.datetime) -> None:
        assert card.id is not None
        sets = ", ".join(f"{c} = ?" for c in _COLUMNS)
        self._conn.execute(
            f"UPDATE cards SET {sets} WHERE id = ?", (*_values(card, now), card.id)
        )
        card.updated = now
        self._save_leads(card)

    def get(self, card_id: int) -> Card | None:
        row = self._conn.execute(
            "SELECT * FROM cards WHERE id = ? AND deleted_utc IS NULL", (card_id,)
        ).fetchone()
        return None if row is None else self._with_leads(row_to_card(row))

    def cards(self, archived: bool = False) -> list[Card]:
        rows = self._conn.execute(
            "SELECT * FROM cards WHERE deleted_utc IS NULL AND archived = ? "
            "ORDER BY expiry_utc IS NULL, expiry_utc, label",
            (int(archived),),
        ).fetchall()
        return [self._with_leads(row_to_card(r)) for r in rows]

    def set_archived(self, card_id: int, archived: bool, now: dt.datetime) -> None:
        self._conn.execute(
            "UPDATE cards SET archived = ?, updated_utc = ? WHERE id = ?",
            (int(archived), utc_text(now), card_id),
        )

    def mark_deleted(self, card_id: int, now: dt.datetime) -> None:
        self._conn.execute(
            "UPDATE cards SET deleted_utc = ? WHERE id = ?", (utc_text(now), card_id)
        )

    def restore(self, card_id: int) -> None:
        self._conn.execute("UPDATE cards SET deleted_utc = NULL WHERE id = ?", (card_id,))

    def purge_deleted(self, keep: set[int] | frozenset[int] = frozenset()) -> int:
        """Remove deleted cards for good, except ``keep``; renewals, timers and
        reminders cascade."""
        rows = self._conn.execute("SELECT id FROM cards WHERE deleted_utc IS NOT NULL").fetchall()
        gone = [r[0] for r in rows if r[0] not in keep]
        for card_id in gone:
            self._conn.execute("DELETE FROM cards WHERE id = ?", (card_id,))
        return len(gone)

    # ----- per-card lead times ------------------------------------------------
    def _save_leads(self, card: Card) -> None:
        self._conn.execute(
            "DELETE FROM reminder_rules WHERE card_id = ? AND kind = 'expiry'", (card.id,)
        )
        for days in card.lead_days or ():
            self._conn.execute(
                "INSERT INTO reminder_rules (card_id, kind, lead_minutes) VALUES (?, 'expiry', ?)",
                (card.id, days * MINUTES_PER_DAY),
            )

    def _with_leads(self, card: Card) -> Card:
        rows = self._conn.execute(
            "SELECT lead_minutes FROM reminder_rules WHERE card_id = ? AND kind = 'expiry' "
            "ORDER BY lead_minutes DESC",
            (card.id,),
        ).fetchall()
        card.lead_days = tuple(r[0] // MINUTES_PER_DAY for r in rows) if rows else None
        return card

    # ----- short timers ---------------------------------------------------------
    def add_timer(self, timer: CardTimer) -> int:
        cur = self._conn.execute(
            "INSERT INTO card_timers (card_id, kind, started_utc, ends_utc, note) "
            "VALUES (?, ?, ?, ?, ?)",
            (timer.card_id, timer.kind, utc_text(timer.started), utc_text(timer.ends), timer.note),
        )
        assert cur.lastrowid is not None
        timer.id = cur.lastrowid
        return cur.lastrowid

    def timers(self, card_id: int | None = None, ending_after: dt.datetime | None = None) -> list[
        CardTimer
    ]:
        sql = "SELECT * FROM card_timers WHERE 1 = 1"
        args: list[Any] = []
        if card_id is not None:
            sql += " AND card_id = ?"
            args.append(card_id)
        if ending_after is not None:
            sql += " AND ends_utc > ?"
            args.append(utc_text(ending_after))
        rows = self._conn.execute(sql + " ORDER BY ends_utc", args).fetchall()
        return [
            CardTimer(
                id=r["id"], card_id=r["card_id"], kind=r["kind"],
                started=parse_utc(r["started_utc"]), ends=parse_utc(r["ends_utc"]),
                note=r["note"],
            )
            for r in rows
        ]

    def delete_timer(self, timer_id: int) -> None:
        self._conn.execute("DELETE FROM card_timers WHERE id = ?", (timer_id,))
