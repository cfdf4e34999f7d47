"""Damage in the middle of the database, as a failing disk leaves it.

Found by attacking issue 15's recovery in a real window: SQLite's
quick_check answers such damage with one line per broken cell (twenty and
more), and the whole list went into the dialog's text, so in a 1366×768
screen the backup table shrank to three rows with English lines above it.
The dialog now shows the first lines only; the log keeps all of them.

Also found: after restoring a backup older than the damage (or starting
empty), the photos of receipts only the damaged file lists had no row, and
the next tidy-up swept them. They are now kept beside the damaged file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from receipts_helpers import make_receipt
from safety_helpers import add_receipt

from companion.paths import data_paths
from companion.services.context import open_context
from companion.services.data_safety import recovery, startup_check
from companion.services.receipts import ReceiptsService
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
    detail = startup_check.database_problem(paths)
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


def _files_on_disk(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_files_of_receipts_only_the_damaged_file_knows_are_kept(
    data_dir: Path, clock: Any, tmp_path: Path
) -> None:
    """Found by attacking recovery: restore a backup older than the damage,
    open the receipts (the page tidies up): the photos of receipts logged
    after that backup had no row any more and were swept a minute later,
    though the damaged file that lists them is "kept so nothing is lost"."""
    paths = data_paths(data_dir)
    ctx = open_context(paths, clock=clock)
    service = ReceiptsService(ctx)
    early = tmp_path / "early.png"
    early.write_bytes(b"\x89PNG before the backup")
    service.log(make_receipt(reference="early"), [early])
    BackupFolder(ctx.paths.backups).create(ctx.conn, clock(), "daily")
    for i in range(3):
        late = tmp_path / f"late{i}.png"
        late.write_bytes(b"\x89PNG after the backup %d" % i)
        service.log(make_receipt(reference=f"late {i}"), [late])
    for i in range(120):
        add_receipt(ctx.conn, f"receipt {i} " + "x" * 300)
    ctx.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ctx.close()
    before = _files_on_disk(paths.attachments)
    assert len(before) == 4
    _scribble_in_the_middle(paths.database)
    assert startup_check.database_problem(paths) is not None

    chosen = recovery.best(recovery.candidates(paths))
    assert chosen is not None
    aside = recovery.restore_backup_file(paths, chosen.info, clock())
    ctx = open_context(paths, clock=clock)
    try:
        # Two minutes on, the receipts page is opened: it tidies up.
        for path in paths.attachments.rglob("*"):
            old = path.stat().st_mtime - 120
            os.utime(path, (old, old))
        ReceiptsService(ctx).tidy()
    finally:
        ctx.close()
    kept = {**_files_on_disk(paths.attachments), **_files_on_disk(recovery.files_beside(aside))}
    assert kept == before
    assert _files_on_disk(recovery.files_beside(aside)) == before  # all beside the damaged file


def test_starting_empty_keeps_the_files_beside_the_damaged_file(
    data_dir: Path, clock: Any, tmp_path: Path
) -> None:
    paths = data_paths(data_dir)
    ctx = open_context(paths, clock=clock)
    photo = tmp_path / "p.png"
    photo.write_bytes(b"\x89PNG proof")
    ReceiptsService(ctx).log(make_receipt(reference="x"), [photo])
    ctx.close()
    before = _files_on_disk(paths.attachments)
    aside = recovery.set_aside(paths, clock())
    assert _files_on_disk(recovery.files_beside(aside)) == before
