"""A daily backup that cannot be made is told once, and Settings says so until
one is made again (the backups folder a file, unwritable, a full disk, an
attached file that cannot be read), through the window's real start.

Why through ``background_services``: it is what the window starts 250 ms
after its first frame; the notice, the Settings line and the hourly re-check
are the user's path, not the job function alone.
"""

from __future__ import annotations

import builtins
import datetime as dt
import errno
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QMessageBox
from receipts_helpers import make_receipt

from companion.i18n import set_language
from companion.i18n.formatting import format_datetime
from companion.paths import DataPaths, data_paths
from companion.services.context import AppContext, open_context
from companion.services.data_safety.daily_backup_status import (
    FAILURE_KEY,
    daily_status,
    record_failure,
)
from companion.services.data_safety.storage_messages import (
    BackupProblem,
    Fault,
    backup_problem,
    backup_problem_text,
)
from companion.services.receipts import ReceiptsService
from companion.store.backups import BackupFolder
from companion.ui.jobs.runner import Job
from companion.ui.settings.backup_schedule import DailyBackups
from companion.ui.settings.data_group import DataGroup
from companion.ui.shell.app import background_services
from companion.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

START = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now


class Session:
    """One run of the app on a data folder: the window and its background services."""

    def __init__(self, qtbot: Any, paths: DataPaths, clock: Clock) -> None:
        self.qtbot = qtbot
        self.ctx = open_context(paths, clock=clock)
        settings = self.ctx.settings.load()
        settings.welcome_done = True
        self.ctx.settings.save(settings)
        # Not handed to qtbot: the window must close (and save its geometry)
        # before its data does, in ``close``.
        self.window = MainWindow(self.ctx)
        self.window.start()
        self.services: list[Any] = []
        self.closed = False

    def start_background(self) -> DailyBackups:
        self.services = background_services(self.window, self.ctx, None, None)
        return next(s for s in self.services if isinstance(s, DailyBackups))

    def notices(self) -> list[QMessageBox]:
        return [
            box
            for box in self.window.findChildren(QMessageBox)
            if box.isVisible() and "automatic backup" in box.text()
        ]

    def settings_line(self) -> str:
        self.window.show_section("settings")
        group = self.window.page("settings").findChild(DataGroup)
        assert group is not None
        return group.daily_line.text()

    def kept(self) -> Any:
        return self.ctx.settings.get_raw(FAILURE_KEY)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        for service in self.services:
            job = service if isinstance(service, Job) else getattr(service, "job", None)
            if job is not None:
                self.qtbot.waitUntil(job.ended.is_set, timeout=20_000)
            closer = getattr(service, "close", None)
            if callable(closer):
                closer()
        self.qtbot.wait(50)
        if shiboken6.isValid(self.window):
            self.window.close()
            self.window.deleteLater()
        self.ctx.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    return data_paths(tmp_path / "data")


@pytest.fixture
def sessions(qtbot: Any, paths: DataPaths, clock: Clock) -> Iterator[Any]:
    """``sessions()`` starts the app on the data folder; each is closed at the end."""
    started: list[Session] = []

    def begin() -> Session:
        started.append(Session(qtbot, paths, clock))
        return started[-1]

    yield begin
    for run in started:
        run.close()


@pytest.fixture
def session(sessions: Any) -> Session:
    return sessions()  # type: ignore[no-any-return]


def _failed_at(run: Session, when: dt.datetime) -> None:
    """Wait until the check begun at ``when`` kept its failure."""
    run.qtbot.waitUntil(
        lambda: isinstance(run.kept(), dict) and run.kept()["at"] == when.isoformat(),
        timeout=20_000,
    )


def _made(run: Session) -> None:
    run.qtbot.waitUntil(
        lambda: any(i.kind == "daily" for i in BackupFolder(run.ctx.paths.backups).entries())
        and run.kept() is None,
        timeout=20_000,
    )


def _local(when: dt.datetime, lang: str) -> str:
    return format_datetime(when.astimezone(), lang=lang)


# ----- a file where the backups folder should be, through two restarts -------------------


