"""The attachment files of every backup, kept once per content.

Why a shared store and not a copy per backup: a backup must hold the proof
it claims to restore, but copying every photo every day would multiply the
disk use. Files are named by their hash, so one copy serves every backup
that needs it; each backup's own database (its ``attachments`` table) is the
list of hashes it needs. A file is hard-linked from the live folder where the
file system allows it (no extra space; safe because attachment files are
never changed in place, only replaced by a rename), and copied otherwise. A
kept file is removed only when no backup left lists it.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from companion import atomic_write


class FileRef(NamedTuple):
    sha256: str
    extension: str
    size: int
    used: bool  # a receipt refers to it (else it waits for an undo, or nothing)


def listed_files(conn: sqlite3.Connection) -> list[FileRef]:
    """Every attachment a database lists (an empty list for an empty file)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "attachments" not in tables:
        return []
    return [
        FileRef(str(r[0]), str(r[1]), int(r[2]), bool(r[3]))
        for r in conn.execute(
            "SELECT a.sha256, a.extension, a.size, u.attachment_id IS NOT NULL "
            "FROM attachments a LEFT JOIN "
            "(SELECT DISTINCT attachment_id FROM receipt_attachments) u "
            "ON u.attachment_id = a.id"
        )
    ]


def relative_path(ref: FileRef) -> Path:
    """Where a file lives under an attachments root (the live one or a kept one)."""
    return Path(ref.sha256[:2]) / file_name(ref)


def file_name(ref: FileRef) -> str:
    return f"{ref.sha256}.{ref.extension}"


#: File name -> size of every file in a kept store, read in one pass.
Inventory = dict[str, int]


def _present(path: Path, size: int) -> bool:
    try:
        return path.is_file() and path.stat().st_size == size
    except OSError:
        return False


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _copy(source: Path, target: Path, sha256: str | None = None) -> bool:
    """Copy through a temporary name; with ``sha256``, only bytes that match
    it get the real name (False when they do not)."""
    try:
        with atomic_write.replacing(target) as tmp:
            shutil.copyfile(source, tmp)
            if sha256 is not None and _sha256(tmp) != sha256:
                raise _NotTheBytes
    except _NotTheBytes:
        return False
    return True


class _NotTheBytes(Exception):
    """The copy's bytes are not the ones asked for (so it never gets the name)."""


#: Link failures that mean "this file system cannot", so a copy is made instead.
_NO_LINK = {errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP, errno.EACCES, errno.EOPNOTSUPP}


class KeptFiles:
    """The ``files`` folder beside the backups."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, ref: FileRef) -> Path:
        return self.root / relative_path(ref)

    def inventory(self) -> Inventory:
        """Every kept file with its size, in one pass over the folder (a
        listing of many backups asks about the same files many times)."""
        found: Inventory = {}
        try:
            subfolders = [e for e in os.scandir(self.root) if e.is_dir()]
        except OSError:
            return found
        for sub in subfolders:
            try:
                for entry in os.scandir(sub.path):
                    found[entry.name] = entry.stat().st_size
            except OSError:
                continue
        return found

    def keep(self, refs: Iterable[FileRef], live_root: Path) -> int:
        """Store the live files ``refs`` name that are not kept yet; returns
        how many were added. A file missing from the live folder is skipped
        (the backup cannot hold what is gone)."""
        kept = self.inventory()
        added = 0
        for ref in refs:
            if kept.get(file_name(ref)) == ref.size:
                continue
            target = self.path_of(ref)
            source = live_root / relative_path(ref)
            if not _present(source, ref.size):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(target.name + ".link")
            tmp.unlink(missing_ok=True)
            try:
                os.link(source, tmp)
                os.replace(tmp, target)
            except OSError as exc:
                tmp.unlink(missing_ok=True)
                if exc.errno not in _NO_LINK:
                    raise
                _copy(source, target)
            added += 1
        return added

    def place(self, refs: Iterable[FileRef], live_root: Path) -> int:
        """Copy kept files back into the live folder where they are missing;
        returns how many were placed. Copies, not links: the live file is
        then new (the sweep's grace period spares it) and independent. A kept
        file whose bytes no longer match its hash is not placed: the receipt
        then shows its file as missing, never as someone else's bytes."""
        placed = 0
        for ref in refs:
            target = live_root / relative_path(ref)
            source = self.path_of(ref)
            if _present(target, ref.size) or not _present(source, ref.size):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if _copy(source, target, ref.sha256):
                placed += 1
        return placed

    def prune(self, needed: set[str]) -> int:
        """Remove kept files whose hash no backup lists any more."""
        removed = 0
        for name in self.inventory():
            if name.split(".")[0] in needed:
                continue
            path = self.root / name[:2] / name
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
                with contextlib.suppress(OSError):
                    path.parent.rmdir()
        return removed
