"""Seeded mutations of a real "Export everything" archive, and the oracle each
must pass: refused with one sentence and nothing changed, or accepted whole.

Four families: ``bytes`` (the zip file's bytes), ``zip`` (entries: names,
links, folders, duplicates, encryption, bombs, compression), ``manifest``
(fields, counts, sizes, checksums) and ``database`` (triggers, views, renamed
tables, missing columns, indexes, schema versions, rows, damaged pages). Each
case is a function of (family, seed) alone, so a finding can be replayed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import random
import re
import sqlite3
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive_forge import DB, MANIFEST, Parts, attachment_name, rows, tree

from companion.services.context import AppContext
from companion.services.data_safety.archive import import_archive
from companion.services.data_safety.archive_checks import ArchiveRejected

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
FAMILIES = ("bytes", "zip", "manifest", "database")
TAIL = "Nothing was imported; your data is unchanged."

HOSTILE_NAMES = [
    "../evil.jpg",
    "attachments/../../evil.jpg",
    "/etc/evil",
    "C:/evil",
    "attachments\\ab\\x.jpg",
    "attachments/ab/" + "a" * 250 + ".jpg",
    "attachments/ab/.hidden",
    "attachments//x.jpg",
    "attachments/ab/x\x00.jpg",
    "attachments/ab/фото.jpg",
    "attachments/ab/<b>x</b>.jpg",
    "attachments/ab",
    "companion.sqlite3/x",
    "MANIFEST.JSON",
    "Companion.sqlite3",
    "attachments/zz/" + "0" * 64 + ".exe",
]
JSON_VALUES: list[Any] = [
    None, True, -1, 0, 1, 2, 99, 2**63, 1.5, "", "x", "2026-13-45T00:00:00+00:00",
    [], {}, [1], {"cards": -1}, "0" * 64, "x" * 5000,
]
TRIGGERS = [
    "CREATE TRIGGER t1 AFTER INSERT ON receipts BEGIN DELETE FROM receipts; END",
    "CREATE TRIGGER t2 BEFORE INSERT ON cards BEGIN SELECT RAISE(ABORT, 'no'); END",
    "CREATE TRIGGER t3 AFTER UPDATE ON cards BEGIN UPDATE settings SET value = 'x'; END",
    "CREATE TEMP TRIGGER t4 AFTER INSERT ON receipts BEGIN DELETE FROM cards; END",
]
VIEWS = [
    "CREATE VIEW v1 AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) "
    "SELECT x FROM n",
    "CREATE VIEW v2 AS SELECT * FROM receipts",
]
SCHEMA_CHANGES = [
    "ALTER TABLE receipts RENAME TO receipts_old",
    "ALTER TABLE cards RENAME TO cards_old",
    "ALTER TABLE receipts DROP COLUMN notes",
    "ALTER TABLE cards DROP COLUMN notes",
    "ALTER TABLE receipts ADD COLUMN evil TEXT",
    "ALTER TABLE receipts RENAME COLUMN notes TO n",
    "DROP INDEX receipts_paid",
    "DROP TABLE reminder_events",
    "CREATE INDEX extra ON receipts (vendor)",
    "CREATE TABLE extra (x)",
    "CREATE TABLE sqlite_stat1_x (tbl, idx, stat)",
    "ANALYZE",
    "PRAGMA page_size = 8192; VACUUM",
    "PRAGMA page_size = 1024; VACUUM",
    "PRAGMA auto_vacuum = INCREMENTAL; VACUUM",
    "PRAGMA journal_mode = WAL",
]
ROW_CHANGES = [
    "DELETE FROM receipts WHERE id % 2 = 0",
    "DELETE FROM cards",
    "UPDATE receipts SET notes = '<b>x</b><img src=http://x/y.png>'",
    "UPDATE receipts SET card_id = 9999",
    "PRAGMA ignore_check_constraints = ON; UPDATE receipts SET amount_minor = -5",
    "PRAGMA ignore_check_constraints = ON; UPDATE cards SET kind = 'x'",
    "INSERT INTO attachments (sha256, extension, media_type, size, created_utc) "
    "VALUES ('../../../x', 'jpg', 'image/jpeg', 1, 'x')",
    "UPDATE receipts SET paid_utc = 'yesterday' WHERE id = 3",
    "UPDATE receipts SET paid_zone = '../../etc/passwd'",
    "INSERT INTO receipts (paid_utc, paid_zone, amount_minor, currency, method, created_utc) "
    "VALUES ('x', 'Nowhere/Zone', 1, 'RUB', 'sbp', 'x')",
]


@dataclass
class Tally:
    """What a fuzz run saw: outcomes by kind, and every finding with its seed."""

    ran: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    findings: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.ran += other.ran
        self.outcomes.update(other.outcomes)
        self.findings.extend(other.findings)

    def report(self, title: str) -> str:
        lines = [f"{title}: {self.ran} cases, {len(self.findings)} findings"]
        lines += [f"  {n:5d}  {kind}" for kind, n in self.outcomes.most_common()]
        lines += ["  FINDING " + f for f in self.findings[:20]]
        return "\n".join(lines)


def _quiet_zip(path: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns on duplicate names: that is the point
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in entries:
                zf.writestr(name, data)


def mutate_bytes(rng: random.Random, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(6)
        at = rng.randrange(len(data))
        if op == 0:
            data[at] ^= 1 << rng.randrange(8)
        elif op == 1:
            data[at] = rng.choice((0, 0xFF, 0x7F, 0x80))
        elif op == 2:
            del data[at:]
            if not data:
                data = bytearray(b"PK")
        elif op == 3:
            data[at:at] = rng.randbytes(rng.randint(1, 64))
        elif op == 4:
            end = min(len(data), at + rng.randint(1, 512))
            data[at:end] = bytes(end - at)
        else:
            end = min(len(data), at + rng.randint(1, 256))
            data[at:at] = data[at:end]
    return bytes(data)


def _set_flag(raw: bytearray, name: str, bit: int) -> None:
    at = raw.find(b"PK\x01\x02")
    while at != -1:
        length = int.from_bytes(raw[at + 28 : at + 30], "little")
        if raw[at + 46 : at + 46 + length] == name.encode():
            raw[at + 8] |= bit
            local = int.from_bytes(raw[at + 42 : at + 46], "little")
            raw[local + 6] |= bit
        at = raw.find(b"PK\x01\x02", at + 4)


def _set_mode(raw: bytearray, name: str, mode: int) -> None:
    at = raw.find(b"PK\x01\x02")
    while at != -1:
        length = int.from_bytes(raw[at + 28 : at + 30], "little")
        if raw[at + 46 : at + 46 + length] == name.encode():
            raw[at + 5] = 3  # made on Unix: the mode bits count
            raw[at + 38 : at + 42] = (mode << 16).to_bytes(4, "little")
        at = raw.find(b"PK\x01\x02", at + 4)


def mutate_zip(rng: random.Random, parts: Parts, path: Path) -> None:
    """Structural changes; the manifest is relisted half of the time."""
    op = rng.randrange(9)
    relist = rng.random() < 0.5
    extra: list[tuple[zipfile.ZipInfo | str, bytes]] = []
    if op == 0:
        extra.append((rng.choice(HOSTILE_NAMES), b"owned"))
    elif op == 1:
        parts.folders = rng.sample(["attachments/", "attachments/ab/", "x/", "../"], 2)
    elif op == 2:
        name = rng.choice(list(parts.entries))
        extra.append((name, b"second copy"))
    elif op == 3:
        for i in range(rng.randint(10, 400)):
            parts.entries[attachment_name(i.to_bytes(4, "big"), "txt")] = bytes(
                rng.choice((64 * 1024, 512 * 1024, 1024 * 1024))
            )
    elif op == 4:
        parts.entries[attachment_name(b"big", "pdf")] = bytes(rng.randint(2, 40) * 1024 * 1024)
    elif op == 5:
        parts.entries.pop(rng.choice(list(parts.entries)))
    elif op == 6:
        content = rng.randbytes(rng.randint(0, 3000))
        parts.entries[attachment_name(content, rng.choice(("jpg", "png", "pdf")))] = content
    if relist:
        parts.manifest["files"] = parts.listed()
    entries: list[tuple[zipfile.ZipInfo | str, bytes]] = [
        (zipfile.ZipInfo(f), b"") for f in parts.folders
    ]
    compression = rng.choice((zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED, zipfile.ZIP_BZIP2))
    for name, data in parts.entries.items():
        info = zipfile.ZipInfo(name, date_time=(2026, 11, 24, 9, 0, 0))
        info.compress_type = compression
        entries.append((info, data))
    entries += extra
    entries.append((MANIFEST, json.dumps(parts.manifest).encode()))
    _quiet_zip(path, entries)
    if op in (7, 8):
        raw = bytearray(path.read_bytes())
        target = rng.choice(list(parts.entries))
        if op == 7:
            _set_flag(raw, target, 0x1)  # "encrypted"
        else:
            _set_mode(raw, target, 0o120777)  # a symbolic link
        path.write_bytes(bytes(raw))


def mutate_manifest(rng: random.Random, parts: Parts) -> bool:
    """Change the manifest; returns whether to relist the files after."""
    data = parts.manifest
    op = rng.randrange(6)
    if op == 0:
        data[rng.choice(list(data))] = rng.choice(JSON_VALUES)
    elif op == 1:
        key = rng.choice(("cards", "receipts"))
        data["counts"][key] = max(0, data["counts"][key] + rng.choice((-3, -1, 1, 2, 1000)))
    elif op == 2:
        data.pop(rng.choice(list(data)))
    elif op == 3:
        entry = rng.choice(data["files"])
        entry[rng.choice(("size", "sha256", "path"))] = rng.choice(JSON_VALUES)
        return False
    elif op == 4:
        data["schema_version"] = rng.choice((0, 2, 99, -1))
    else:
        parts.entries[DB] = parts.entries[DB] + b"\0" * rng.choice((1, 4096))
        return rng.random() < 0.5
    return True


def mutate_database(rng: random.Random, parts: Parts) -> None:
    op = rng.randrange(6)
    recount = rng.random() < 0.6
    if op == 5:
        db = bytearray(parts.entries[DB])
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(100, len(db))
            db[at] = rng.randrange(256)
        parts.entries[DB] = bytes(db)
        return
    pool = [TRIGGERS, VIEWS, SCHEMA_CHANGES, ROW_CHANGES, ROW_CHANGES][op]
    statements = rng.sample(pool, rng.randint(1, min(2, len(pool))))
    version = rng.choice((None, None, None, 0, 2, 99, 2**31 - 1))

    def change(conn: sqlite3.Connection) -> None:
        conn.execute("PRAGMA foreign_keys = OFF")
        for statement in statements:
            # e.g. two renames of one table: the other change still counts
            for part in statement.split("; "):
                with contextlib.suppress(sqlite3.Error):
                    conn.execute(part)
        if version is not None:
            conn.execute(f"PRAGMA user_version = {version}")

    try:
        parts.change_db(change, recount=recount)
    except sqlite3.Error:
        parts.change_db(change, recount=False)


def make_case(family: str, seed: int, real: Path, folder: Path) -> Path:
    """The archive for (family, seed), written in ``folder``."""
    rng = random.Random(f"{family}:{seed}")
    path = folder / f"{family}-{seed}.zip"
    if family == "bytes":
        path.write_bytes(mutate_bytes(rng, real.read_bytes()))
        return path
    parts = Parts.read(real)
    if family == "zip":
        mutate_zip(rng, parts, path)
        return path
    if family == "manifest":
        relist = mutate_manifest(rng, parts)
        return parts.write(path, relist=relist)
    mutate_database(rng, parts)
    return parts.write(path)


def _archive_rows(path: Path, folder: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        (folder / "check.sqlite3").write_bytes(zf.read(DB))
    conn = sqlite3.connect(folder / "check.sqlite3")
    try:
        return rows(conn)
    finally:
        conn.close()
        (folder / "check.sqlite3").unlink()


def _one_sentence(message: str) -> bool:
    head, sep, tail = message.partition("\n\n")
    return bool(head.strip()) and "\n" not in head and "Traceback" not in message and bool(
        sep and tail
    )


def check_case(
    ctx: AppContext,
    path: Path,
    outside: Path,
    scratch: Path,
    now: dt.datetime = NOW,
    script: re.Pattern[str] | None = None,
) -> str:
    """Run one import and judge it; the outcome's kind, or ``FINDING: …``."""
    root = ctx.paths.root
    before, before_rows = tree(root), rows(ctx.conn)
    neighbours = sorted(p.name for p in outside.iterdir())
    try:
        result = import_archive(ctx.conn, ctx.paths, path, now)
    except ArchiveRejected as exc:
        message = str(exc)
        if not _one_sentence(message):
            return f"FINDING: refusal is not one sentence: {message!r}"
        if script is not None and not script.search(message.split("\n")[0]):
            return f"FINDING: refusal is not translated: {message!r}"
        if tree(root) != before or rows(ctx.conn) != before_rows:
            return "FINDING: refused but the data folder changed"
        if sorted(p.name for p in outside.iterdir()) != neighbours:
            return "FINDING: a file was written outside the data folder"
        return "refused: " + message.split("\n")[0].split(":")[0].split("(")[0].strip()[:70]
    except Exception as exc:  # the oracle's point: nothing else may escape
        return f"FINDING: {type(exc).__name__}: {exc}"
    if sorted(p.name for p in outside.iterdir()) != neighbours:
        return "FINDING: a file was written outside the data folder"
    counted = (
        ctx.conn.execute("SELECT count(*) FROM cards").fetchone()[0],
        ctx.conn.execute("SELECT count(*) FROM receipts").fetchone()[0],
    )
    if counted != (result.cards, result.receipts):
        return f"FINDING: said {result.cards}/{result.receipts}, holds {counted}"
    if rows(ctx.conn) != _archive_rows(path, scratch):
        return "FINDING: accepted but the data differs from the archive's"
    if [p for p in root.iterdir() if p.name.startswith(".import-")]:
        return "FINDING: a staging folder was left behind"
    return "accepted"


