"""Everything in one file: export for moving house, import on the new computer.

An archive is a zip holding a database snapshot (taken through SQLite's
backup API), the attachment files and ``manifest.json`` with the size and
SHA-256 of each. Import checks the zip (companion.zip_safety), the manifest
and the free disk space before extracting anything; then it unpacks the
database alone into a private staging folder and checks it against the schema
the app creates (archive_database); only then the attachments, verifying
checksums while reading; and only when all of it holds does it place files
and replace the data — after backing up the current database, so an import
can be undone like a restore.
"""

from __future__ import annotations

import contextlib
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

from companion import __version__, atomic_write
from companion.i18n import _
from companion.i18n.counts import cards_count, receipts_count
from companion.i18n.formatting import format_number
from companion.paths import DataPaths
from companion.services.data_safety.archive_checks import (
    ATTACHMENTS,
    DATABASE,
    DEFAULT_LIMITS,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    Limits,
    Manifest,
    ManifestFile,
    check_entries,
    check_matches,
    damaged_file,
    holds_its_hash,
    is_attachment_name,
    no_manifest,
    not_an_archive,
    parse_manifest,
    refuse,
    refused,
)
from companion.services.data_safety.archive_database import DatabaseSummary, check_database
from companion.services.job_control import (
    CancelCheck,
    JobCancelled,
    Progress,
    never_cancelled,
    no_progress,
)
from companion.store.backups import BackupFolder, BackupInfo, restore_into, summarize
from companion.store.database import backup_copy
from companion.zip_safety import ZipRefused, open_zip, read_entry, stream_entry

CHUNK = 1024 * 1024
#: Head-room left on the disk beyond what an import writes.
SPACE_MARGIN = 16 * 1024**2



class ArchiveNotWritten(OSError):
    """The archive could not be written at the place the user chose (that
    disk is full or read-only, the folder cannot be made…).

    Why its own type: the data folder is only read while exporting, so a
    full or read-only disk here is the chosen one; told as a data-folder
    fault it sent the user to free space where nothing was wrong.
    """

    def __init__(self, target: Path, cause: OSError) -> None:
        super().__init__(cause.errno, cause.strerror, str(target))
        self.target = target


def archive_name(now: dt.datetime) -> str:
    """The file name offered for an archive made at ``now`` (the window and
    ``companion backup FOLDER`` name it alike)."""
    return f"travel-card-companion-{now.astimezone(dt.UTC):%Y-%m-%d}.zip"


@dataclass(frozen=True)
class ArchivePreview:
    """What the user is asked to confirm: counts read from the database."""

    created: dt.datetime
    cards: int
    receipts: int
    attachments: int


@dataclass(frozen=True)
class ImportResult:
    cards: int
    receipts: int
    undo: BackupInfo
    attachments_added: int


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
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> Manifest:
    """Write the archive to ``target`` atomically (see :mod:`companion.atomic_write`).

    A failure writing there is raised as ``ArchiveNotWritten``; one reading
    the data keeps its own type.
    """
    written = {None, str(target.parent), str(atomic_write.side_path(target)), str(target)}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ArchiveNotWritten(target, exc) from exc
    with tempfile.TemporaryDirectory(prefix=".export-", dir=paths.root) as tmp:
        snapshot = backup_copy(conn, Path(tmp) / DATABASE)
        summary = summarize(snapshot)
        sources: list[tuple[str, Path]] = [(DATABASE, snapshot)]
        for file in _attachment_files(paths.attachments):
            name = f"{ATTACHMENTS}/{file.relative_to(paths.attachments).as_posix()}"
            if is_attachment_name(name):  # never a stray .DS_Store or a half-written file
                sources.append((name, file))
        total = sum(p.stat().st_size for _n, p in sources)
        done = 0
        listed: list[dict[str, object]] = []
        try:
            with atomic_write.replacing(target) as part, zipfile.ZipFile(
                part, "w", compression=zipfile.ZIP_DEFLATED
            ) as zf:
                for name, path in sources:
                    digest = hashlib.sha256()
                    size = 0
                    with path.open("rb") as src, zf.open(name, "w", force_zip64=True) as dst:
                        while chunk := src.read(CHUNK):
                            if cancelled():
                                raise JobCancelled
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
        except OSError as exc:
            # A write to the zip names no file; opening or renaming names the
            # side file; reading a source names the source (not the target's).
            named = None if exc.filename is None else os.fsdecode(exc.filename)
            if named in written and not isinstance(exc, ArchiveNotWritten):
                raise ArchiveNotWritten(target, exc) from exc
            raise
    return read_manifest(target)


