"""The schema as an ordered ladder of migrations.

Each entry upgrades the database by one version inside one transaction, so a
crash mid-upgrade leaves the previous version intact. Append new steps; never
edit a step that has shipped in a release (0.1.0 has not shipped yet).
"""

from __future__ import annotations

V1 = """
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE cards (
    id                   INTEGER PRIMARY KEY,
    label                TEXT NOT NULL,
    kind                 TEXT NOT NULL
                         CHECK (kind IN ('sim', 'esim', 'travel_esim', 'transport', 'other')),
    operator_id          TEXT,
    operator_name        TEXT NOT NULL DEFAULT '',
    number               TEXT NOT NULL DEFAULT '',
    plan_name            TEXT NOT NULL DEFAULT '',
    plan_price_minor     INTEGER CHECK (plan_price_minor IS NULL OR plan_price_minor >= 0),
    plan_currency        TEXT,
    renewal_kind         TEXT NOT NULL DEFAULT 'none'
                         CHECK (renewal_kind IN ('days', 'monthly', 'fixed', 'none')),
    renewal_value        INTEGER,
    -- The expiry exactly as the operator printed it (wall clock) and the
    -- IANA zone the user meant; expiry_utc is derived, for sorting only.
    expiry_local         TEXT,
    expiry_zone          TEXT,
    expiry_utc           TEXT,
    auto_renew           INTEGER NOT NULL DEFAULT 0,
    balance_minor        INTEGER,
    balance_currency     TEXT,
    low_balance_minor    INTEGER,
    notes                TEXT NOT NULL DEFAULT '',
    esim_install_by      TEXT,
    esim_validity_start  TEXT CHECK (esim_validity_start IS NULL
                                     OR esim_validity_start IN ('install', 'first_connection')),
    esim_activation_code TEXT,
    archived             INTEGER NOT NULL DEFAULT 0,
    -- Set by Delete; the row is purged once the undo offer has passed.
    deleted_utc          TEXT,
    created_utc          TEXT NOT NULL,
    updated_utc          TEXT NOT NULL
);
CREATE INDEX cards_expiry ON cards (archived, expiry_utc);

CREATE TABLE renewals (
    id               INTEGER PRIMARY KEY,
    card_id          INTEGER NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
    renewed_utc      TEXT NOT NULL,
    old_expiry_local TEXT,
    new_expiry_local TEXT NOT NULL,
    expiry_zone      TEXT NOT NULL,
    period           TEXT NOT NULL,
    receipt_id       INTEGER REFERENCES receipts (id) ON DELETE SET NULL
);
CREATE INDEX renewals_card ON renewals (card_id, renewed_utc);

CREATE TABLE card_timers (
    id          INTEGER PRIMARY KEY,
    card_id     INTEGER NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('promised_payment', 'data_block')),
    started_utc TEXT NOT NULL,
    ends_utc    TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);

CREATE TABLE receipts (
    id            INTEGER PRIMARY KEY,
    card_id       INTEGER REFERENCES cards (id) ON DELETE SET NULL,
    paid_utc      TEXT NOT NULL,
    paid_zone     TEXT NOT NULL,
    -- Wall clock in paid_zone ("2026-11-24T14:32:00"): date filters and
    -- per-month totals follow the day the user paid, not the UTC day.
    paid_local    TEXT NOT NULL DEFAULT '',
    amount_minor  INTEGER NOT NULL CHECK (amount_minor >= 0),
    currency      TEXT NOT NULL,
    method        TEXT NOT NULL,
    plan_name     TEXT NOT NULL DEFAULT '',
    period_days   INTEGER,
    period_months INTEGER,
    reference     TEXT NOT NULL DEFAULT '',
    code          TEXT NOT NULL DEFAULT '',
    vendor        TEXT NOT NULL DEFAULT '',
    notes         TEXT NOT NULL DEFAULT '',
    -- casefold(reference, notes, vendor): SQLite's LIKE folds ASCII only, and
    -- one column keeps a search keystroke to a single scan.
    search_text   TEXT NOT NULL DEFAULT '',
    created_utc   TEXT NOT NULL
);
-- Sorts and filters of the receipt log; each ends in id so paging is stable.
CREATE INDEX receipts_paid ON receipts (paid_utc, id);
CREATE INDEX receipts_local ON receipts (paid_local, id);
CREATE INDEX receipts_card ON receipts (card_id, paid_utc);
CREATE INDEX receipts_currency ON receipts (currency, paid_utc);
CREATE INDEX receipts_method ON receipts (method, paid_utc);
CREATE INDEX receipts_amount ON receipts (amount_minor, id);
CREATE INDEX receipts_duplicate ON receipts (paid_utc, amount_minor, currency, reference);
-- Covers every filter plus the amount, so counts and totals of what is shown
-- read this index alone, never the table (8 ms instead of 130 ms at 100k).
CREATE INDEX receipts_totals ON receipts
    (currency, method, card_id, paid_local, amount_minor, search_text);

CREATE TABLE attachments (
    id            INTEGER PRIMARY KEY,
    sha256        TEXT NOT NULL UNIQUE,
    extension     TEXT NOT NULL,
    media_type    TEXT NOT NULL,
    size          INTEGER NOT NULL,
    original_name TEXT NOT NULL DEFAULT '',
    created_utc   TEXT NOT NULL
);

CREATE TABLE receipt_attachments (
    receipt_id    INTEGER NOT NULL REFERENCES receipts (id) ON DELETE CASCADE,
    attachment_id INTEGER NOT NULL REFERENCES attachments (id) ON DELETE RESTRICT,
    position      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (receipt_id, attachment_id)
);
CREATE INDEX receipt_attachments_attachment ON receipt_attachments (attachment_id);

-- card_id NULL holds the defaults from Settings.
CREATE TABLE reminder_rules (
    id           INTEGER PRIMARY KEY,
    card_id      INTEGER REFERENCES cards (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('expiry', 'install_by', 'low_balance', 'timer')),
    lead_minutes INTEGER NOT NULL CHECK (lead_minutes >= 0),
    at_time      TEXT
);

-- One row per reminder per expiry cycle: firing, snoozing and dismissing are
-- remembered across restarts, and UNIQUE keeps a restart from duplicating.
CREATE TABLE reminder_events (
    id                INTEGER PRIMARY KEY,
    card_id           INTEGER NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
    kind              TEXT NOT NULL,
    cycle_key         TEXT NOT NULL,
    lead_minutes      INTEGER NOT NULL,
    due_utc           TEXT NOT NULL,
    state             TEXT NOT NULL DEFAULT 'pending'
                      CHECK (state IN ('pending', 'fired', 'snoozed', 'dismissed')),
    snoozed_until_utc TEXT,
    fired_utc         TEXT,
    UNIQUE (card_id, kind, cycle_key, lead_minutes)
);
CREATE INDEX reminder_events_due ON reminder_events (state, due_utc);
"""

