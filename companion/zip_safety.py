"""One set of rules for every zip that comes from outside.

Why one module: archives ("Export everything") and guide content packs are
both files people pass around, so both are attack surfaces, and they used to
have two sets of checks with different gaps and different messages. Every
entry of a zip is judged here before a byte of it is written: how many there
are, how big they say they are, how far they unpack compared with their packed
size (each one and all together, so 300 small bombs fail like one big one),
where their names lead, whether they are links, folders clashing with files,
encrypted or repeated. Reading an entry turns every way a damaged zip can fail
(a corrupt deflate stream, a wrong CRC, a method Python cannot read) into the
same refusal. Each kind of problem has one translated sentence; callers add
what the refusal means for them ("Nothing was imported").

The module sits beside ``paths`` at the top of the package because both
``guide`` (packs) and ``services`` (archives) use it; it imports only i18n.
"""

from __future__ import annotations

import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from companion.i18n import _, ngettext
from companion.i18n.formatting import format_number

#: A path part: letters, digits and ``._-``, not starting with a dot.
_SAFE_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*$")
#: Longest part and longest whole name: well below every file system's limits
#: (255 bytes a part), with room for the folder the entry is unpacked into.
MAX_PART_LENGTH = 100
MAX_NAME_LENGTH = 200
#: How much of a hostile name a message quotes.
_SHOWN_NAME = 80
#: Errors Python's zipfile raises for a damaged or unreadable entry.
_READ_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,
    NotImplementedError,
)


class ZipRefused(Exception):
    """The zip breaks a rule; ``str()`` is one translated sentence."""


@dataclass(frozen=True)
class ZipLimits:
    max_entries: int
    max_entry_size: int
    max_total_size: int
    #: Beyond ``ratio_floor`` bytes (one entry, or all together), the unpacked
    #: size may be at most ``max_ratio`` times the packed size.
    max_ratio: int
    ratio_floor: int


def shown(name: str) -> str:
    """A name as a message quotes it: control characters made visible, cut short."""
    clean = "".join(ch if ch.isprintable() else "\N{REPLACEMENT CHARACTER}" for ch in name)
    return clean if len(clean) <= _SHOWN_NAME else clean[: _SHOWN_NAME - 1] + "…"


class NotAZip(ZipRefused):
    """The file is not a zip at all (callers say what they expected)."""


def not_a_zip() -> NotAZip:
    return NotAZip(_("This file is not a zip file, or it is damaged."))


def damaged_entry(name: str) -> ZipRefused:
    return ZipRefused(
        _("A file inside the zip is damaged and cannot be read: {name}").format(name=shown(name))
    )


def check_name(name: str) -> None:
    """Refuse absolute paths, escapes, odd characters and over-long names."""
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        raise ZipRefused(_("The zip contains an absolute path: {name}").format(name=shown(name)))
    parts = name.replace("\\", "/").split("/")
    if ".." in parts:
        raise ZipRefused(
            _("The zip contains a path that leads outside its folder: {name}").format(
                name=shown(name)
            )
        )
    if len(name) > MAX_NAME_LENGTH or any(len(p) > MAX_PART_LENGTH for p in parts):
        raise ZipRefused(_("The zip contains a name that is too long: {name}").format(
            name=shown(name)
        ))
    if "\\" in name or any(not _SAFE_PART.match(p) for p in parts):
        raise ZipRefused(
            _("The zip contains an unexpected file name: {name}").format(name=shown(name))
        )


def _is_link(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK((info.external_attr >> 16) & 0xFFFF)


def _folders_of(name: str) -> Iterator[str]:
    parts = name.split("/")
    for end in range(1, len(parts)):
        yield "/".join(parts[:end])


def _too_compressed(size: int, packed: int, limits: ZipLimits) -> bool:
    return size > limits.ratio_floor and size > limits.max_ratio * max(packed, 1)


def checked_files(zf: zipfile.ZipFile, limits: ZipLimits) -> list[zipfile.ZipInfo]:
    """The zip's file entries, after every rule has passed for every entry.

    Folder entries (``attachments/``, as ordinary zip tools write them) are
    accepted and left out of the answer: folders follow from file names.
    """
    infos = zf.infolist()
    if len(infos) > limits.max_entries:
        raise ZipRefused(
            ngettext(
                "The zip contains too many files ({count}; at most {limit}).",
                "The zip contains too many files ({count}; at most {limit}).",
                len(infos),
            ).format(
                count=format_number(len(infos)), limit=format_number(limits.max_entries)
            )
        )
    files: list[zipfile.ZipInfo] = []
    seen: set[str] = set()
    folders: set[str] = set()
    total = packed = 0
    for info in infos:
        is_folder = info.filename.endswith("/")
        name = info.filename[:-1] if is_folder else info.filename
        if not name:
            raise ZipRefused(_("The zip contains an unexpected file name: {name}").format(
                name=shown(info.filename)
            ))
        check_name(name)
        key = name.casefold()
        if key in seen:
            raise ZipRefused(
                _("The zip contains the same name twice: {name}").format(name=shown(name))
            )
        seen.add(key)
        if _is_link(info):
            raise ZipRefused(
                _("The zip contains a link, which is not allowed: {name}").format(name=shown(name))
            )
        if info.flag_bits & 0x1:
            raise ZipRefused(
                _("The zip contains an encrypted file: {name}").format(name=shown(name))
            )
        folders.update(f.casefold() for f in _folders_of(name))
        if is_folder:
            folders.add(key)
            if info.file_size:
                raise damaged_entry(info.filename)
            continue
        if info.file_size > limits.max_entry_size:
            raise ZipRefused(
                _("A file inside the zip is too large: {name}").format(name=shown(name))
            )
        if _too_compressed(info.file_size, info.compress_size, limits):
            raise ZipRefused(
                _(
                    "A file inside the zip unpacks to far more than its packed size "
                    "(a so-called zip bomb): {name}"
                ).format(name=shown(name))
            )
        total += info.file_size
        packed += info.compress_size
        if total > limits.max_total_size:
            raise ZipRefused(
                _("The zip unpacks to more than this app accepts ({limit} MB).").format(
                    limit=format_number(limits.max_total_size // 1024**2)
                )
            )
        files.append(info)
    if _too_compressed(total, packed, limits):
        raise ZipRefused(
            _(
                "The zip's files together unpack to far more than their packed size "
                "(a so-called zip bomb)."
            )
        )
    clash = sorted(f.filename for f in files if f.filename.casefold() in folders)
    if clash:
        raise ZipRefused(
            _("The zip contains a file and a folder with the same name: {name}").format(
                name=shown(clash[0])
            )
        )
    return files


def open_zip(path: Path) -> zipfile.ZipFile:
    """The zip at ``path``, or ZipRefused when it is not one."""
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise not_a_zip() from exc


def read_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The whole entry (never more than it declared), or ZipRefused when damaged."""
    try:
        with zf.open(info) as fh:
            data = fh.read(info.file_size + 1)
    except _READ_ERRORS as exc:
        raise damaged_entry(info.filename) from exc
    if len(data) != info.file_size:
        raise damaged_entry(info.filename)
    return data


def stream_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, chunk: int) -> Iterator[bytes]:
    """The entry in chunks, never past its declared size; ZipRefused when damaged."""
    size = 0
    try:
        with zf.open(info) as src:
            while data := src.read(chunk):
                size += len(data)
                if size > info.file_size:
                    raise damaged_entry(info.filename)
                yield data
    except _READ_ERRORS as exc:
        raise damaged_entry(info.filename) from exc
    if size != info.file_size:
        raise damaged_entry(info.filename)