def test_a_file_in_place_of_the_backups_folder_is_told_once_and_kept_until_fixed(
    qtbot: Any, paths: DataPaths, clock: Clock, sessions: Any
) -> None:
    run = sessions()
    shutil.rmtree(paths.backups)
    paths.backups.write_bytes(b"not a folder")
    daily = run.start_background()
    _failed_at(run, START)
    qtbot.waitUntil(lambda: len(run.notices()) == 1)
    (notice,) = run.notices()
    assert notice.text() == (
        "The automatic backup could not be made: a file is where the backups folder should "
        f"be ({paths.backups}); move or rename that file, and the next backup makes the folder."
    )
    assert not notice.isModal()  # the window stays usable
    line = run.settings_line()
    assert line.startswith(f"The automatic backup failed on {_local(START, 'en')}: a file is")

    # The hourly re-check fails the same way: the line stays, nothing new opens,
    # also after the user closed the notice.
    notice.close()
    for hour in (1, 2):
        clock.now = START + dt.timedelta(hours=hour)
        daily.timer.timeout.emit()
        _failed_at(run, clock.now)
        qtbot.wait(50)
        assert run.notices() == []
    assert run.settings_line().startswith("The automatic backup failed on")

    run.window.change_language("ru")
    qtbot.waitUntil(lambda: run.window.section_names()[0] == "Справочник")
    line = run.settings_line()
    assert line.startswith(
        f"Не удалось сделать автоматическую резервную копию ({_local(clock.now, 'ru')}): "
    )
    assert "на месте папки резервных копий лежит файл" in line
    run.window.change_language("zh_Hans")
    qtbot.waitUntil(lambda: run.window.section_names()[0] == "指南")
    line = run.settings_line()
    assert line.startswith(f"自动备份于 {_local(clock.now, 'zh_Hans')} 失败：")
    assert "备份文件夹的位置上是一个文件" in line
    run.window.change_language("en")
    run.close()
    set_language("en")

    # Restart with the file still there: the app opens, and Settings still says it.
    again = sessions()
    assert again.settings_line().startswith(
        f"The automatic backup failed on {_local(clock.now, 'en')}: a file is where"
    )
    # The folder is fixed; the next check makes the backup and the line says when.
    paths.backups.unlink()
    clock.now = START + dt.timedelta(days=1)
    again.start_background()
    _made(again)
    assert again.settings_line() == f"Last automatic backup: {_local(clock.now, 'en')}"
    assert again.notices() == []
    again.close()

    third = sessions()
    assert third.settings_line() == f"Last automatic backup: {_local(clock.now, 'en')}"
    third.close()


# ----- each cause, at the lowest level the job uses ---------------------------------------


def test_a_full_disk_is_told_in_the_notice_and_in_settings(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)  # a disk that fills while the copy is flushed
    session.start_background()
    _failed_at(session, START)
    session.qtbot.waitUntil(lambda: len(session.notices()) == 1)
    reason = f"the disk that holds {session.ctx.paths.backups} is full; free some space on it."
    assert session.notices()[0].text() == f"The automatic backup could not be made: {reason}"
    assert session.settings_line() == (
        f"The automatic backup failed on {_local(START, 'en')}: {reason}"
    )
    assert BackupFolder(session.ctx.paths.backups).entries() == []
    assert not any(session.ctx.paths.backups.glob("*.staging*"))


def test_a_deleted_backups_folder_is_made_again_and_nothing_is_told(session: Session) -> None:
    shutil.rmtree(session.ctx.paths.backups)
    session.start_background()
    _made(session)
    assert session.notices() == []
    assert session.settings_line() == f"Last automatic backup: {_local(START, 'en')}"


