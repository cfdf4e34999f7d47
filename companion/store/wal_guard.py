"""A leftover ``-wal`` file is applied only when it belongs to this database.

Why: SQLite replays whatever ``companion.sqlite3-wal`` lies beside the
database when it is opened. Put an older copy of the database (or one from
another computer) in place while an old ``-wal`` is still there, and
SQLite writes that journal's pages over it: the copy's own data is gone.
SQLite records nothing in the database that names its journal (the salts in
the journal's header are random and change at every restart of the
journal), and two databases created by this app start from identical pages,
so no rule read from the two files alone can tell "mine" from "another
copy's". The app therefore keeps its own note, ``<database>-walbase``: the
size and CRC-32 of the database file that the current journal is built on.

The rules, checked before anything opens the database, by the process
holding the data folder's lock:

1. A journal SQLite would ignore (missing, shorter than its 32-byte header,
   a bad magic, format or header checksum, or no committed frame whose
   salts and running checksum are valid) is left alone: it is harmless.
2. Its page size must be the database's (header offset 16).
3. The note must describe the database file as it is now. The app never
   lets SQLite checkpoint on its own (``wal_autocheckpoint = 0``), so the
   database file changes only in its own checkpoints, which first mark the
   note "checkpointing" and, once the journal is fully copied, rewrite it
   for the file as it then is. A database file replaced by any other file
   (another copy, an older one) no longer matches. A note left
   "checkpointing" (a crash during a checkpoint) is trusted: the journal is
   then needed to finish the file. No note at all (data from a version
   without it) skips this rule.
4. Replayed on a scratch copy, the journal must leave a database that
   passes ``integrity_check`` whenever the database without it does; and
   when only the replayed copy passes, the file needs its journal (a
   checkpoint cut short) and it is applied whatever the note says.

A journal that fails a rule is renamed beside the database (never deleted,
never applied) together with dropping its ``-shm`` index, and the caller
tells the user. A journal left by a crash of this app passes every rule, so
a crash still loses nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import struct
import tempfile
import zlib
from pathlib import Path
from typing import NamedTuple

from companion import atomic_write

WAL_HEADER = 32
FRAME_HEADER = 24
MAGICS = {0x377F0682: "<", 0x377F0683: ">"}  # checksum word order
WAL_FORMAT = 3007000


class WalInfo(NamedTuple):
    page_size: int
    committed_frames: int


def side_files(database: Path) -> tuple[Path, Path]:
    return Path(f"{database}-wal"), Path(f"{database}-shm")


def _checksum(data: bytes, order: str, s0: int, s1: int) -> tuple[int, int]:
    words = struct.unpack(f"{order}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def read_wal(path: Path) -> WalInfo | None:
    """What a journal holds that SQLite would apply; None when SQLite would
    ignore it (missing, empty, a bad header, no valid committed frame)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) < WAL_HEADER:
        return None
    magic, version, page_size, _seq, salt1, salt2, c1, c2 = struct.unpack(">8I", data[:32])
    order = MAGICS.get(magic)
    if order is None or version != WAL_FORMAT:
        return None
    if page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
        return None
    s0, s1 = _checksum(data[:24], order, 0, 0)
    if (s0, s1) != (c1, c2):
        return None
    committed = 0
    offset = WAL_HEADER
    frame = FRAME_HEADER + page_size
    index = 0
    while offset + frame <= len(data):
        header = data[offset : offset + FRAME_HEADER]
        page_no, commit_size, f_salt1, f_salt2, f_c1, f_c2 = struct.unpack(">6I", header)
        if (f_salt1, f_salt2) != (salt1, salt2) or page_no == 0:
            break
        page = data[offset + FRAME_HEADER : offset + frame]
        s0, s1 = _checksum(header[:8], order, s0, s1)
        s0, s1 = _checksum(page, order, s0, s1)
        if (s0, s1) != (f_c1, f_c2):
            break
        index += 1
        if commit_size:
            committed = index
        offset += frame
    if committed == 0:
        return None
    return WalInfo(page_size, committed)


def _page_size(database: Path) -> int | None:
    """The database's page size from its header, or None if unreadable."""
    try:
        with database.open("rb") as fh:
            head = fh.read(100)
    except OSError:
        return None
    if len(head) < 100 or not head.startswith(b"SQLite format 3\0"):
        return None
    size = int(struct.unpack(">H", head[16:18])[0])
    return 65536 if size == 1 else size


