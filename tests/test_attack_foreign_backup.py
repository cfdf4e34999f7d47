"""A database among the backups that this app did not make.

Found by attacking issue 15's restore: a file named like a backup
(``companion-manual-….sqlite3``) holding a table ``cards`` of its own was
listed with 0 cards and 0 receipts; Restore copied it over the user's data,
then the upgrade step failed on "table cards already exists", leaving the
live database holding the foreign tables. Now its tables are compared with
the ones this app creates first: Restore refuses it with the user's data
untouched, and recovery at start never offers it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from safety_helpers import add_card, add_receipt, count

from companion.paths import data_paths
from companion.services.context import open_context
from companion.services.data_safety import recovery
from companion.store.backups import BackupFolder, NotOurDatabase, restore_into
from companion.ui.settings.data_group import DataGroup

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _foreign(folder: Path, name: str = "companion-manual-20261123T100000Z.sqlite3") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE cards (x)")
    conn.execute("INSERT INTO cards VALUES (1)")
    conn.commit()
    conn.close()
    return path


def _latest_with_extra(folder: Path, ctx: Any, clock: Any) -> Path:
    """A real backup with one table added: the right version, not our tables."""
    info = BackupFolder(ctx.paths.backups).create(ctx.conn, clock(), "manual")
    path = folder / "companion-daily-20261123T110000Z.sqlite3"
    info.path.replace(path)
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE receipts ADD COLUMN surprise TEXT")
    conn.commit()
    conn.close()
    return path


def test_restore_refuses_a_foreign_database(ctx: Any, clock: Any) -> None:
    add_card(ctx.conn)
    folder = BackupFolder(ctx.paths.backups)
    for path in (_foreign(folder.folder), _latest_with_extra(folder.folder, ctx, clock)):
        with pytest.raises(NotOurDatabase):
            restore_into(ctx.conn, path, folder, clock())
        assert count(ctx.conn, "cards") == 1
        assert ctx.conn.execute("SELECT label FROM cards").fetchone()[0] == "MTS tourist SIM"


def test_settings_restore_says_the_backup_cannot_be_used(
    qtbot: Any, main_window: Any, ctx: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_card(ctx.conn)
    add_receipt(ctx.conn, "mine")
    _foreign(BackupFolder(ctx.paths.backups).folder)
    asked: list[str] = []
    monkeypatch.setattr(DataGroup, "confirm", lambda self, t, text: asked.append(text) or True)
    main_window.show_section("settings")
    group = main_window.page("settings").findChild(DataGroup)
    group.refresh()
    group.table.setCurrentItem(group.table.topLevelItem(0))
    group.restore_button.click()
    assert asked == []  # refused before the question
    assert "cannot be used" in group.status.text()
    assert (count(ctx.conn, "cards"), count(ctx.conn, "receipts")) == (1, 1)


def test_recovery_never_offers_a_foreign_database(data_dir: Path, clock: Any) -> None:
    paths = data_paths(data_dir)
    ctx = open_context(paths, clock=clock)
    add_receipt(ctx.conn, "in the real backup")
    BackupFolder(ctx.paths.backups).create(ctx.conn, clock() - dt.timedelta(days=2), "daily")
    ctx.close()
    _foreign(paths.backups, "companion-manual-20261124T080000Z.sqlite3")
    found = recovery.candidates(paths)
    foreign = [c for c in found if c.info.kind == "manual"]
    assert foreign and not foreign[0].usable
    chosen = recovery.best(found)
    assert chosen is not None and chosen.info.kind == "daily"
    with pytest.raises(sqlite3.DatabaseError):
        recovery.restore_backup_file(paths, foreign[0].info, clock())


def test_settings_lists_a_foreign_database_as_unreadable(main_window: Any, ctx: Any) -> None:
    _foreign(BackupFolder(ctx.paths.backups).folder)
    main_window.show_section("settings")
    group = main_window.page("settings").findChild(DataGroup)
    group.refresh()
    item = group.table.topLevelItem(0)
    assert item is not None and item.text(2) == "unreadable"
