-- A database written by schema version 1 (made with the app's own code at
-- commit db13d20, dumped with sqlite3's iterdump). Loaded and migrated in
-- tests/test_cards_migration.py.
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
INSERT INTO "cards" VALUES(1,'MTS SIM','sim',NULL,'','','',NULL,NULL,'days',30,'2027-01-19T23:59','Europe/Moscow','2027-01-19T20:59:00+00:00',0,NULL,NULL,NULL,'',NULL,NULL,NULL,0,NULL,'2026-11-01T09:00:00+00:00','2026-11-01T09:00:00+00:00');
INSERT INTO "cards" VALUES(2,'Beeline SIM','sim',NULL,'','','',NULL,NULL,'none',NULL,'2026-12-20T23:59','Europe/Moscow','2026-12-20T20:59:00+00:00',0,NULL,NULL,NULL,'',NULL,NULL,NULL,0,NULL,'2026-11-01T09:00:00+00:00','2026-11-01T09:00:00+00:00');
INSERT INTO "cards" VALUES(3,'Travel eSIM','travel_esim',NULL,'','','',NULL,NULL,'none',NULL,'2027-01-05T12:00','Asia/Shanghai','2027-01-05T04:00:00+00:00',0,NULL,NULL,NULL,'','2026-11-10',NULL,NULL,0,NULL,'2026-11-01T09:00:00+00:00','2026-11-01T09:00:00+00:00');
CREATE TABLE receipt_attachments (
    receipt_id    INTEGER NOT NULL REFERENCES receipts (id) ON DELETE CASCADE,
    attachment_id INTEGER NOT NULL REFERENCES attachments (id) ON DELETE RESTRICT,
    position      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (receipt_id, attachment_id)
);
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
INSERT INTO "reminder_events" VALUES(5,2,'expiry','2026-12-20T23:59|Europe/Moscow',20160,'2026-12-06T06:00:00+00:00','pending',NULL,NULL);
INSERT INTO "reminder_events" VALUES(6,2,'expiry','2026-12-20T23:59|Europe/Moscow',2880,'2026-12-18T06:00:00+00:00','pending',NULL,NULL);
INSERT INTO "reminder_events" VALUES(7,3,'expiry','2027-01-05T12:00|Asia/Shanghai',10080,'2026-12-29T01:00:00+00:00','pending',NULL,NULL);
INSERT INTO "reminder_events" VALUES(8,3,'expiry','2027-01-05T12:00|Asia/Shanghai',4320,'2027-01-02T01:00:00+00:00','pending',NULL,NULL);
INSERT INTO "reminder_events" VALUES(9,3,'expiry','2027-01-05T12:00|Asia/Shanghai',1440,'2027-01-04T01:00:00+00:00','pending',NULL,NULL);
INSERT INTO "reminder_events" VALUES(10,3,'expiry','2027-01-05T12:00|Asia/Shanghai',0,'2027-01-05T01:00:00+00:00','pending',NULL,NULL);
INSERT INTO "reminder_events" VALUES(11,3,'install_by','2026-11-10',4320,'2026-11-07T01:00:00+00:00','pending',NULL,NULL);
INSERT INTO "reminder_events" VALUES(12,3,'install_by','2026-11-10',1440,'2026-11-09T01:00:00+00:00','pending',NULL,NULL);
INSERT INTO "reminder_events" VALUES(13,3,'install_by','2026-11-10',0,'2026-11-10T01:00:00+00:00','pending',NULL,NULL);
INSERT INTO "reminder_events" VALUES(18,1,'expiry','2027-01-19T23:59|Europe/Moscow',10080,'2027-01-12T06:00:00+00:00','pending',NULL,NULL);
INSERT INTO "reminder_events" VALUES(19,1,'expiry','2027-01-19T23:59|Europe/Moscow',4320,'2027-01-16T06:00:00+00:00','pending',NULL,NULL);
INSERT INTO "reminder_events" VALUES(20,1,'expiry','2027-01-19T23:59|Europe/Moscow',1440,'2027-01-18T06:00:00+00:00','pending',NULL,NULL);
INSERT INTO "reminder_events" VALUES(21,1,'expiry','2027-01-19T23:59|Europe/Moscow',0,'2027-01-19T06:00:00+00:00','pending',NULL,NULL);
CREATE TABLE reminder_rules (
    id           INTEGER PRIMARY KEY,
    card_id      INTEGER REFERENCES cards (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('expiry', 'install_by', 'low_balance', 'timer')),
    lead_minutes INTEGER NOT NULL CHECK (lead_minutes >= 0),
    at_time      TEXT
);
INSERT INTO "reminder_rules" VALUES(5,2,'expiry',20160,NULL);
INSERT INTO "reminder_rules" VALUES(6,2,'expiry',2880,NULL);
INSERT INTO "reminder_rules" VALUES(7,1,'expiry',10080,NULL);
INSERT INTO "reminder_rules" VALUES(8,1,'expiry',4320,NULL);
INSERT INTO "reminder_rules" VALUES(9,1,'expiry',1440,NULL);
INSERT INTO "reminder_rules" VALUES(10,1,'expiry',0,NULL);
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
INSERT INTO "renewals" VALUES(1,1,'2026-11-01T09:00:00+00:00','2026-11-20T23:59','2026-12-20T23:59','Europe/Moscow','P30D',NULL);
INSERT INTO "renewals" VALUES(2,1,'2026-11-01T09:00:00+00:00','2026-12-20T23:59','2027-01-19T23:59','Europe/Moscow','P30D',NULL);
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO "settings" VALUES('ics.uid_namespace','"65a3cd84c7a24c02b1751579770f8331"');
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
PRAGMA user_version = 1;