def run(
    ctx: AppContext,
    real: Path,
    work: Path,
    cases: int,
    families: tuple[str, ...] = FAMILIES,
    script: re.Pattern[str] | None = None,
) -> Tally:
    """``cases`` seeds of each family against ``ctx``'s data folder."""
    return run_seeds(ctx, real, work, {f: range(cases) for f in families}, script)


def run_seeds(
    ctx: AppContext,
    real: Path,
    work: Path,
    seeds: dict[str, Iterable[int]],
    script: re.Pattern[str] | None = None,
) -> Tally:
    """The given seeds of each family (findings of earlier runs stay found)."""
    tally = Tally()
    work.mkdir(parents=True, exist_ok=True)
    for family, numbers in seeds.items():
        for seed in numbers:
            path = make_case(family, seed, real, work)
            # A minute apart: backups made in one second share a name stem.
            now = NOW + dt.timedelta(minutes=tally.ran)
            outcome = check_case(ctx, path, ctx.paths.root.parent, work, now, script)
            path.unlink()
            tally.ran += 1
            if outcome.startswith("FINDING"):
                tally.outcomes["FINDING"] += 1
                tally.findings.append(f"{family}#{seed}: {outcome}")
            else:
                tally.outcomes[f"{family}: {outcome}"] += 1
    return tally
