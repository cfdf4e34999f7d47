-- A database at schema version 4: tests/data/schema_v3.sql opened by the app
-- at the change that added migration v4 (its own migration code dropped the
-- two unused receipt indexes), dumped with sqlite3's iterdump; every table
-- has rows. Loaded and migrated in tests/test_schema_fixtures.py.
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
INSERT INTO "attachments" VALUES(1,'02694d473494c501d5af203d8eadac20547436169dc5cf4115f656cd2de56adc','jpg','image/jpeg',266,'photo.jpg','2026-12-01T09:00:00+00:00');
CREATE TABLE calendar_events (
    uid         TEXT PRIMARY KEY,
    card_id     INTEGER NOT NULL,
    sequence    INTEGER NOT NULL CHECK (sequence >= 0),
    fingerprint TEXT NOT NULL,
    start_utc   TEXT NOT NULL,
    summary     TEXT NOT NULL,
    cancelled   INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "calendar_events" VALUES('card-1-expiry-e62eb8890c60421e954b69c1af99320e@travel-card-companion',1,1,'0eea0058a549ca60d69529742b6f37287ad0674d9a8488be48f4540d2405376e','2027-01-19T20:59:00+00:00','MTS SIM expires',0);
INSERT INTO "calendar_events" VALUES('card-2-expiry-e62eb8890c60421e954b69c1af99320e@travel-card-companion',2,0,'8c7073a294eefe222acf4d94b6354b4e53facd07aa65d85dcf04a4aa8f7878af','2027-01-05T02:00:00+00:00','Beeline SIM expires',0);
INSERT INTO "calendar_events" VALUES('card-3-install-e62eb8890c60421e954b69c1af99320e@travel-card-companion',3,0,'f4a980d1f717d47d78d1eb4a3c031fca871fee0d459ce81301997063e664c6d6','2026-12-10T09:00:00+00:00','Install the eSIM “Travel eSIM”',0);
CREATE TABLE card_timers (
    id          INTEGER PRIMARY KEY,
    card_id     INTEGER NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('promised_payment', 'data_block')),
    started_utc TEXT NOT NULL,
    ends_utc    TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);
