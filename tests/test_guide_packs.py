"""Content packs: a newer valid pack replaces the guide; anything else changes nothing."""

from __future__ import annotations

import os
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from companion.guide.packs import PackError
from companion.paths import guide_dir
from companion.services import guide_content
from companion.services.context import AppContext

Mutate = Callable[[dict[str, bytes]], None]


def _bundled_files() -> dict[str, bytes]:
    root = guide_dir()
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.suffix in (".md", ".toml")
    }


def _with_version(files: dict[str, bytes], version: int) -> None:
    text = files["manifest.toml"].decode()
    files["manifest.toml"] = text.replace("version = 1", f"version = {version}").encode()


def make_pack(tmp_path: Path, version: int = 2, mutate: Mutate | None = None) -> Path:
    files = _bundled_files()
    _with_version(files, version)
    if mutate:
        mutate(files)
    path = tmp_path / f"pack-{version}-{len(list(tmp_path.iterdir()))}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def _state(ctx: AppContext) -> tuple[object, list[str]]:
    folder = ctx.paths.content_packs
    listing = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
    return ctx.settings.get_raw(guide_content.ACTIVE_PACK_KEY), listing


def test_a_newer_valid_pack_becomes_the_guide(ctx: AppContext, tmp_path: Path) -> None:
    def retitle(files: dict[str, bytes]) -> None:
        files["en/operator-mts.md"] = files["en/operator-mts.md"].replace(
            b"title: MTS", b"title: MTS (updated)"
        )

    installed = guide_content.import_pack(ctx, make_pack(tmp_path, 2, retitle))
    assert installed.info.version == 2
    cat = guide_content.active_catalogue(ctx)
    assert cat.info.version == 2
    assert cat.pages["en"]["operator-mts"].title == "MTS (updated)"
    assert _state(ctx) == ("pack-2", ["pack-2"])

    guide_content.import_pack(ctx, make_pack(tmp_path, 3))
    assert guide_content.active_catalogue(ctx).info.version == 3
    assert _state(ctx) == ("pack-3", ["pack-3"])


def test_an_older_or_equal_pack_is_refused(ctx: AppContext, tmp_path: Path) -> None:
    with pytest.raises(PackError, match="not newer"):
        guide_content.import_pack(ctx, make_pack(tmp_path, 1))
    assert _state(ctx) == (None, [])
    guide_content.import_pack(ctx, make_pack(tmp_path, 4))
    with pytest.raises(PackError, match=r"version 3\b.*version 4"):
        guide_content.import_pack(ctx, make_pack(tmp_path, 3))
    assert _state(ctx) == ("pack-4", ["pack-4"])


def test_revert_goes_back_to_the_bundled_guide(ctx: AppContext, tmp_path: Path) -> None:
    guide_content.import_pack(ctx, make_pack(tmp_path, 2))
    info = guide_content.revert_to_bundled(ctx)
    assert info.version == 1
    assert guide_content.active_catalogue(ctx) is guide_content.bundled_catalogue()
    assert _state(ctx) == (None, [])


def _drop(name: str) -> Mutate:
    return lambda files: files.pop(name) and None


def _add(name: str, data: bytes) -> Mutate:
    return lambda files: files.__setitem__(name, data)


def _replace(name: str, old: bytes, new: bytes) -> Mutate:
    return lambda files: files.__setitem__(name, files[name].replace(old, new))


BAD: dict[str, tuple[Mutate, str]] = {
    "no manifest": (_drop("manifest.toml"), "no manifest.toml"),
    "bad manifest": (_add("manifest.toml", b"[pack\nversion = "), "not valid"),
    "version not a number": (
        _replace("manifest.toml", b"version = 2", b'version = "two"'), "version"
    ),
    "missing language": (
        _replace("manifest.toml", b'"en", "ru", "zh_Hans"', b'"en", "ru"'), "zh_Hans"
    ),
    "missing topic page": (_drop("ru/esim.md"), "ru/esim.md"),
    "path traversal": (_add("../evil.md", b"x"), "outside"),
    "absolute path": (_add("/etc/evil.md", b"x"), "absolute"),
    "not utf-8": (_replace("en/esim.md", b"eSIM", b"\xff\xfe"), "UTF-8"),
    "unknown placeholder": (_replace("en/esim.md", b"eSIM", b"{{op:nobody.balance}}"), "not valid"),
    "broken link": (_replace("en/esim.md", b"(topic:", b"(topic:nowhere-"), "broken link"),
    "raw executable": (_add("run.sh", b"rm -rf /"), "not allowed"),
    "other pack id": (
        _replace("manifest.toml", b"travel-card-companion-guide", b"someone-else"),
        "something else",
    ),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_a_bad_pack_is_refused_and_changes_nothing(
    ctx: AppContext, tmp_path: Path, kind: str
) -> None:
    mutate, message = BAD[kind]
    with pytest.raises(PackError, match=message):
        guide_content.import_pack(ctx, make_pack(tmp_path, 2, mutate))
    assert _state(ctx)[0] is None
    assert _state(ctx)[1] == []
    assert guide_content.active_catalogue(ctx).info.version == 1


def test_a_zip_bomb_is_refused(ctx: AppContext, tmp_path: Path) -> None:
    path = make_pack(tmp_path, 2)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("en/huge.md", b"a" * (3 * 1024 * 1024))
    with pytest.raises(PackError, match="too large"):
        guide_content.import_pack(ctx, path)
    assert _state(ctx) == (None, [])


def test_a_symlink_is_refused(ctx: AppContext, tmp_path: Path) -> None:
    path = make_pack(tmp_path, 2)
    info = zipfile.ZipInfo("en/link.md")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr(info, "/etc/passwd")
    with pytest.raises(PackError, match="symbolic link"):
        guide_content.import_pack(ctx, path)
    assert _state(ctx) == (None, [])


def test_not_a_zip_is_refused(ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "pack.zip"
    path.write_bytes(os.urandom(256))
    with pytest.raises(PackError, match="not a readable content pack"):
        guide_content.import_pack(ctx, path)
    assert _state(ctx) == (None, [])
