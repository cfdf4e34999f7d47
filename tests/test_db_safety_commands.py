"""Every headless command, run as a child process the way a user runs it,
says in one translated sentence what is wrong with the data and what to do:
a damaged file, a read-only folder, a full disk, a bug. Never a traceback."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from safety_helpers import add_card, add_receipt

from companion.store.database import open_database

LOCALES = {
    "en": {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "LANGUAGE": "en"},
    "ru": {"LC_ALL": "ru_RU.UTF-8", "LANG": "ru_RU.UTF-8", "LANGUAGE": "ru"},
}

COMMANDS = [
    ["reminders"],
    ["export", "csv", "{out}/r.csv"],
    ["export", "ics", "{out}/c.ics"],
    ["backup", "{out}/b.zip"],
]


def _command(
    data: Path, args: list[str], lang: str = "en", wrap: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.update(LOCALES[lang], QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [*(wrap or []), sys.executable, "-m", "companion", "--data-dir", str(data), *args],
        capture_output=True, text=True, timeout=60, check=False, env=env,
    )


def _healthy(data: Path) -> Path:
    """A data folder with a card and receipts, closed cleanly."""
    data.mkdir(parents=True)
    for sub in ("attachments", "backups", "logs"):
        (data / sub).mkdir()
    conn = open_database(data / "companion.sqlite3")
    add_card(conn)
    for n in range(30):
        add_receipt(conn, notes=f"receipt {n}", minor=100 + n)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return data / "companion.sqlite3"


def _damage_all_but_the_header(database: Path) -> bytes:
    raw = bytearray(database.read_bytes())
    raw[4096:] = b"\xee" * (len(raw) - 4096)
    database.write_bytes(bytes(raw))
    return bytes(raw)


@pytest.mark.slow
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: "-".join(a[:2]))
def test_a_damaged_database_is_one_sentence(tmp_path: Path, args: list[str]) -> None:
    database = _healthy(tmp_path / "d")
    raw = _damage_all_but_the_header(database)
    out = tmp_path / "out"
    out.mkdir()
    result = _command(database.parent, [a.format(out=out) for a in args])
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert "Your data file is damaged" in result.stderr
    assert "restore the newest good backup" in result.stderr
    assert database.read_bytes() == raw
    assert list(out.iterdir()) == []


@pytest.mark.slow
def test_a_damaged_database_in_russian(tmp_path: Path) -> None:
    database = _healthy(tmp_path / "d")
    _damage_all_but_the_header(database)
    result = _command(database.parent, ["reminders"], lang="ru")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    assert "повреждён" in result.stderr, result.stderr


@pytest.mark.slow
def test_a_bug_is_told_as_a_bug_with_the_log(tmp_path: Path) -> None:
    database = _healthy(tmp_path / "d")
    script = (
        "import sys\n"
        "from companion.services import reminders\n"
        "def broken(*a, **k):\n"
        "    raise sqlite3.InterfaceError('bad parameter')\n"
        "import sqlite3\n"
        "reminders.upcoming = broken\n"
        "from companion.cli import main\n"
        f"sys.exit(main(['--data-dir', {str(database.parent)!r}, 'reminders', '--peek']))\n"
    )
    env = dict(os.environ, **LOCALES["en"], QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=env
    )
    log = database.parent / "logs" / "companion.log"
    assert result.returncode == 70
    assert "Traceback" not in result.stderr, result.stderr
    assert "bug in Travel Card Companion" in result.stderr and "damaged" not in result.stderr
    assert str(log) in result.stderr
    assert "InterfaceError: bad parameter" in log.read_text(encoding="utf-8")


def _can_mount() -> bool:
    if sys.platform != "linux" or shutil.which("unshare") is None or os.geteuid() != 0:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt 2>/dev/null"],
        capture_output=True, check=False,
    )
    return probe.returncode == 0


needs_mount = pytest.mark.skipif(
    not _can_mount(), reason="needs a private mount namespace (root on Linux)"
)


@pytest.mark.slow
@needs_mount
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_read_only_folder_is_one_sentence(tmp_path: Path, lang: str) -> None:
    database = _healthy(tmp_path / "d")
    folder = database.parent
    before = sorted(p.name for p in folder.iterdir())
    setup = f"mount --bind '{folder}' '{folder}' && mount -o remount,bind,ro '{folder}'"
    wrap = ["unshare", "-m", "sh", "-c", setup + ' && exec "$@"', "sh"]
    result = _command(folder, ["reminders"], lang=lang, wrap=wrap)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    if lang == "en":
        assert "Your data folder is read-only" in result.stderr, result.stderr
        assert "unable to open database file" not in result.stderr
    else:
        assert "только для чтения" in result.stderr, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == before


@pytest.mark.slow
@needs_mount
def test_a_full_disk_is_one_sentence(tmp_path: Path) -> None:
    source = _healthy(tmp_path / "src").parent
    folder = tmp_path / "d"
    folder.mkdir()
    setup = (
        f"mount -t tmpfs -o size=1m tmpfs '{folder}' && cp -a '{source}/.' '{folder}/' "
        f"&& (dd if=/dev/zero of='{folder}/filler' bs=4k 2>/dev/null; true)"
    )
    wrap = ["unshare", "-m", "sh", "-c", setup + ' && exec "$@"', "sh"]
    result = _command(folder, ["reminders"], wrap=wrap)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert "The disk holding your data is full" in result.stderr, result.stderr
    assert "disk I/O error" not in result.stderr


def test_the_sample_database_is_sound(tmp_path: Path) -> None:
    database = _healthy(tmp_path / "d")
    conn = sqlite3.connect(database)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM receipts").fetchone()[0] == 30
