"""Checks an archive must pass before a single byte of it is written to disk.

Why so strict: an archive may come from anywhere (a USB stick, a chat, a
stranger). A name like ``../../.bashrc``, a link, or a 40 KB entry that
unpacks to 40 GB must be refused with a message the user understands, and
nothing may be extracted first.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from companion.i18n import _
from companion.store.attachments_store import ALLOWED_EXTENSIONS, MAX_ATTACHMENT_BYTES
from companion.store.migrations import LATEST_VERSION
from companion.zip_safety import ZipLimits, ZipRefused, check_name, checked_files, shown

FORMAT = "travel-card-companion-archive"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "companion.sqlite3"
ATTACHMENTS = "attachments"

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
#: Attachments are content-addressed: ``attachments/ab/abcdef….jpg`` where the
#: name is the SHA-256 of the bytes. Nothing else is ever placed in the folder.
_ATTACHMENT = re.compile(r"^attachments/([0-9a-f]{2})/([0-9a-f]{64})\.([a-z0-9]{1,8})$")


class ArchiveRejected(Exception):
    """The archive is refused; ``str()`` is a translated message for the user."""


@dataclass(frozen=True)
class Limits:
    max_entries: int = 200_000
    max_entry_size: int = 4 * 1024**3
    max_total_size: int = 16 * 1024**3
    max_manifest_size: int = 64 * 1024**2
    #: Beyond this size (one entry, or all together), nothing may unpack to
    #: more than max_ratio × its packed size.
    ratio_floor: int = 1024**2
    max_ratio: int = 200
    #: How long checking the database may take before it is refused.
    check_seconds: float = 60.0

    def zip_limits(self) -> ZipLimits:
        return ZipLimits(
            max_entries=self.max_entries,
            max_entry_size=self.max_entry_size,
            max_total_size=self.max_total_size,
            max_ratio=self.max_ratio,
            ratio_floor=self.ratio_floor,
        )


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class ManifestFile:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    app_version: str
    schema_version: int
    created: dt.datetime
    cards: int
    receipts: int
    files: tuple[ManifestFile, ...]


def refuse(message: str) -> ArchiveRejected:
    return ArchiveRejected(message + "\n\n" + _("Nothing was imported; your data is unchanged."))


def refused(exc: ZipRefused) -> ArchiveRejected:
    """A zip rule broken by the archive, as an archive refusal."""
    return refuse(str(exc))


def check_entry_name(name: str) -> None:
    """Refuse absolute paths, escapes, odd separators and unusual characters."""
    try:
        check_name(name)
    except ZipRefused as exc:
        raise refused(exc) from exc


def check_entries(zf: zipfile.ZipFile, limits: Limits) -> list[zipfile.ZipInfo]:
    """Every file entry, after the shared zip rules passed for all of them."""
    try:
        return checked_files(zf, limits.zip_limits())
    except ZipRefused as exc:
        raise refused(exc) from exc


def _bad_manifest() -> ArchiveRejected:
    return refuse(
        _("The archive's manifest is damaged or was not written by Travel Card Companion.")
    )


def _int(value: Any, low: int = 0) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        raise _bad_manifest()
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise _bad_manifest()
    return value


def _check_attachment(path: str, size: int) -> None:
    if not is_attachment_name(path):
        raise refuse(
            _("The archive contains a file that is not a receipt attachment: {name}").format(
                name=shown(path)
            )
        )
    if size > MAX_ATTACHMENT_BYTES:
        raise refuse(
            _("A file in the archive is too large: {name}").format(name=shown(path))
        )


def parse_manifest(raw: bytes) -> Manifest:
    """The manifest as data, or ArchiveRejected with the reason."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _bad_manifest() from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _bad_manifest()
    version = _int(data.get("format_version"), 1)
    if version > FORMAT_VERSION:
        raise refuse(_("The archive was made by a newer version of Travel Card Companion."))
    schema = _int(data.get("schema_version"))
    if schema > LATEST_VERSION:
        raise refuse(_("The archive was made by a newer version of Travel Card Companion."))
    try:
        created = dt.datetime.fromisoformat(_str(data.get("created_utc")))
    except ValueError as exc:
        raise _bad_manifest() from exc
    if created.tzinfo is None:
        raise _bad_manifest()
    counts = data.get("counts")
    if not isinstance(counts, dict):
        raise _bad_manifest()
    files_raw = data.get("files")
    if not isinstance(files_raw, list):
        raise _bad_manifest()
    files: list[ManifestFile] = []
    for item in files_raw:
        if not isinstance(item, dict):
            raise _bad_manifest()
        path = _str(item.get("path"))
        sha = _str(item.get("sha256"))
        if not _SHA256.match(sha):
            raise _bad_manifest()
        check_entry_name(path)
        size = _int(item.get("size"))
        if path != DATABASE:
            _check_attachment(path, size)
        files.append(ManifestFile(path, size, sha))
    paths = [f.path for f in files]
    if len(set(paths)) != len(paths) or paths.count(DATABASE) != 1:
        raise _bad_manifest()
    return Manifest(
        app_version=_str(data.get("app_version")),
        schema_version=schema,
        created=created.astimezone(dt.UTC),
        cards=_int(counts.get("cards")),
        receipts=_int(counts.get("receipts")),
        files=tuple(files),
    )


def check_matches(manifest: Manifest, infos: list[zipfile.ZipInfo]) -> None:
    """The archive holds exactly the files the manifest lists, of those sizes."""
    by_name = {i.filename: i for i in infos if i.filename != MANIFEST}
    listed = {f.path: f for f in manifest.files}
    for name in sorted(set(by_name) ^ set(listed)):
        raise refuse(
            _("The archive's contents do not match its manifest: {name}").format(name=shown(name))
        )
    for name, entry in listed.items():
        if by_name[name].file_size != entry.size:
            raise refuse(
                _("The archive's contents do not match its manifest: {name}").format(name=shown(name))
            )


def is_attachment_name(path: str) -> bool:
    """Whether ``path`` is where the attachment store keeps a file it names."""
    match = _ATTACHMENT.match(path)
    return (
        match is not None
        and match.group(1) == match.group(2)[:2]
        and match.group(3) in ALLOWED_EXTENSIONS
    )


def holds_its_hash(entry: ManifestFile) -> bool:
    """Whether an attachment's bytes are what its name says (checked on extraction
    against ``sha256``). A damaged copy is never placed under a hash it does not
    hold, or a later attachment with that hash would be taken for it."""
    match = _ATTACHMENT.match(entry.path)
    return match is not None and match.group(2) == entry.sha256


def damaged_file(name: str) -> ArchiveRejected:
    return refuse(
        _("A file in the archive is damaged (its checksum does not match): {name}").format(
            name=shown(name)
        )
    )


def not_an_archive() -> ArchiveRejected:
    return refuse(_("This file is not a Travel Card Companion archive."))


def no_manifest() -> ArchiveRejected:
    return refuse(
        _("The archive has no manifest, so it was not written by Travel Card Companion.")
    )


def damaged_database(detail: str) -> ArchiveRejected:
    """SQLite's own words, kept to one line: they can run to many lines of SQL."""
    line = " ".join(detail.replace("***", " ").split())
    return refuse(
        _("The database inside the archive is damaged: {detail}").format(detail=shown(line))
    )
