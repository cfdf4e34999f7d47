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

from companion.guide import catalogue_cache
from companion.guide.catalogue import Catalogue, GuideContentError, PackInfo, load_catalogue
from companion.paths import guide_dir
from companion.services.context import AppContext

if TYPE_CHECKING:
    from companion.guide.packs import InstalledPack

ACTIVE_PACK_KEY = "guide.active_pack"
_log = logging.getLogger(__name__)


_bundled: list[Catalogue] = []


def bundled_catalogue(cache_dir: Path | None = None) -> Catalogue:
    """The guide shipped with the app, parsed once per run.

    With ``cache_dir``, the first call reads the parsed copy kept there when
    it is current (see catalogue_cache); later calls return the same object.
    """
    if not _bundled:
        root = guide_dir()
        _bundled.append(
            catalogue_cache.load(root, cache_dir / "guide.json") if cache_dir else load_catalogue(root)
        )
    return _bundled[0]


@cache
def _pack_catalogue(folder: Path, _mtime: float, cache_dir: Path) -> Catalogue:
    # One file for whichever pack is active: a new pack simply replaces it.
    return catalogue_cache.load(folder, cache_dir / "guide-pack.json")


def active_pack_folder(ctx: AppContext) -> Path | None:
    name = ctx.settings.get_raw(ACTIVE_PACK_KEY)
    if not isinstance(name, str) or "/" in name or name.startswith("."):
        return None
    folder = ctx.paths.content_packs / name
    return folder if folder.is_dir() else None


def active_catalogue(ctx: AppContext) -> Catalogue:
    """The imported pack if it still loads and is newer than the bundled guide."""
    bundled = bundled_catalogue(ctx.paths.cache_dir)
    folder = active_pack_folder(ctx)
    if folder is None:
        return bundled
    try:
        mtime = (folder / "manifest.toml").stat().st_mtime
        cat = _pack_catalogue(folder, mtime, ctx.paths.cache_dir)
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
