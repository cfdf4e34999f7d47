"""Backups on a full disk, as a user with little space left meets them.

Found by attacking issue 15's backups on a 2 MB tmpfs: every failed backup
(the daily one at start, each Back up now) left a ``….staging.part`` file in
``backups/`` that no clean-up ever removed, taking the very space the user
was asked to free; and Settings said "It could not be done: database or
disk is full", SQLite's English, in a Russian window.
"""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from safety_helpers import add_receipt

from companion.store.backups import BackupFolder
from companion.store.database import backup_copy
from companion.ui.settings.data_group import DataGroup

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@contextmanager
def small_file_limit() -> Iterator[None]:
    """Files this process writes stop growing at 40 KB, as on a nearly full
    disk (RLIMIT_FSIZE; SIGXFSZ ignored so the write fails instead)."""
    if sys.platform != "linux":
        pytest.skip("RLIMIT_FSIZE is how the full disk is made here")
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, old_handler)


def _big(conn: sqlite3.Connection) -> None:
    for i in range(60):
        add_receipt(conn, f"receipt {i} " + "x" * 1000)


def test_a_copy_stopped_by_a_full_disk_leaves_no_file(ctx: Any, tmp_path: Path) -> None:
    _big(ctx.conn)
    target = tmp_path / "copies" / "copy.sqlite3"
    with small_file_limit(), pytest.raises(sqlite3.Error):
        backup_copy(ctx.conn, target)
    assert list(target.parent.iterdir()) == []


def test_a_backup_stopped_by_a_full_disk_leaves_the_folder_as_it_was(
    ctx: Any, clock: Any
) -> None:
    _big(ctx.conn)
    folder = BackupFolder(ctx.paths.backups)
    folder.folder.mkdir(parents=True, exist_ok=True)
    before = sorted(p.name for p in folder.folder.iterdir())
    with small_file_limit(), pytest.raises(sqlite3.Error):
        folder.create(ctx.conn, clock(), "manual")
    assert sorted(p.name for p in folder.folder.iterdir()) == before
    assert folder.entries() == []


def _sqlite_error(message: str, code: int) -> sqlite3.OperationalError:
    """As SQLite raises it: the code is what the app reads, never the words."""
    exc = sqlite3.OperationalError(message)
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    exc.sqlite_errorname = "x"  # type: ignore[attr-defined]
    return exc


@pytest.mark.parametrize(
    ("error", "lang", "shown"),
    [
        (_sqlite_error("database or disk is full", sqlite3.SQLITE_FULL), "en",
         "The disk holding your data is full"),
        (_sqlite_error("database or disk is full", sqlite3.SQLITE_FULL), "ru",
         "Диск с вашими данными заполнен"),
        (_sqlite_error("attempt to write a readonly database", sqlite3.SQLITE_READONLY),
         "zh_Hans", "为只读"),
        (OSError(28, "No space left on device"), "en", "The disk holding your data is full"),
    ],
)
def test_back_up_now_on_a_full_disk_says_so_in_the_language(
    qtbot: Any,
    main_window: Any,
    monkeypatch: pytest.MonkeyPatch,
    error: BaseException,
    lang: str,
    shown: str,
) -> None:
    """The error SQLite raised on the full tmpfs, raised where the copy is made."""
    main_window.show_section("settings")
    old_page = main_window.page("settings")
    if lang != "en":
        main_window.change_language(lang)
        qtbot.waitUntil(lambda: main_window.page("settings") is not old_page, timeout=10_000)

    def full(self: BackupFolder, *args: object, **kwargs: object) -> object:
        raise error

    monkeypatch.setattr(BackupFolder, "create", full)
    main_window.show_section("settings")
    group = main_window.page("settings").findChild(DataGroup)
    group.backup_button.click()
    qtbot.waitUntil(lambda: not shiboken6.isValid(group) or not group.busy(), timeout=30_000)
    assert shown in group.status.text()
    assert str(error) not in group.status.text()
    if lang != "en":
        main_window.change_language("en")


def test_a_half_copy_left_by_an_older_version_is_removed_after_a_day(
    ctx: Any, clock: Any
) -> None:
    folder = BackupFolder(ctx.paths.backups)
    folder.folder.mkdir(parents=True, exist_ok=True)
    old = folder.folder / "companion-daily-20261120T090000Z.sqlite3.staging.part"
    fresh = folder.folder / "companion-manual-20261124T085900Z.sqlite3.staging.part"
    for path in (old, fresh):
        path.write_bytes(b"\0" * 4096)
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    folder.create(ctx.conn, clock(), "manual")
    assert not old.exists()
    assert fresh.exists()  # may be a copy being written right now
