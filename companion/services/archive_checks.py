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
import stat
import zipfile
from dataclasses import dataclass
from typing import Any

from companion.i18n import _
from companion.store.migrations import LATEST_VERSION

FORMAT = "travel-card-companion-archive"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "companion.sqlite3"
ATTACHMENTS = "attachments"

_SAFE_PART = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class ArchiveRejected(Exception):
    """The archive is refused; ``str()`` is a translated message for the user."""


@dataclass(frozen=True)
class Limits:
    max_entries: int = 200_000
    max_entry_size: int = 4 * 1024**3
    max_total_size: int = 16 * 1024**3
    max_manifest_size: int = 64 * 1024**2
    #: Entries above this size must not unpack to more than max_ratio × packed.
    ratio_floor: int = 1024**2
    max_ratio: int = 200


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


def _refuse(message: str) -> ArchiveRejected:
    return ArchiveRejected(message + "\n\n" + _("Nothing was imported; your data is unchanged."))


def check_entry_name(name: str) -> None:
    """Refuse absolute paths, escapes, odd separators and unusual characters."""
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        raise _refuse(_("The archive contains an absolute path: {name}").format(name=name))
    parts = name.replace("\\", "/").split("/")
    if ".." in parts:
        raise _refuse(
            _("The archive contains a path that leads outside its folder: {name}").format(name=name)
        )
    if "\\" in name or "\x00" in name or any(not _SAFE_PART.match(p) for p in parts):
        raise _refuse(_("The archive contains an unexpected file name: {name}").format(name=name))


def check_entries(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Every entry is a plain, sane-sized file with a safe, unique name."""
    if len(infos) > limits.max_entries:
        raise _refuse(_("The archive contains too many files."))
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        check_entry_name(name)
        if name in seen:
            raise _refuse(_("The archive contains the same file twice: {name}").format(name=name))
        seen.add(name)
        mode = (info.external_attr >> 16) & 0xFFFF
        if stat.S_ISLNK(mode) or info.is_dir():
            raise _refuse(
                _(
                    "The archive contains a link or folder entry, which is not allowed: {name}"
                ).format(name=name)
            )
        if info.flag_bits & 0x1:
            raise _refuse(_("The archive is encrypted: {name}").format(name=name))
        if info.file_size > limits.max_entry_size:
            raise _refuse(_("A file in the archive is too large: {name}").format(name=name))
        if (
            info.file_size > limits.ratio_floor
            and info.file_size > limits.max_ratio * max(info.compress_size, 1)
        ):
            raise _refuse(
                _(
                    "A file in the archive unpacks to far more than its packed size "
                    "(a so-called zip bomb): {name}"
                ).format(name=name)
            )
        total += info.file_size
        if total > limits.max_total_size:
            raise _refuse(_("The archive unpacks to more than this app accepts."))


def _bad_manifest() -> ArchiveRejected:
    return _refuse(
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
        raise _refuse(_("The archive was made by a newer version of Travel Card Companion."))
    schema = _int(data.get("schema_version"))
    if schema > LATEST_VERSION:
        raise _refuse(_("The archive was made by a newer version of Travel Card Companion."))
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
        if path != DATABASE and not (
            path.startswith(ATTACHMENTS + "/") and path.count("/") <= 3
        ):
            raise _bad_manifest()
        files.append(ManifestFile(path, _int(item.get("size")), sha))
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
        raise _refuse(
            _("The archive's contents do not match its manifest: {name}").format(name=name)
        )
    for name, entry in listed.items():
        if by_name[name].file_size != entry.size:
            raise _refuse(
                _("The archive's contents do not match its manifest: {name}").format(name=name)
            )


def damaged_file(name: str) -> ArchiveRejected:
    return _refuse(
        _("A file in the archive is damaged (its checksum does not match): {name}").format(
            name=name
        )
    )


def not_an_archive() -> ArchiveRejected:
    return _refuse(_("This file is not a Travel Card Companion archive."))


def no_manifest() -> ArchiveRejected:
    return _refuse(
        _("The archive has no manifest, so it was not written by Travel Card Companion.")
    )


def damaged_database(detail: str) -> ArchiveRejected:
    return _refuse(
        _("The database inside the archive is damaged: {detail}").format(detail=detail)
    )
