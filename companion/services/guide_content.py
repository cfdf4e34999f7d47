"""Which guide the app shows: the bundled one or an imported content pack.

Why a service: the choice is remembered in the settings table and the pack
files live in the data folder; the reader only asks for "the catalogue".
"""

from __future__ import annotations

import logging
import shutil
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from companion.guide import built_guide
from companion.guide.built_guide import BuiltGuideError
from companion.guide.catalogue import Catalogue, GuideContentError, PackInfo
from companion.paths import built_guide_file, guide_dir
from companion.services.context import AppContext

if TYPE_CHECKING:
    from companion.guide.packs import InstalledPack

ACTIVE_PACK_KEY = "guide.active_pack"
_log = logging.getLogger(__name__)

#: What to run when the built guide is missing (a checkout never built).
BUILD_COMMAND = "./run.sh (or: python -m companion.build_data)"

_bundled: list[Catalogue] = []


def bundled_catalogue() -> Catalogue:
    """The guide shipped with the app, as the build parsed it; read once per run.

    Raises BuiltGuideError, naming the command that makes the file, when this
    copy of the app was not built (a checkout started without ./run.sh).
    """
    if not _bundled:
        try:
            _bundled.append(built_guide.read(built_guide_file(), guide_dir()))
        except BuiltGuideError as exc:
            raise BuiltGuideError(f"{exc}. Build it with {BUILD_COMMAND}.") from exc
    return _bundled[0]


def build_problem() -> str | None:
    """Why this copy of the app has no guide to show, for the terminal; None
    when it has one. Only looks for the file: a copy that was never built
    (a checkout started without ./run.sh) stops before its window opens."""
    path = built_guide_file()
    if path.is_file():
        return None
    return f"Travel Card Companion: {path} is missing. Build it with {BUILD_COMMAND}."


def convert_pack(folder: Path) -> Catalogue:
    """Parse the pack in ``folder`` and keep it there converted, so later
    starts read one file; raise GuideContentError or OSError."""
    cat = built_guide.convert(folder)
    built_guide.write(folder / built_guide.FILE_NAME, cat)
    return cat


@cache
def _pack_catalogue(folder: Path, _mtime: float) -> Catalogue:
    try:
        return built_guide.read(folder / built_guide.FILE_NAME, folder)
    except BuiltGuideError as exc:
        # Imported by an app that kept no (or another format of) converted
        # copy: convert it once from the pack's own files, kept beside it.
        _log.info("content pack %s converted again: %s", folder, exc)
        return convert_pack(folder)


def active_pack_folder(ctx: AppContext) -> Path | None:
    name = ctx.settings.get_raw(ACTIVE_PACK_KEY)
    if not isinstance(name, str) or "/" in name or name.startswith("."):
        return None
    folder = ctx.paths.content_packs / name
    return folder if folder.is_dir() else None


def active_catalogue(ctx: AppContext) -> Catalogue:
    """The imported pack if it still loads and is newer than the bundled guide."""
    bundled = bundled_catalogue()
    folder = active_pack_folder(ctx)
    if folder is None:
        return bundled
    try:
        mtime = (folder / "manifest.toml").stat().st_mtime
        cat = _pack_catalogue(folder, mtime)
    except (GuideContentError, OSError) as exc:
        _log.warning("content pack %s ignored: %s", folder, exc)
        return bundled
    return cat if cat.info.version > bundled.info.version else bundled


def using_pack(ctx: AppContext) -> bool:
    return active_catalogue(ctx) is not bundled_catalogue()


def import_pack(ctx: AppContext, zip_path: Path) -> InstalledPack:
    """Install a newer, valid pack and make it active; raise PackError otherwise."""
    from companion.guide.packs import install_pack  # zip machinery only when importing

    current = active_catalogue(ctx).info.version
    installed = install_pack(zip_path, ctx.paths.content_packs, bundled_catalogue().info, current)
    previous = active_pack_folder(ctx)
    ctx.settings.set_raw(ACTIVE_PACK_KEY, installed.folder.name)
    if previous is not None and previous != installed.folder:
        shutil.rmtree(previous, ignore_errors=True)
    return installed


def revert_to_bundled(ctx: AppContext) -> PackInfo:
    """Forget the imported pack and delete its files."""
    folder = active_pack_folder(ctx)
    ctx.settings.set_raw(ACTIVE_PACK_KEY, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
    return bundled_catalogue().info