def _open_zip(path: Path) -> zipfile.ZipFile:
    # A mistyped path or a folder is named as such, not as "not an archive".
    if path.is_dir():
        raise refuse(_("{path} is a folder, not an archive file.").format(path=path))
    if not path.exists():
        raise refuse(_("There is no file at {path}.").format(path=path))
    try:
        return open_zip(path)
    except ZipRefused as exc:
        raise not_an_archive() from exc


def _checked(zf: zipfile.ZipFile, limits: Limits) -> Manifest:
    infos = check_entries(zf, limits)
    by_name = {i.filename: i for i in infos}
    info = by_name.get(MANIFEST)
    if info is None or info.file_size > limits.max_manifest_size:
        raise no_manifest()
    try:
        raw = read_entry(zf, info)
    except ZipRefused as exc:
        raise refused(exc) from exc
    manifest = parse_manifest(raw)
    check_matches(manifest, infos)
    return manifest


def read_manifest(path: Path, limits: Limits = DEFAULT_LIMITS) -> Manifest:
    """Check an archive's structure and manifest without extracting anything."""
    with _open_zip(path) as zf:
        return _checked(zf, limits)


def _check_space(paths: DataPaths, manifest: Manifest) -> None:
    """Room for the unpacked files and the backup of the current database."""
    current = paths.database.stat().st_size if paths.database.exists() else 0
    need = sum(f.size for f in manifest.files) + current + SPACE_MARGIN
    free = shutil.disk_usage(paths.root).free
    if free < need:
        raise refuse(
            _(
                "There is not enough free disk space for this archive: it needs about "
                "{need} MB, and {free} MB are free."
            ).format(
                need=format_number(-(-need // 1024**2)), free=format_number(free // 1024**2)
            )
        )


def _extract_one(
    zf: zipfile.ZipFile,
    entry: ManifestFile,
    staging: Path,
    step: Callable[[int], None],
    cancelled: CancelCheck,
) -> Path:
    """Stream one listed file into ``staging``, never past its declared size."""
    dest = (staging / entry.path).resolve()
    if not dest.is_relative_to(staging.resolve()):
        raise damaged_file(entry.path)
    dest.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    try:
        with dest.open("xb") as out:
            for chunk in stream_entry(zf, zf.getinfo(entry.path), CHUNK):
                if cancelled():
                    raise JobCancelled
                digest.update(chunk)
                out.write(chunk)
                step(len(chunk))
    except ZipRefused as exc:
        raise damaged_file(entry.path) from exc
    if digest.hexdigest() != entry.sha256:
        raise damaged_file(entry.path)
    return dest


def _checked_database(
    zf: zipfile.ZipFile,
    manifest: Manifest,
    staging: Path,
    limits: Limits,
    step: Callable[[int], None],
    cancelled: CancelCheck,
) -> tuple[Path, DatabaseSummary]:
    """The database unpacked alone and checked, before any other file."""
    entry = next(f for f in manifest.files if f.path == DATABASE)
    staged = _extract_one(zf, entry, staging, step, cancelled)
    summary = check_database(staged, limits.check_seconds)
    if (summary.cards, summary.receipts) != (manifest.cards, manifest.receipts):
        raise refuse(
            _(
                "The archive's manifest does not match its database: it claims {claimed}, "
                "the database holds {found}."
            ).format(
                claimed=receipts_count(manifest.receipts),
                found=receipts_count(summary.receipts),
            )
            if summary.receipts != manifest.receipts
            else _(
                "The archive's manifest does not match its database: it claims {claimed}, "
                "the database holds {found}."
            ).format(claimed=cards_count(manifest.cards), found=cards_count(summary.cards))
        )
    if summary.schema_version != manifest.schema_version:
        raise refuse(
            _("The archive's manifest does not match its database: the format versions differ.")
        )
    return staged, summary


def _counter(total: int, progress: Progress) -> Callable[[int], None]:
    done = [0]

    def step(size: int) -> None:
        done[0] += size
        progress(done[0], total)

    return step


def inspect_archive(
    paths: DataPaths, source: Path, limits: Limits = DEFAULT_LIMITS
) -> ArchivePreview:
    """What an archive holds, read from its checked database; nothing is kept.

    The confirmation the user answers quotes these counts, so they come from
    the database itself (in a staging folder removed before returning).
    """
    with _open_zip(source) as zf:
        manifest = _checked(zf, limits)
        paths.ensure()
        _check_space(paths, manifest)
        staging = Path(tempfile.mkdtemp(prefix=".import-", dir=paths.root))
        try:
            _staged, summary = _checked_database(
                zf, manifest, staging, limits, _no_step, never_cancelled
            )
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return ArchivePreview(manifest.created, summary.cards, summary.receipts, len(manifest.files) - 1)


def _no_step(_size: int) -> None:
    return None


def import_archive(
    conn: sqlite3.Connection,
    paths: DataPaths,
    source: Path,
    now: dt.datetime,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
    limits: Limits = DEFAULT_LIMITS,
) -> ImportResult:
    """Replace the data with the archive's; the current data becomes a backup.

    Order matters: the structure, the free space and then the database are
    checked before the attachments are even unpacked, and nothing is placed
    until every file has been unpacked and verified.
    """
    with _open_zip(source) as zf:
        manifest = _checked(zf, limits)
        paths.ensure()
        _check_space(paths, manifest)
        step = _counter(sum(f.size for f in manifest.files), progress)
        staging = Path(tempfile.mkdtemp(prefix=".import-", dir=paths.root))
        try:
            staged_db, summary = _checked_database(zf, manifest, staging, limits, step, cancelled)
            for entry in manifest.files:
                if entry.path != DATABASE:
                    _extract_one(zf, entry, staging, step, cancelled)
            if cancelled():
                raise JobCancelled
            placed = _place_attachments(manifest, staging, paths.attachments)
            try:
                undo = restore_into(conn, staged_db, BackupFolder(paths.backups), now)
            except BaseException:
                _take_back(placed)
                raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    added = sum(1 for p in placed if not p.is_dir())
    return ImportResult(summary.cards, summary.receipts, undo, added)


def _place_attachments(manifest: Manifest, staging: Path, target: Path) -> list[Path]:
    """Move in attachment files that are not there yet; returns those added.

    Content-addressed names mean an existing file of the same name already
    holds the same bytes; existing files are kept so that undoing the import
    still finds its attachments. A file whose bytes are not what its name
    says (damaged before it was exported) is not placed. The list ends with
    the folders made for them, so :func:`_take_back` removes both.
    """
    added: list[Path] = []
    folders: list[Path] = []
    try:
        for entry in manifest.files:
            if entry.path == DATABASE or not holds_its_hash(entry):
                continue
            dest = target / Path(entry.path).relative_to(ATTACHMENTS)
            if dest.exists():
                continue
            if not dest.parent.is_dir():
                dest.parent.mkdir(parents=True)
                folders.append(dest.parent)
            with atomic_write.replacing(dest) as side:
                shutil.move(staging / entry.path, side)
            added.append(dest)
    except BaseException:
        _take_back(added + folders)
        raise
    return added + folders


def _take_back(placed: list[Path]) -> None:
    for path in placed:
        if path.is_dir():
            with contextlib.suppress(OSError):
                path.rmdir()
        else:
            path.unlink(missing_ok=True)
