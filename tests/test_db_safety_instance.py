"""One instance per data folder, really: a file lock taken first, then hand
over or listen; writing commands respect the same lock; the socket lives in
the user's private runtime folder."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from companion.services import folder_lock, instance_link

ROOT = Path(__file__).resolve().parents[1]


def _launch(data: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LC_ALL": "C.UTF-8",
           "LANG": "C.UTF-8", "LANGUAGE": "en"}
    return subprocess.Popen(
        [sys.executable, "-m", "companion", "--data-dir", str(data)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env,
    )


def _stop(procs: list[subprocess.Popen[str]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals end the winner")
def test_launches_at_once_leave_exactly_one_running(tmp_path: Path) -> None:
    data = tmp_path / "d"
    for round_no in range(20):
        count = 2 if round_no % 2 == 0 else 3
        procs = [_launch(data) for _ in range(count)]
        try:
            deadline = time.monotonic() + 90
            while sum(p.poll() is None for p in procs) > 1 and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(0.3)  # a second survivor would still be starting its window
            alive = [p for p in procs if p.poll() is None]
            assert len(alive) == 1, f"round {round_no}: {len(alive)} alive"
            for proc in procs:
                if proc is alive[0]:
                    continue
                out, err = proc.communicate()
                assert proc.returncode == 0, err
                assert "already running" in out
        finally:
            _stop(procs)


@pytest.fixture
def someone_holds(tmp_path: Path) -> Iterator[Path]:
    """The data folder locked as a running app holds it (the lock is per open
    file, so this process counts as another one for a child)."""
    data = tmp_path / "d"
    assert folder_lock.hold(data)
    yield data
    folder_lock.let_go(data)


def _command(data: Path, *args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    locale = "ru_RU.UTF-8" if lang == "ru" else "C.UTF-8"
    env = {**os.environ, "LC_ALL": locale, "LANG": locale, "LANGUAGE": lang}
    return subprocess.run(
        [sys.executable, "-m", "companion", "--data-dir", str(data), *args],
        capture_output=True, text=True, timeout=60, check=False, env=env, cwd=ROOT,
    )


@pytest.mark.slow
def test_writing_commands_refuse_while_the_folder_is_held(
    someone_holds: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "a.zip"
    made = _command(tmp_path / "other", "backup", str(archive))
    assert made.returncode == 0, made.stderr
    for args in (["reminders"], ["restore", str(archive)]):
        result = _command(someone_holds, *args)
        assert result.returncode == 1, result.stderr
        assert "is using this data folder right now" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (someone_holds / "companion.sqlite3").exists()  # nothing was opened
    russian = _command(someone_holds, "reminders", lang="ru")
    assert russian.returncode == 1 and "сейчас" in russian.stderr, russian.stderr
    # Reading beside the running app is fine.
    peek = _command(someone_holds, "reminders", "--peek")
    assert peek.returncode == 0, peek.stderr


def test_the_lock_is_exclusive_and_released(tmp_path: Path) -> None:
    first = folder_lock.FolderLock(tmp_path)
    second = folder_lock.FolderLock(tmp_path)
    assert first.acquire()
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


def test_a_killed_holder_leaves_no_lock(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path\n"
         "from companion.services import folder_lock\n"
         f"assert folder_lock.hold(Path({str(tmp_path)!r}))\n"
         "print('held', flush=True); time.sleep(60)\n"],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert not folder_lock.FolderLock(tmp_path).acquire()
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    lock = folder_lock.FolderLock(tmp_path)
    assert lock.acquire()
    lock.release()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX socket path")
def test_the_socket_lives_in_the_runtime_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    name = instance_link.server_name(tmp_path / "data")
    assert Path(name).parent == runtime
    assert Path(name).name.startswith("tcc-")
    # Without a runtime folder: a private folder of this user, not the shared temp.
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    name = instance_link.server_name(tmp_path / "data")
    folder = Path(name).parent
    assert folder != tmp_path / "tmp" and folder.parent == tmp_path / "tmp"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    # A folder of that name others may write to is not used.
    folder.chmod(0o777)
    with pytest.raises(PermissionError):
        instance_link.server_name(tmp_path / "data")
    assert not instance_link.send(tmp_path / "data", {"command": "raise"})
    # A runtime folder others may write to is not trusted either.
    loose = tmp_path / "loose"
    loose.mkdir()
    loose.chmod(0o777)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(loose))
    folder.chmod(0o700)
    assert Path(instance_link.server_name(tmp_path / "data")).parent == folder