INSERT INTO "card_timers" VALUES(1,1,'promised_payment','2026-12-01T09:00:00+00:00','2026-12-04T09:00:00+00:00','');
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
INSERT INTO "cards" VALUES(1,'MTS SIM','sim','mts','MTS','+79123456789','Tourist',45000,'RUB','none',NULL,'2027-01-19T23:59','Europe/Moscow','2027-01-19T20:59:00+00:00',0,12050,'RUB',10000,'Кириллица и 中文',NULL,NULL,NULL,0,NULL,'2026-12-01T09:00:00+00:00','2026-12-01T09:00:00+00:00');
INSERT INTO "cards" VALUES(2,'Beeline SIM','sim','beeline','Beeline','','',NULL,NULL,'none',NULL,'2027-01-05T12:00','Asia/Vladivostok','2027-01-05T02:00:00+00:00',0,NULL,NULL,NULL,'',NULL,NULL,NULL,0,NULL,'2026-12-01T09:00:00+00:00','2026-12-01T09:00:00+00:00');
INSERT INTO "cards" VALUES(3,'Travel eSIM','travel_esim',NULL,'','','',NULL,NULL,'none',NULL,NULL,NULL,NULL,0,NULL,NULL,NULL,'','2026-12-10','first_connection','LPA:1$smdp.example$ABC',0,NULL,'2026-12-01T09:00:00+00:00','2026-12-01T09:00:00+00:00');
INSERT INTO "cards" VALUES(4,'Old Troika','transport',NULL,'','','',NULL,NULL,'none',NULL,NULL,NULL,NULL,0,NULL,NULL,NULL,'',NULL,NULL,NULL,1,NULL,'2026-12-01T09:00:00+00:00','2026-12-01T09:00:00+00:00');
CREATE TABLE receipt_attachments (
    receipt_id    INTEGER NOT NULL REFERENCES receipts (id) ON DELETE CASCADE,
    attachment_id INTEGER NOT NULL REFERENCES attachments (id) ON DELETE RESTRICT,
    position      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (receipt_id, attachment_id)
);
INSERT INTO "receipt_attachments" VALUES(1,1,0);
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
INSERT INTO "receipts" VALUES(1,1,'2026-12-01T08:30:00+00:00','Europe/Moscow','2026-12-01T11:30:00',45000,'RUB','sbp','',NULL,NULL,'A-17','','MTS','','a-17

mts','2026-12-01T09:00:00+00:00');
INSERT INTO "receipts" VALUES(2,NULL,'2026-11-28T15:05:00+00:00','Europe/Moscow','2026-11-28T18:05:00',1999,'USD','bank_app','eSIM 5 GB',NULL,NULL,'','','','=SUM(A1)','
=sum(a1)
','2026-12-01T09:00:00+00:00');
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
INSERT INTO "reminder_events" VALUES(5,2,'expiry','2027-01-05T12:00|Asia/Vladivostok',20160,'2026-12-21T23:00:00+00:00','fired',NULL,'2027-01-04T09:00:00+00:00');
INSERT INTO "reminder_events" VALUES(6,2,'expiry','2027-01-05T12:00|Asia/Vladivostok',2880,'2027-01-02T23:00:00+00:00','fired',NULL,'2027-01-04T09:00:00+00:00');
INSERT INTO "reminder_events" VALUES(7,3,'install_by','2026-12-10',4320,'2026-12-07T09:00:00+00:00','fired',NULL,'2027-01-04T09:00:00+00:00');
INSERT INTO "reminder_events" VALUES(8,3,'install_by','2026-12-10',1440,'2026-12-09T09:00:00+00:00','fired',NULL,'2027-01-04T09:00:00+00:00');
INSERT INTO "reminder_events" VALUES(9,3,'install_by','2026-12-10',0,'2026-12-10T09:00:00+00:00','fired',NULL,'2027-01-04T09:00:00+00:00');
INSERT INTO "reminder_events" VALUES(10,1,'expiry','2027-01-19T23:59|Europe/Moscow',10080,'2027-01-12T06:00:00+00:00','pending',NULL,NULL);
INSERT INTO "reminder_events" VALUES(11,1,'expiry','2027-01-19T23:59|Europe/Moscow',4320,'2027-01-16T06:00:00+00:00','pending',NULL,NULL);
INSERT INTO "reminder_events" VALUES(12,1,'expiry','2027-01-19T23:59|Europe/Moscow',1440,'2027-01-18T06:00:00+00:00','pending',NULL,NULL);
INSERT INTO "reminder_events" VALUES(13,1,'expiry','2027-01-19T23:59|Europe/Moscow',0,'2027-01-19T06:00:00+00:00','pending',NULL,NULL);
CREATE TABLE reminder_rules (
    id           INTEGER PRIMARY KEY,
    card_id      INTEGER REFERENCES cards (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('expiry', 'install_by', 'low_balance', 'timer')),
    lead_minutes INTEGER NOT NULL CHECK (lead_minutes >= 0),
    at_time      TEXT
);
INSERT INTO "reminder_rules" VALUES(1,2,'expiry',20160,NULL);
INSERT INTO "reminder_rules" VALUES(2,2,'expiry',2880,NULL);
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
INSERT INTO "renewals" VALUES(1,1,'2026-12-01T09:00:00+00:00','2026-12-20T23:59','2027-01-19T23:59','Europe/Moscow','P30D',1);
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO "settings" VALUES('ics.uid_namespace','"e62eb8890c60421e954b69c1af99320e"');
INSERT INTO "settings" VALUES('pref.language','"ru"');
INSERT INTO "settings" VALUES('pref.default_currency','"RUB"');
INSERT INTO "settings" VALUES('pref.reminder_lead_days','[7, 3, 1, 0]');
INSERT INTO "settings" VALUES('pref.reminder_time','"09:00"');
INSERT INTO "settings" VALUES('pref.start_at_login','false');
INSERT INTO "settings" VALUES('pref.close_to_tray','false');
INSERT INTO "settings" VALUES('pref.welcome_done','false');
INSERT INTO "settings" VALUES('pref.appearance','"system"');
CREATE INDEX cards_expiry ON cards (archived, expiry_utc);
CREATE INDEX renewals_card ON renewals (card_id, renewed_utc);
CREATE INDEX receipts_paid ON receipts (paid_utc, id);
CREATE INDEX receipts_local ON receipts (paid_local, id);
CREATE INDEX receipts_card ON receipts (card_id, paid_utc);
CREATE INDEX receipts_currency ON receipts (currency, paid_utc);
CREATE INDEX receipts_method ON receipts (method, paid_utc);
CREATE INDEX receipts_totals ON receipts
    (currency, method, card_id, paid_local, amount_minor, search_text);
CREATE INDEX receipt_attachments_attachment ON receipt_attachments (attachment_id);
CREATE INDEX reminder_events_due ON reminder_events (state, due_utc);
CREATE INDEX receipts_currency_amount ON receipts (currency, amount_minor, id);
COMMIT;
PRAGMA user_version = 4;
