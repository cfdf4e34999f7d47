"""Forge hostile archives from a real one: change the database, the manifest
or the zip itself, and (unless told otherwise) write a manifest that matches,
so each forgery is only as wrong as it means to be."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DB = "companion.sqlite3"
MANIFEST = "manifest.json"

DbChange = Callable[[sqlite3.Connection], None]


@dataclass
class Parts:
    """An archive taken apart: entries in order, and the manifest as data."""

    entries: dict[str, bytes]
    manifest: dict[str, Any]
    folders: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> Parts:
        with zipfile.ZipFile(path) as zf:
            entries = {n: zf.read(n) for n in zf.namelist() if n != MANIFEST}
            manifest = json.loads(zf.read(MANIFEST))
        return cls(entries, manifest)

    def change_db(self, change: DbChange, recount: bool = False) -> None:
        """Apply ``change`` to the database (keeping the manifest's counts unless
        ``recount``)."""
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / DB
            path.write_bytes(self.entries[DB])
            conn = sqlite3.connect(path, isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode = DELETE")
                change(conn)
                if recount:
                    self.manifest["counts"] = {
                        "cards": conn.execute("SELECT count(*) FROM cards").fetchone()[0],
                        "receipts": conn.execute("SELECT count(*) FROM receipts").fetchone()[0],
                    }
            finally:
                conn.close()
            self.entries[DB] = path.read_bytes()

    def listed(self) -> list[dict[str, Any]]:
        return [
            {"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in self.entries.items()
        ]

    def write(self, path: Path, relist: bool = True) -> Path:
        if relist:
            self.manifest["files"] = self.listed()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for folder in self.folders:
                zf.writestr(zipfile.ZipInfo(folder), b"")
            for name, data in self.entries.items():
                zf.writestr(name, data)
            zf.writestr(MANIFEST, json.dumps(self.manifest))
        return path


def attachment_name(content: bytes, ext: str = "jpg") -> str:
    digest = hashlib.sha256(content).hexdigest()
    return f"attachments/{digest[:2]}/{digest}.{ext}"


def tree(root: Path) -> dict[str, bytes | None]:
    """Every path under ``root`` with its bytes (None for a folder). The open
    database's files are left out (their bytes move with checkpoints): compare
    its rows with :func:`rows`."""
    out: dict[str, bytes | None] = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if rel.startswith((DB, "logs", "cache")):
            continue
        out[rel] = None if p.is_dir() else p.read_bytes()
    return out


def rows(conn: sqlite3.Connection) -> list[str]:
    """The whole database as SQL text: schema and every row."""
    return list(conn.iterdump())


def real_export(root: Path) -> Path:
    """A genuine "Export everything" archive: 3 cards, 30 receipts, one photo."""
    import datetime as dt

    from safety_helpers import add_attachment, add_card, add_receipt

    from companion.paths import data_paths
    from companion.services.context import open_context
    from companion.services.data_safety.archive import export_archive

    source = open_context(data_paths(root / "source-data"))
    try:
        for label in ("MTS", "Beeline", "Troika"):
            add_card(source.conn, label)
        for i in range(30):
            add_receipt(source.conn, f"top-up {i}")
        add_attachment(source.paths.attachments, PHOTO)
        path = root / "real.zip"
        export_archive(source.conn, source.paths, path, dt.datetime(2026, 11, 24, tzinfo=dt.UTC))
    finally:
        source.close()
    return path


PHOTO = b"\xff\xd8 a receipt photo"
