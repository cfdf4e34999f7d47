"""Content packs: a zip that replaces the bundled guide when newer and valid.

Why so strict: a pack comes from outside (a file someone sent), so every entry
is checked before a byte is written where the app reads it, and the pack is
unpacked into a private folder that is renamed into place only after the whole
guide has loaded and rendered from it. A refused pack leaves nothing behind.
"""

from __future__ import annotations

import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from companion.guide.catalogue import (
    USSD_SHEET_ID,
    Catalogue,
    GuideContentError,
    PackInfo,
    load_catalogue,
)
from companion.guide.render import render_page
from companion.i18n import _

MAX_PACK_BYTES = 20 * 1024 * 1024
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_FILES = 400
#: Text compresses about 3-10x; far more than this is a zip bomb.
MAX_RATIO = 60
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$")
_ALLOWED_SUFFIXES = (".md", ".toml")
_LINK_RE = re.compile(r"\]\(topic:([^)\s]*)\)")


class PackError(Exception):
    """A pack was refused; the message is translated and says why."""


@dataclass(frozen=True)
class InstalledPack:
    folder: Path
    info: PackInfo


def broken_links(cat: Catalogue) -> list[str]:
    """``lang/topic -> target`` for each internal link that leads nowhere."""
    known = set(cat.topic_ids()) | {USSD_SHEET_ID}
    found: list[str] = []
    for lang, pages in cat.pages.items():
        for page in pages.values():
            for target in _LINK_RE.findall(render_page(cat, page)):
                if target not in known:
                    found.append(f"{lang}/{page.id} -> {target}")
    return found


def check_catalogue(cat: Catalogue) -> None:
    """Render every page and resolve every link; raise on the first problem."""
    for pages in cat.pages.values():
        for page in pages.values():
            render_page(cat, page)
    broken = broken_links(cat)
    if broken:
        raise GuideContentError("broken link " + broken[0])


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _read_members(archive: zipfile.ZipFile) -> dict[str, bytes]:
    members = archive.infolist()
    if len(members) > MAX_FILES:
        raise PackError(_("The pack has too many files ({count}).").format(count=len(members)))
    files: dict[str, bytes] = {}
    total = 0
    for info in members:
        name = info.filename
        if info.is_dir():
            continue
        if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or "\\" in name:
            raise PackError(_("The pack contains an absolute path: {name}").format(name=name))
        if ".." in name.split("/"):
            raise PackError(
                _("The pack contains a path leading outside its folder: {name}").format(name=name)
            )
        if _is_symlink(info):
            raise PackError(_("The pack contains a symbolic link: {name}").format(name=name))
        if not _SAFE_NAME.match(name) or not name.endswith(_ALLOWED_SUFFIXES):
            raise PackError(
                _("The pack contains a file that is not allowed: {name}").format(name=name)
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_FILE_BYTES or (info.file_size > 65536 and ratio > MAX_RATIO):
            raise PackError(
                _("A file in the pack is too large or compressed suspiciously: {name}").format(
                    name=name
                )
            )
        with archive.open(info) as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
        total += len(data)
        if len(data) > MAX_FILE_BYTES or total > MAX_PACK_BYTES:
            raise PackError(
                _("A file in the pack is too large or compressed suspiciously: {name}").format(
                    name=name
                )
            )
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise PackError(
                _("A file in the pack is not UTF-8 text: {name}").format(name=name)
            ) from exc
        files[name] = data
    if "manifest.toml" not in files:
        raise PackError(_("The pack has no manifest.toml at its top level."))
    return files


def read_pack(zip_path: Path) -> dict[str, bytes]:
    """Every file of the pack, checked for size, names, links and encoding."""
    try:
        if zip_path.stat().st_size > MAX_PACK_BYTES:
            raise PackError(
                _("The pack is larger than {limit} MB.").format(limit=MAX_PACK_BYTES // 2**20)
            )
        with zipfile.ZipFile(zip_path) as archive:
            return _read_members(archive)
    # zipfile raises NotImplementedError for a compression method it cannot
    # read (a pack zipped with, say, Deflate64): a bad pack, not a stub.
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise PackError(_("This file is not a readable content pack (zip).")) from exc


def install_pack(zip_path: Path, packs_dir: Path, bundled: PackInfo, current: int) -> InstalledPack:
    """Check, unpack and load a pack; move it into ``packs_dir`` only if all is well."""
    files = read_pack(zip_path)
    packs_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=packs_dir))
    try:
        for name, data in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        try:
            cat = load_catalogue(staging)
            check_catalogue(cat)
        except GuideContentError as exc:
            raise PackError(
                _("The pack's content is not valid: {problem}").format(problem=str(exc))
            ) from exc
        if cat.info.id != bundled.id:
            raise PackError(
                _("This pack is for something else ({pack_id}), not this guide.").format(
                    pack_id=cat.info.id or "?"
                )
            )
        if cat.info.version <= current:
            raise PackError(
                _(
                    "This pack (version {version}) is not newer than the guide "
                    "in use (version {current}). Nothing was changed."
                ).format(version=cat.info.version, current=current)
            )
        final = packs_dir / f"pack-{cat.info.version}"
        if final.exists():
            shutil.rmtree(final)
        staging.rename(final)
        return InstalledPack(final, cat.info)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
