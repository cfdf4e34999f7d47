"""Damage in the middle of the database, as a failing disk leaves it.

Found by attacking issue 15's recovery in a real window: SQLite's
quick_check answers such damage with one line per broken cell (twenty and
more), and the whole list went into the dialog's text, so in a 1366×768
screen the backup table shrank to three rows with English lines above it.
The dialog now shows the first lines only; the log keeps all of them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from safety_helpers import add_receipt

from companion.paths import data_paths
from companion.services import recovery
from companion.services.context import open_context
from companion.store.backups import BackupFolder


def _scribble_in_the_middle(db: Path) -> None:
    raw = bytearray(db.read_bytes())
    page = 4096
    middle = (len(raw) // page * 2 // 3) * page + 100  # inside a data page, past its header
    raw[middle : middle + 2000] = b"\xde\xad" * 1000
    db.write_bytes(bytes(raw))


def _data_then_damage(data_dir: Path, clock: Any, receipts: int, backup_after: int) -> None:
    ctx = open_context(data_paths(data_dir), clock=clock)
    for i in range(receipts):
        add_receipt(ctx.conn, f"receipt {i} " + "x" * 300)
        if i + 1 == backup_after:
            BackupFolder(ctx.paths.backups).create(ctx.conn, clock(), "daily")
    ctx.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ctx.close()
    _scribble_in_the_middle(data_paths(data_dir).database)


def test_a_long_damage_report_is_cut_to_a_few_lines(data_dir: Path, clock: Any) -> None:
    _data_then_damage(data_dir, clock, receipts=120, backup_after=100)
    paths = data_paths(data_dir)
    detail = recovery.database_problem(paths)
    assert detail is not None and len(detail.splitlines()) > 5  # what SQLite says
    chosen = recovery.best(recovery.candidates(paths))
    assert chosen is not None and chosen.contents is not None
    assert chosen.contents.receipts == 100
    text = recovery.damaged_text(paths, detail, chosen.info, "then")
    shown = text.split("\n\n")[1]  # "File: …\nDetail: …"
    assert len(shown.splitlines()) <= 1 + recovery.DETAIL_LINES + 1  # file, lines, "…"
    assert shown.splitlines()[-1] == "…"
    assert detail.splitlines()[0] in shown


def test_a_one_line_report_is_shown_whole(data_dir: Path) -> None:
    paths = data_paths(data_dir)
    text = recovery.damaged_text(paths, "database disk image is malformed", None, "")
    assert "Detail: database disk image is malformed\n\n" in text
    assert "…" not in text
