"""Content packs: a zip that replaces the bundled guide when newer and valid.

Why so strict: a pack comes from outside (a file someone sent), so every entry
is checked (by the same zip rules as archives, companion.zip_safety) before a
byte is written where the app reads it, and the pack is unpacked into a
private folder that is renamed into place only after the whole guide has
loaded, passed the content rules (guide.content_rules: no HTML, no links of
its own, only the sites the app ships with) and rendered from it. The pack
is stored converted (guide.built_guide), as the build stores the bundled
guide, so a start reads one file and parses nothing. Whatever
goes wrong is the pack's fault and becomes one refusal message, a sentence
in the user's language naming the file (guide.content_errors); a parser's
own words (``KeyError: 'x'``) go to the log, never to the user. A refused
pack leaves nothing behind.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from companion.guide import built_guide
from companion.guide.catalogue import (
    USSD_SHEET_ID,
    Catalogue,
    GuideContentError,
    PackInfo,
    load_catalogue,
    page_file,
)
from companion.guide.content_errors import UNEXPECTED, UNREADABLE, reading
from companion.guide.content_rules import allowed_sites, check_page, check_sites
from companion.guide.operators import bundled_operators
from companion.guide.render import render_page, ussd_sheet_markdown
from companion.i18n import N_, _
from companion.i18n.formatting import format_number
from companion.i18n.os_errors import os_error_text
from companion.zip_safety import (
    NotAZip,
    ZipLimits,
    ZipRefused,
    checked_files,
    open_zip,
    read_entry,
    shown,
)

#: Text compresses about 3-10x; far more than 60x is a zip bomb.
PACK_LIMITS = ZipLimits(
    max_entries=400,
    max_entry_size=2 * 1024 * 1024,
    max_total_size=20 * 1024 * 1024,
    max_ratio=60,
    ratio_floor=65536,
)
_ALLOWED_SUFFIXES = (".md", ".toml")
_LINK_RE = re.compile(r"\]\(topic:([^)\s]*)\)")
_log = logging.getLogger(__name__)


class PackError(Exception):
    """A pack was refused; the message is translated and says why."""


@dataclass(frozen=True)
class InstalledPack:
    folder: Path
    info: PackInfo


def broken_links(cat: Catalogue) -> list[tuple[str, str]]:
    """``(page file, target)`` for each internal link that leads nowhere."""
    known = set(cat.topic_ids()) | {USSD_SHEET_ID}
    found: list[tuple[str, str]] = []
    for lang, pages in cat.pages.items():
        for page in pages.values():
            with reading(page_file(lang, page.id)):
                targets = _LINK_RE.findall(render_page(cat, page))
            found += [(page_file(lang, page.id), t) for t in targets if t not in known]
    return found


def check_catalogue(cat: Catalogue, sites: frozenset[str] | None = None) -> None:
    """Check every page against the content rules, render it and resolve every
    link; raise on the first problem. ``sites``: the web sites allowed (a
    pack's must be those of the bundled guide)."""
    with reading("operators.toml"):
        check_sites(
            cat.operators.values(),
            allowed_sites(cat.operators.values()) if sites is None else sites,
        )
    for pages in cat.pages.values():
        for page in pages.values():
            with reading(page_file(page.lang, page.id)):
                check_page(page)
                render_page(cat, page)
    for lang in cat.pages:
        with reading("operators.toml"):  # the sheet is made of the operators' facts
            ussd_sheet_markdown(cat, lang)
    broken = broken_links(cat)
    if broken:
        name, target = broken[0]
        raise GuideContentError(
            N_("The page {name} has a broken link: there is no topic \"{target}\"."),
            name=name,
            target=target,
        )


def _read_members(archive: zipfile.ZipFile) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for info in checked_files(archive, PACK_LIMITS):
        name = info.filename
        if not name.endswith(_ALLOWED_SUFFIXES):
            raise PackError(
                _("The pack contains a file that is not allowed: {name}").format(
                    name=shown(name)
                )
            )
        data = read_entry(archive, info)
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise PackError(
                _("A file in the pack is not UTF-8 text: {name}").format(name=shown(name))
            ) from exc
        files[name] = data
    if "manifest.toml" not in files:
        raise PackError(_("The pack has no manifest.toml at its top level."))
    return files


def read_pack(zip_path: Path) -> dict[str, bytes]:
    """Every file of the pack, checked by the shared zip rules and for encoding."""
    try:
        if zip_path.stat().st_size > PACK_LIMITS.max_total_size:
            raise PackError(
                _("The pack is larger than {limit} MB.").format(
                    limit=format_number(PACK_LIMITS.max_total_size // 2**20)
                )
            )
        with open_zip(zip_path) as archive:
            return _read_members(archive)
    except (NotAZip, OSError) as exc:
        raise PackError(_("This file is not a readable content pack (zip).")) from exc
    except ZipRefused as exc:
        raise PackError(str(exc)) from exc


def _load_checked(staging: Path) -> Catalogue:
    """The pack's guide, loaded and checked exactly like the bundled one.

    Any failure here is the pack's fault (the same code loads the bundled
    guide, which the tests check), so each one becomes the refusal message:
    the check's own sentence, translated now; a failure no check foresaw
    becomes one general sentence, its technical detail logged.
    """
    try:
        cat = load_catalogue(staging)
        check_catalogue(cat, allowed_sites(bundled_operators().values()))
        return cat
    except GuideContentError as exc:
        if exc.message == UNREADABLE:  # a parser failed where no check looked
            _log.warning("content pack refused: %s", exc, exc_info=exc.__cause__)
        else:
            _log.info("content pack refused: %s", exc)
        raise PackError(exc.text()) from exc
    except (RecursionError, *UNEXPECTED) as exc:
        _log.warning("content pack refused: unexpected problem", exc_info=exc)
        raise PackError(
            _("The pack's content could not be read: it is not in the form this app expects.")
        ) from exc
    except OSError as exc:
        raise _disk_error(exc) from exc


def _disk_error(exc: OSError) -> PackError:
    return PackError(
        _("The pack could not be unpacked into the data folder: {detail}").format(
            detail=os_error_text(exc)
        )
    )


def install_pack(zip_path: Path, packs_dir: Path, bundled: PackInfo, current: int) -> InstalledPack:
    """Check, unpack and load a pack; move it into ``packs_dir`` only if all is well."""
    files = read_pack(zip_path)
    made_folder = not packs_dir.exists()
    try:
        packs_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=packs_dir))
    except OSError as exc:
        raise _disk_error(exc) from exc
    try:
        try:
            for name, data in files.items():
                target = staging / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        except OSError as exc:
            raise _disk_error(exc) from exc
        cat = _load_checked(staging)
        if cat.info.id != bundled.id:
            raise PackError(
                _("This pack is for something else ({pack_id}), not this guide.").format(
                    pack_id=shown(cat.info.id) or "?"
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
        built_guide.format_months(cat)
        try:
            built_guide.write(staging / built_guide.FILE_NAME, cat)
            if final.exists():
                shutil.rmtree(final)
            staging.rename(final)
        except OSError as exc:
            raise _disk_error(exc) from exc
        return InstalledPack(final, cat.info)
    except BaseException:
        if made_folder:  # a refused pack leaves not even the folder behind
            shutil.rmtree(packs_dir, ignore_errors=True)
        raise
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
