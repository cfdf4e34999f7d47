-- A database written by schema version 2 (made with the app's own code at
-- commit 57077af, dumped with sqlite3's iterdump): receipts in five
-- currencies, one with a file. Loaded and migrated in
-- tests/test_receipts_migration_v3.py (tests/data/schema_v2.sql is the general
-- one, with rows in every table).
BEGIN TRANSACTION;
CREATE TABLE attachments (
    id            INTEGER PRIMARY KEY,
    sha256        TEXT NOT NULL UNIQUE,
    extension     TEXT NOT NULL,
    media_type    TEXT NOT NULL,
    size          INTEGER NOT NULL,
    original_name TEXT NOT NULL DEFAULT '',
    created_utc   TEXT NOT NULL
);
INSERT INTO "attachments" VALUES(1,'511829b28e8a518feda476af548d91c1d2e0ebd76e6c82d78cdea647df9cb048','pdf','application/pdf',27,'receipt.pdf','2026-11-24T12:00:00+00:00');
CREATE TABLE calendar_events (
    uid         TEXT PRIMARY KEY,
    card_id     INTEGER NOT NULL,
    sequence    INTEGER NOT NULL CHECK (sequence >= 0),
    fingerprint TEXT NOT NULL,
    start_utc   TEXT NOT NULL,
    summary     TEXT NOT NULL,
    cancelled   INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE card_timers (
    id          INTEGER PRIMARY KEY,
    card_id     INTEGER NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('promised_payment', 'data_block')),
    started_utc TEXT NOT NULL,
    ends_utc    TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
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
    deleted_utc          TEXT,
    created_utc          TEXT NOT NULL,
    updated_utc          TEXT NOT NULL
);
INSERT INTO "cards" VALUES(1,'MTS SIM','sim',NULL,'','','',NULL,NULL,'none',NULL,NULL,NULL,NULL,0,NULL,NULL,NULL,'',NULL,NULL,NULL,0,NULL,'2026-11-24T12:00:00+00:00','2026-11-24T12:00:00+00:00');
CREATE TABLE receipt_attachments (
    receipt_id    INTEGER NOT NULL REFERENCES receipts (id) ON DELETE CASCADE,
    attachment_id INTEGER NOT NULL REFERENCES attachments (id) ON DELETE RESTRICT,
    position      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (receipt_id, attachment_id)
);
INSERT INTO "receipt_attachments" VALUES(5,1,0);
CREATE TABLE receipts (
    id            INTEGER PRIMARY KEY,
    card_id       INTEGER REFERENCES cards (id) ON DELETE SET NULL,
    paid_utc      TEXT NOT NULL,
    paid_zone     TEXT NOT NULL,
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
    search_text   TEXT NOT NULL DEFAULT '',
    created_utc   TEXT NOT NULL
);
INSERT INTO "receipts" VALUES(1,1,'2026-11-01T11:30:00+00:00','Europe/Moscow','2026-11-01T14:30:00',500000,'JPY','sbp','',NULL,NULL,'A1','','','','a1

','2026-11-24T12:00:00+00:00');
INSERT INTO "receipts" VALUES(2,NULL,'2026-11-02T11:30:00+00:00','Europe/Moscow','2026-11-02T14:30:00',6660,'CNY','sbp','',NULL,NULL,'A2','','','','a2

','2026-11-24T12:00:00+00:00');
INSERT INTO "receipts" VALUES(3,1,'2026-11-03T11:30:00+00:00','Europe/Moscow','2026-11-03T14:30:00',1000,'EUR','sbp','',NULL,NULL,'A3','','','','a3

','2026-11-24T12:00:00+00:00');
INSERT INTO "receipts" VALUES(4,NULL,'2026-11-04T11:30:00+00:00','Europe/Moscow','2026-11-04T14:30:00',1234,'KWD','sbp','',NULL,NULL,'A4','','','','a4

','2026-11-24T12:00:00+00:00');
INSERT INTO "receipts" VALUES(5,1,'2026-11-05T11:30:00+00:00','Europe/Moscow','2026-11-05T14:30:00',35050,'RUB','sbp','',NULL,NULL,'A5','','','','a5

','2026-11-24T12:00:00+00:00');
INSERT INTO "receipts" VALUES(6,NULL,'2026-11-06T11:30:00+00:00','Europe/Moscow','2026-11-06T14:30:00',100,'RUB','sbp','',NULL,NULL,'A6','','','','a6

','2026-11-24T12:00:00+00:00');
INSERT INTO "receipts" VALUES(7,1,'2026-11-07T11:30:00+00:00','Europe/Moscow','2026-11-07T14:30:00',99900,'RUB','sbp','',NULL,NULL,'A7','','','','a7

','2026-11-24T12:00:00+00:00');
INSERT INTO "receipts" VALUES(8,NULL,'2026-11-08T11:30:00+00:00','Europe/Moscow','2026-11-08T14:30:00',1000,'JPY','sbp','',NULL,NULL,'A8','','','','a8

','2026-11-24T12:00:00+00:00');
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
CREATE TABLE reminder_rules (
    id           INTEGER PRIMARY KEY,
    card_id      INTEGER REFERENCES cards (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('expiry', 'install_by', 'low_balance', 'timer')),
    lead_minutes INTEGER NOT NULL CHECK (lead_minutes >= 0),
    at_time      TEXT
);
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
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE INDEX cards_expiry ON cards (archived, expiry_utc);
CREATE INDEX renewals_card ON renewals (card_id, renewed_utc);
CREATE INDEX receipts_paid ON receipts (paid_utc, id);
CREATE INDEX receipts_local ON receipts (paid_local, id);
CREATE INDEX receipts_card ON receipts (card_id, paid_utc);
CREATE INDEX receipts_currency ON receipts (currency, paid_utc);
CREATE INDEX receipts_method ON receipts (method, paid_utc);
CREATE INDEX receipts_amount ON receipts (amount_minor, id);
CREATE INDEX receipts_duplicate ON receipts (paid_utc, amount_minor, currency, reference);
CREATE INDEX receipts_totals ON receipts
    (currency, method, card_id, paid_local, amount_minor, search_text);
CREATE INDEX receipt_attachments_attachment ON receipt_attachments (attachment_id);
CREATE INDEX reminder_events_due ON reminder_events (state, due_utc);
COMMIT;
PRAGMA user_version = 2;
