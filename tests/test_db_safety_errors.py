"""Storage failures are classified by SQLite's error code, in one place, and
told in one translated sentence by the window and every command alike."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from companion.i18n import set_language
from companion.services.data_safety.storage_messages import fault_of, storage_message
from companion.store.database import DatabaseTooNew, DatabaseUnreadable, open_database
from companion.store.sqlite_errors import Fault, classify


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


def _raised(action: Callable[[], object]) -> BaseException:
    try:
        action()
    except BaseException as exc:  # the error under test
        return exc
    raise AssertionError("no error was raised")


def _coded(code: int, name: str, message: str) -> sqlite3.Error:
    """An error as SQLite raises it, for the codes a test cannot provoke on
    demand (a failing disk, an authorizer)."""
    exc = sqlite3.OperationalError(message)
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    exc.sqlite_errorname = name  # type: ignore[attr-defined]
    return exc


def _corrupt(tmp: Path) -> BaseException:
    db = tmp / "corrupt.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x)")
    conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 50)
    conn.commit()
    conn.close()
    raw = bytearray(db.read_bytes())
    raw[4096:8192] = b"\xee" * 4096
    db.write_bytes(bytes(raw))
    return _raised(lambda: sqlite3.connect(db).execute("SELECT * FROM t").fetchall())


def _not_a_database(tmp: Path) -> BaseException:
    db = tmp / "notes.sqlite3"
    db.write_bytes(b"these are my notes, not a database" * 200)
    return _raised(lambda: sqlite3.connect(db).execute("PRAGMA user_version").fetchone())


def _full(_tmp: Path) -> BaseException:
    conn = sqlite3.connect(":memory:")
    conn.execute("PRAGMA max_page_count = 2")

    def fill() -> None:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES (zeroblob(100000))")

    return _raised(fill)


def _read_only(tmp: Path) -> BaseException:
    db = tmp / "ro.sqlite3"
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.close()
    conn = sqlite3.connect(db.as_uri() + "?mode=ro", uri=True)
    return _raised(lambda: conn.execute("INSERT INTO t VALUES (1)"))


def _cant_open(tmp: Path) -> BaseException:
    return _raised(lambda: sqlite3.connect(tmp / "missing" / "folder" / "x.sqlite3"))


def _busy(tmp: Path) -> BaseException:
    db = tmp / "busy.sqlite3"
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(db, timeout=0, isolation_level=None)
    return _raised(lambda: other.execute("BEGIN IMMEDIATE"))


def _no_such_table(_tmp: Path) -> BaseException:
    return _raised(lambda: sqlite3.connect(":memory:").execute("SELECT * FROM nope"))


def _constraint(_tmp: Path) -> BaseException:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (x NOT NULL)")
    return _raised(lambda: conn.execute("INSERT INTO t VALUES (NULL)"))


def _closed(_tmp: Path) -> BaseException:
    conn = sqlite3.connect(":memory:")
    conn.close()
    return _raised(lambda: conn.execute("SELECT 1"))


CASES: list[tuple[str, Callable[[Path], BaseException], Fault, str]] = [
    ("SQLITE_CORRUPT", _corrupt, Fault.DAMAGED, "damaged"),
    ("SQLITE_NOTADB", _not_a_database, Fault.NOT_A_DATABASE, "not a database"),
    ("SQLITE_FULL", _full, Fault.DISK_FULL, "is full"),
    ("SQLITE_IOERR_WRITE", lambda _t: _coded(778, "SQLITE_IOERR_WRITE", "disk I/O error"),
     Fault.IO_ERROR, "failed to read or write"),
    ("SQLITE_READONLY", _read_only, Fault.READ_ONLY, "read-only"),
    ("SQLITE_CANTOPEN", _cant_open, Fault.CANT_OPEN, "cannot be opened"),
    ("SQLITE_BUSY", _busy, Fault.BUSY, "in use by another program"),
    ("SQLITE_LOCKED", lambda _t: _coded(6, "SQLITE_LOCKED", "database table is locked"),
     Fault.BUSY, "in use by another program"),
    ("SQLITE_PERM", lambda _t: _coded(3, "SQLITE_PERM", "access permission denied"),
     Fault.PERMISSION, "not allowed"),
    ("SQLITE_ERROR", _no_such_table, Fault.BUG, "bug"),
    ("SQLITE_CONSTRAINT", _constraint, Fault.BUG, "bug"),
    ("ProgrammingError", _closed, Fault.BUG, "bug"),
    ("RuntimeError", lambda _t: RuntimeError("disk is full"), Fault.BUG, "bug"),
    ("ENOSPC", lambda _t: OSError(errno.ENOSPC, "No space left on device"),
     Fault.DISK_FULL, "is full"),
    ("EROFS", lambda _t: OSError(errno.EROFS, "Read-only file system"),
     Fault.READ_ONLY, "read-only"),
    ("EIO", lambda _t: OSError(errno.EIO, "Input/output error"),
     Fault.IO_ERROR, "failed to read or write"),
    ("DatabaseTooNew", lambda _t: DatabaseTooNew(99, 4), Fault.TOO_NEW, "newer version"),
]


@pytest.mark.parametrize(
    ("name", "make", "fault", "words"), CASES, ids=[c[0] for c in CASES]
)
def test_each_error_code_is_one_sentence(
    tmp_path: Path, name: str, make: Callable[[Path], BaseException], fault: Fault, words: str
) -> None:
    exc = make(tmp_path)
    code = getattr(exc, "sqlite_errorname", None)
    if name.startswith("SQLITE_"):
        assert code is not None and code.startswith(name)  # a real SQLite error
    assert classify(exc) is fault
    database = tmp_path / "data" / "companion.sqlite3"
    log = tmp_path / "logs" / "companion.log"
    text = storage_message(exc, database, log)
    assert words in text
    if fault is Fault.BUG:
        assert str(log) in text and "damaged" not in text and "not a problem with your data" in text
    else:
        assert str(log) not in text
    assert "Traceback" not in text and not text.startswith(str(exc))


def test_the_message_text_is_never_read(tmp_path: Path) -> None:
    """The words SQLite uses for a failure, without its code, are a bug, and a
    real failure with other words is still what its code says."""
    for words in ("database disk image is malformed", "database or disk is full",
                  "attempt to write a readonly database", "disk I/O error"):
        assert classify(sqlite3.OperationalError(words)) is Fault.BUG
    renamed = _coded(11, "SQLITE_CORRUPT", "something else entirely")
    assert classify(renamed) is Fault.DAMAGED


def test_a_wrapped_error_keeps_its_code(tmp_path: Path) -> None:
    cause = _not_a_database(tmp_path)
    try:
        raise DatabaseUnreadable(str(cause)) from cause
    except DatabaseUnreadable as exc:
        assert classify(exc) is Fault.NOT_A_DATABASE


def test_an_io_error_on_a_full_disk_is_the_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    exc = _coded(778, "SQLITE_IOERR_WRITE", "disk I/O error")
    assert fault_of(exc, tmp_path) is Fault.IO_ERROR
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(10, 10, 0))  # type: ignore[attr-defined]
    assert fault_of(exc, tmp_path) is Fault.DISK_FULL


def test_every_sentence_is_translated(tmp_path: Path) -> None:
    database = tmp_path / "companion.sqlite3"

    def message(name: str, make: Callable[[Path], BaseException], lang: str) -> str:
        folder = tmp_path / lang / name
        folder.mkdir(parents=True)
        return storage_message(make(folder), database)

    english = {c[0]: message(c[0], c[1], "en") for c in CASES}
    set_language("ru")
    for name, make, _fault, _words in CASES:
        russian = message(name, make, "ru")
        assert russian != english[name], name
        assert any("а" <= ch <= "я" for ch in russian.lower()), name


def test_open_database_on_a_damaged_file_is_classified(tmp_path: Path) -> None:
    db = tmp_path / "companion.sqlite3"
    db.write_bytes(b"\x00garbage" * 1000)
    exc = _raised(lambda: open_database(db))
    assert isinstance(exc, DatabaseUnreadable)
    assert classify(exc) is Fault.NOT_A_DATABASE
