"""Everything in one file: export for moving house, import on the new computer.

An archive is a zip holding a database snapshot (taken through SQLite's
backup API), the attachment files and ``manifest.json`` with the size and
SHA-256 of each. Import checks everything before extracting anything, then
extracts into a private staging folder, verifies checksums while reading,
and only then replaces the data — after backing up the current database, so
an import can be undone like a restore.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from companion import __version__
from companion.paths import DataPaths
from companion.services.archive_checks import (
    ATTACHMENTS,
    DATABASE,
    DEFAULT_LIMITS,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    ArchiveRejected,
    Limits,
    Manifest,
    check_entries,
    check_matches,
    damaged_database,
    damaged_file,
    no_manifest,
    not_an_archive,
    parse_manifest,
)
from companion.store.backups import BackupFolder, BackupInfo, check_file, restore_into, summarize
from companion.store.database import backup_copy, schema_version

CHUNK = 1024 * 1024

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class ArchiveCancelled(Exception):
    """The user cancelled; nothing was left behind."""


@dataclass(frozen=True)
class ImportResult:
    manifest: Manifest
    undo: BackupInfo
    attachments_added: int


def _no_progress(_done: int, _total: int) -> None:
    return None


def _never() -> bool:
    return False


def _attachment_files(folder: Path) -> list[Path]:
    """Regular files only: a link in the attachments folder is never followed."""
    found: list[Path] = []
    if not folder.is_dir():
        return found
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not Path(dirpath, d).is_symlink())
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if path.is_symlink() or not path.is_file() or name.endswith(".part"):
                continue
            found.append(path)
    return found


def export_archive(
    conn: sqlite3.Connection,
    paths: DataPaths,
    target: Path,
    now: dt.datetime,
    progress: Progress = _no_progress,
    cancelled: Cancelled = _never,
) -> Manifest:
    """Write the archive to ``target`` atomically (a ``.part`` file, then rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    with tempfile.TemporaryDirectory(prefix=".export-", dir=paths.root) as tmp:
        snapshot = backup_copy(conn, Path(tmp) / DATABASE)
        summary = summarize(snapshot)
        sources: list[tuple[str, Path]] = [(DATABASE, snapshot)]
        for file in _attachment_files(paths.attachments):
            rel = file.relative_to(paths.attachments).as_posix()
            sources.append((f"{ATTACHMENTS}/{rel}", file))
        total = sum(p.stat().st_size for _n, p in sources)
        done = 0
        listed: list[dict[str, object]] = []
        try:
            with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                for name, path in sources:
                    digest = hashlib.sha256()
                    size = 0
                    with path.open("rb") as src, zf.open(name, "w", force_zip64=True) as dst:
                        while chunk := src.read(CHUNK):
                            if cancelled():
                                raise ArchiveCancelled
                            digest.update(chunk)
                            dst.write(chunk)
                            size += len(chunk)
                            done += len(chunk)
                            progress(done, total)
                    listed.append({"path": name, "size": size, "sha256": digest.hexdigest()})
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "app_version": __version__,
                    "schema_version": summary.schema_version,
                    "created_utc": now.astimezone(dt.UTC).isoformat(timespec="seconds"),
                    "counts": {"cards": summary.cards, "receipts": summary.receipts},
                    "files": listed,
                }
                zf.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
            with part.open("rb") as fh:
                os.fsync(fh.fileno())
            part.replace(target)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
    return read_manifest(target)


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise not_an_archive() from exc


def _checked(zf: zipfile.ZipFile, limits: Limits) -> Manifest:
    infos = zf.infolist()
    check_entries(infos, limits)
    names = {i.filename for i in infos}
    if MANIFEST not in names:
        raise no_manifest()
    info = zf.getinfo(MANIFEST)
    if info.file_size > limits.max_manifest_size:
        raise no_manifest()
    try:
        raw = zf.read(MANIFEST)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise not_an_archive() from exc
    manifest = parse_manifest(raw)
    check_matches(manifest, infos)
    return manifest


def read_manifest(path: Path, limits: Limits = DEFAULT_LIMITS) -> Manifest:
    """Check an archive's structure and manifest without extracting anything."""
    with _open_zip(path) as zf:
        return _checked(zf, limits)


def _extract(
    zf: zipfile.ZipFile,
    manifest: Manifest,
    staging: Path,
    progress: Progress,
    cancelled: Cancelled,
) -> None:
    """Stream each listed file into ``staging``, never past its declared size."""
    total = sum(f.size for f in manifest.files)
    done = 0
    root = staging.resolve()
    for entry in manifest.files:
        dest = (staging / entry.path).resolve()
        if not dest.is_relative_to(root):
            raise damaged_file(entry.path)
        dest.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        try:
            with zf.open(entry.path) as src, dest.open("xb") as out:
                while chunk := src.read(CHUNK):
                    if cancelled():
                        raise ArchiveCancelled
                    size += len(chunk)
                    if size > entry.size:
                        raise damaged_file(entry.path)
                    digest.update(chunk)
                    out.write(chunk)
                    done += len(chunk)
                    progress(done, total)
        except (zipfile.BadZipFile, EOFError, ValueError) as exc:
            raise damaged_file(entry.path) from exc
        if size != entry.size or digest.hexdigest() != entry.sha256:
            raise damaged_file(entry.path)


def import_archive(
    conn: sqlite3.Connection,
    paths: DataPaths,
    source: Path,
    now: dt.datetime,
    progress: Progress = _no_progress,
    cancelled: Cancelled = _never,
    limits: Limits = DEFAULT_LIMITS,
) -> ImportResult:
    """Replace the data with the archive's; the current data becomes a backup."""
    paths.ensure()
    with _open_zip(source) as zf:
        manifest = _checked(zf, limits)
        staging = Path(tempfile.mkdtemp(prefix=".import-", dir=paths.root))
        try:
            _extract(zf, manifest, staging, progress, cancelled)
            staged_db = staging / DATABASE
            problem = check_file(staged_db)
            if problem is not None:
                raise damaged_database(problem)
            if cancelled():
                raise ArchiveCancelled
            added = _place_attachments(staging / ATTACHMENTS, paths.attachments)
            undo = restore_into(conn, staged_db, BackupFolder(paths.backups), now)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    if schema_version(conn) < manifest.schema_version:
        raise ArchiveRejected("schema went backwards")  # pragma: no cover - invariant
    return ImportResult(manifest, undo, added)


def _place_attachments(staged: Path, target: Path) -> int:
    """Add attachment files that are not there yet. Content-addressed names mean
    an existing file of the same name already holds the same bytes; existing
    files are kept so that undoing the import still finds its attachments."""
    added = 0
    for file in _attachment_files(staged):
        dest = target / file.relative_to(staged)
        if dest.exists():
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(dest.name + ".part")
        shutil.copyfile(file, tmp)
        tmp.replace(dest)
        added += 1
    return added