V2 = """
-- Every calendar event this database has exported, by UID. Why: a strict
-- calendar client applies an update only if its SEQUENCE is higher, so the
-- number must grow on every change of the event (not only on renewals), and
-- an event whose card was archived or deleted must be re-exported as
-- cancelled under the same UID. No foreign key: a purged card's UID is
-- remembered all the same.
CREATE TABLE calendar_events (
    uid         TEXT PRIMARY KEY,
    card_id     INTEGER NOT NULL,
    sequence    INTEGER NOT NULL CHECK (sequence >= 0),
    -- What the event said when last exported; a different text is a change.
    fingerprint TEXT NOT NULL,
    start_utc   TEXT NOT NULL,
    summary     TEXT NOT NULL,
    cancelled   INTEGER NOT NULL DEFAULT 0
);

-- Until now the card editor saved the Settings lead times into every card
-- it saved, so changing Settings changed nothing. A copy that equals the
-- built-in default (7, 3, 1 days and the day itself) was that prefill, not a
-- choice: such cards follow Settings from now on. Any other list was chosen
-- (or Settings had been changed before), and stays the card's own.
DELETE FROM reminder_rules
WHERE kind = 'expiry' AND card_id IN (
    SELECT card_id FROM reminder_rules
    WHERE kind = 'expiry' AND card_id IS NOT NULL
    GROUP BY card_id
    HAVING count(*) = 4 AND count(DISTINCT lead_minutes) = 4
       AND sum(lead_minutes IN (10080, 4320, 1440, 0)) = 4
);
"""

V3 = """
-- Sort by amount is by currency, then amount (amounts in different
-- currencies are not compared). receipts_totals starts with the currency but
-- not the amount, so SQLite sorted every currency's rows in a temporary
-- b-tree for each page of the log: 215 ms for a page deep in 100,000
-- receipts, 14 ms read in order from this index.
CREATE INDEX receipts_currency_amount ON receipts (currency, amount_minor, id);
"""

V4 = """
-- Two receipt indexes no query needs, dropped: every index is re-made when
-- 100,000 receipts are deleted or brought back (Undo), and these two cost
-- about 0.15 s of it. receipts_amount (amount_minor, id) served the old sort
-- by amount, which is now by currency first (receipts_currency_amount).
-- receipts_duplicate was read whole (import's duplicate keys, sorting by
-- reference), never searched: a scan of the table does the same as fast.
DROP INDEX IF EXISTS receipts_amount;
DROP INDEX IF EXISTS receipts_duplicate;
"""

#: MIGRATIONS[i] upgrades a database from version i to version i + 1.
MIGRATIONS: list[str] = [V1, V2, V3, V4]

LATEST_VERSION = len(MIGRATIONS)