def _passes(database: Path) -> bool:
    try:
        conn = sqlite3.connect(database, isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        rows = conn.execute("PRAGMA integrity_check(1)").fetchall()
        return bool(rows) and rows[0][0] == "ok"
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def _trial_replay(database: Path, wal: Path, scratch_root: Path) -> tuple[bool, bool]:
    """Whether the database passes integrity_check without and with its
    journal, tried on copies in a scratch folder (the real files are only read)."""
    with tempfile.TemporaryDirectory(prefix=".walcheck-", dir=scratch_root) as tmp:
        plain = Path(tmp, "plain.sqlite3")
        shutil.copyfile(database, plain)
        plain_ok = _passes(plain)
        replayed = Path(tmp, "replayed.sqlite3")
        shutil.copyfile(database, replayed)
        shutil.copyfile(wal, Path(f"{replayed}-wal"))
        return plain_ok, _passes(replayed)


def foreign_reason(database: Path) -> str | None:
    """Why the journal beside ``database`` is not its own; None when it is
    (or when there is none SQLite would apply)."""
    wal, _shm = side_files(database)
    info = read_wal(wal)
    if info is None:
        return None
    page_size = _page_size(database)
    if page_size is None:
        return None  # no database to protect; the start-up check speaks for it
    # Rule 4 is tried before rule 3: it is the one that can prove the file
    # needs this journal.
    if info.page_size != page_size:
        return f"page size {info.page_size} in the journal, {page_size} in the database"
    plain_ok, replayed_ok = _trial_replay(database, wal, database.parent)
    if replayed_ok and not plain_ok:
        return None  # the file needs its journal (a checkpoint was cut short)
    if plain_ok and not replayed_ok:
        return "replaying the journal damages the database"
    note = read_note(database)
    if note is not None and note.get("state") == CLEAN and not _matches(note, database):
        return "the database file is not the one the journal was written on"
    return None


def set_aside_wal(database: Path, now: dt.datetime) -> Path:
    """Rename the journal (and drop its index) so SQLite cannot replay it."""
    wal, shm = side_files(database)
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = database.with_name(f"{database.name}-wal.not-applied-{stamp}")
    counter = 1
    while aside.exists():
        aside = database.with_name(f"{database.name}-wal.not-applied-{stamp}-{counter}")
        counter += 1
    wal.replace(aside)
    # The -shm only indexes the journal; SQLite rebuilds it from nothing.
    shm.unlink(missing_ok=True)
    return aside


def remove_side_files(database: Path) -> None:
    """Before a file is put in ``database``'s place: its old journal must go,
    or SQLite would replay it over the new file."""
    for side in side_files(database):
        side.unlink(missing_ok=True)
    note_path(database).unlink(missing_ok=True)


# ----- the note: which database file the journal is built on -----------------

CLEAN = "clean"
CHECKPOINTING = "checkpointing"
CHUNK = 1024 * 1024


def note_path(database: Path) -> Path:
    return Path(f"{database}-walbase")


def read_note(database: Path) -> dict[str, object] | None:
    try:
        data = json.loads(note_path(database).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _fingerprint(database: Path) -> dict[str, object]:
    crc = 0
    size = 0
    with database.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
    stat = database.stat()
    return {"size": size, "crc32": crc, "mtime_ns": stat.st_mtime_ns}


def _matches(note: dict[str, object], database: Path) -> bool:
    try:
        stat = database.stat()
        if note.get("size") != stat.st_size:
            return False
        if note.get("mtime_ns") == stat.st_mtime_ns:
            return True  # the file was not written since: no need to read it
        return note.get("crc32") == _fingerprint(database)["crc32"]
    except OSError:
        return False


def _write_note(database: Path, note: dict[str, object]) -> None:
    atomic_write.write_text(note_path(database), json.dumps(note))


def note_database(database: Path) -> None:
    """Record the database file as the base of the journal that follows.

    Call only when the journal holds nothing the file lacks (fully
    checkpointed, or empty), as ``checkpoint`` does.
    """
    note = read_note(database)
    if note is not None and note.get("state") == CLEAN and _matches(note, database):
        return  # already says so; spares reading the whole file
    _write_note(database, {"state": CLEAN, **_fingerprint(database)})


def _journal_is_empty(database: Path) -> bool:
    try:
        return side_files(database)[0].stat().st_size == 0
    except FileNotFoundError:
        return True
    except OSError:
        return False


def checkpoint(conn: sqlite3.Connection, database: Path, mode: str = "TRUNCATE") -> bool:
    """Copy the journal into the database, keeping the note true throughout.

    True when the journal was copied completely. A checkpoint that could not
    finish (another connection was reading) leaves the note "checkpointing",
    so a crash before the next one still replays the journal.
    """
    if mode not in ("PASSIVE", "FULL", "RESTART", "TRUNCATE"):
        raise ValueError(mode)
    note = read_note(database) or {}
    if _journal_is_empty(database) and note.get("state") == CLEAN and _matches(note, database):
        # Nothing to copy and the note already true: skip its two fsynced
        # writes (this runs at every start and after every data job).
        return True
    _write_note(database, {**note, "state": CHECKPOINTING})
    busy, log_frames, done = conn.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
    if busy or log_frames != done:
        return False
    note_database(database)
    return True
