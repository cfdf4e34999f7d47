"""Storage failures are worded in one module (issue 22).

Why a test: the short causes used in import/export messages and the long
ones used by the window and the commands once lived in two modules
(``storage_failure`` and ``storage_messages``) that a newcomer had to tell
apart; this pins that every wording is reached from ``storage_messages`` and
that the same fault gets the same words from both entry points.
"""

from __future__ import annotations

import errno
import importlib.util
import sqlite3
from pathlib import Path

import pytest

from companion.services.data_safety import storage_messages
from companion.services.data_safety.storage_messages import (
    Fault,
    WriteFailed,
    fault_of,
    file_write_failure,
    storage_failure_message,
)


def test_there_is_no_second_wording_module() -> None:
    assert importlib.util.find_spec("companion.services.data_safety.storage_failure") is None
    for name in ("WriteFailed", "file_write_failure", "storage_failure_message"):
        assert name in storage_messages.__all__


def _sqlite_error(code: int) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError("english text that must not be shown")
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    return exc


def test_a_full_disk_reads_the_same_for_the_database_and_for_a_file(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "data.sqlite3")
    try:
        full = _sqlite_error(sqlite3.SQLITE_FULL)
        assert fault_of(full) is Fault.DISK_FULL
        from_database = storage_failure_message(conn, full)
    finally:
        conn.close()
    from_file = file_write_failure(OSError(errno.ENOSPC, "No space left on device"))
    assert from_database == from_file
    assert "english text" not in from_database


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (errno.EROFS, "read-only"),
        (errno.EACCES, "permission"),
        (errno.ENOENT, "does not exist"),
        (errno.ENAMETOOLONG, "too long"),
        (errno.EISDIR, "folder"),
    ],
)
def test_a_file_that_cannot_be_written_is_worded_by_errno(code: int, expected: str) -> None:
    assert expected in file_write_failure(OSError(code, "raw"))


def test_write_failed_carries_its_sentence() -> None:
    with pytest.raises(WriteFailed, match="disk is full"):
        raise WriteFailed(file_write_failure(OSError(errno.ENOSPC, "raw")))