def test_a_backups_folder_that_cannot_be_written_is_told(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As SQLite answers in a folder without write permission (measured as a
    user other than root: ``unable to open database file``, SQLITE_CANTOPEN)."""
    real_connect = sqlite3.connect
    backups = session.ctx.paths.backups

    def connect(target: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        if Path(str(target)).parent == backups:
            exc = sqlite3.OperationalError("unable to open database file")
            exc.sqlite_errorcode = sqlite3.SQLITE_CANTOPEN  # type: ignore[attr-defined]
            raise exc
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    session.start_background()
    _failed_at(session, START)
    session.qtbot.waitUntil(lambda: len(session.notices()) == 1)
    text = session.notices()[0].text()
    assert f"the backups folder {backups} cannot be written to; check that it exists" in text
    assert "unable to open" not in text and "unable to open" not in session.settings_line()


def test_an_attached_file_that_cannot_be_read_is_named(
    session: Session, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source = tmp_path / "receipt.pdf"
    source.write_bytes(b"%PDF proof")
    ReceiptsService(session.ctx).log(make_receipt(reference="r"), [source])
    (live,) = [p for p in session.ctx.paths.attachments.rglob("*") if p.is_file()]
    real_open = builtins.open

    def no_link(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), str(src), None, str(dst))

    def guarded_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | Path) and Path(file) == live:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "link", no_link)
    monkeypatch.setattr(builtins, "open", guarded_open)
    session.start_background()
    _failed_at(session, START)
    session.qtbot.waitUntil(lambda: len(session.notices()) == 1)
    assert session.notices()[0].text() == (
        f"The automatic backup could not be made: the attached file {live} cannot be read "
        "(permission denied); check that it is still there and that you may read it."
    )


def test_a_new_reason_is_told_again_and_a_backup_in_between_resets(
    session: Session, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    daily = session.start_background()
    _failed_at(session, START)
    session.qtbot.waitUntil(lambda: len(session.notices()) == 1)
    session.notices()[0].close()

    def read_only(_fd: int) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(os, "fsync", read_only)
    clock.now = START + dt.timedelta(hours=1)
    daily.check()
    _failed_at(session, clock.now)
    session.qtbot.waitUntil(lambda: len(session.notices()) == 1)
    assert "(the disk is read-only)" in session.notices()[0].text()
    session.notices()[0].close()

    monkeypatch.undo()
    clock.now = START + dt.timedelta(hours=2)
    daily.check()
    _made(session)
    assert session.settings_line() == f"Last automatic backup: {_local(clock.now, 'en')}"
    # The same full disk a day later is a new failure: it is told again.
    monkeypatch.setattr(os, "fsync", full)
    clock.now = START + dt.timedelta(days=1)
    daily.check()
    _failed_at(session, clock.now)
    session.qtbot.waitUntil(lambda: len(session.notices()) == 1)
    assert session.settings_line().startswith(
        f"The automatic backup failed on {_local(clock.now, 'en')}: the disk that holds"
    )
    assert session.settings_line().endswith(
        f"\nLast automatic backup: {_local(START + dt.timedelta(hours=2), 'en')}"
    )


# ----- the words, for every cause and language ----------------------------------------------

PROBLEMS = [
    BackupProblem(fault.value, place, "/data/x", code)
    for fault in Fault
    for place in ("backups", "attachment", "data", "log")
    for code in (None, errno.EACCES, 1234)
] + [BackupProblem("cant_open", "not_a_folder", "/data/backups", errno.EEXIST)]


@pytest.mark.parametrize("problem", PROBLEMS, ids=str)
def test_every_reason_is_translated(problem: BackupProblem) -> None:
    english = backup_problem_text(problem)
    assert english and english.endswith(".")
    for lang in ("ru", "zh_Hans"):
        set_language(lang)
        try:
            text = backup_problem_text(problem)
        finally:
            set_language("en")
        assert text != english
        assert "denied" not in text and "Errno" not in text


def test_a_busy_data_file_is_told_as_busy(paths: DataPaths) -> None:
    paths.ensure()
    busy = sqlite3.OperationalError("database is locked")
    busy.sqlite_errorcode = sqlite3.SQLITE_BUSY  # type: ignore[attr-defined]
    problem = backup_problem(busy, paths)
    assert problem == BackupProblem("busy", "data", str(paths.database), None)
    assert "in use by another program" in backup_problem_text(problem)


# ----- what the settings hold is trusted only as far as it is ours --------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    max_leaves=10,
)
KEPT = st.fixed_dictionaries(
    {
        "at": st.one_of(st.text(), st.just("2026-11-24T09:00:00+00:00"), st.just("2026-11-24")),
        "fault": st.one_of(st.text(), st.sampled_from([f.value for f in Fault])),
        "place": st.one_of(st.text(), st.sampled_from(["backups", "log"])),
        "path": JSON,
        "errno": JSON,
    }
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.one_of(JSON, KEPT))
def test_any_kept_value_is_shown_or_ignored_never_a_crash(ctx: AppContext, raw: Any) -> None:
    from companion.ui.settings.daily_backup_line import daily_backup_text

    ctx.settings.set_raw(FAILURE_KEY, raw)
    status = daily_status(ctx)
    text = daily_backup_text(status)
    assert text
    if status.failure is not None:
        assert status.failure.at.tzinfo is not None
        assert text.startswith("The automatic backup failed on")


def test_a_failure_that_cannot_be_kept_is_still_shown_this_session(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from companion.store.settings_repo import SettingsRepo

    def full(*_a: Any) -> None:
        exc = sqlite3.OperationalError("database or disk is full")
        exc.sqlite_errorcode = sqlite3.SQLITE_FULL  # type: ignore[attr-defined]
        raise exc

    monkeypatch.setattr(SettingsRepo, "set_raw", full)
    failure = record_failure(ctx, OSError(errno.ENOSPC, "x"), START)
    status = daily_status(ctx)
    assert status.failure == failure


# ----- the open notice follows a language switch (found in a real window, attack 7) -------


def test_the_open_notice_is_said_again_in_the_language_chosen(
    qtbot: Any, paths: DataPaths, session: Session
) -> None:
    shutil.rmtree(paths.backups)
    paths.backups.write_bytes(b"not a folder")
    session.start_background()
    _failed_at(session, START)
    qtbot.waitUntil(lambda: len(session.notices()) == 1)
    (notice,) = session.notices()
    problem = backup_problem(NotADirectoryError(errno.ENOTDIR, "x"), paths)

    def buttons() -> list[str]:
        return [b.text() for b in notice.buttons()]

    for lang, settings_button in (("zh_Hans", "打开设置(&S)"), ("ru", "Открыть &настройки")):
        session.window.change_language(lang)
        qtbot.wait(50)
        assert notice.isVisible()  # the same notice, still open
        reason = backup_problem_text(problem)  # in the language now chosen
        assert reason in notice.text()
        assert notice.text() != "" and "automatic backup" not in notice.text()
        assert settings_button in buttons()
    set_language("en")
