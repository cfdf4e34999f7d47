"""Content packs: a newer valid pack replaces the guide; anything else changes nothing."""

from __future__ import annotations

import json
import os
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from companion.guide import built_guide, render
from companion.guide.catalogue import month_key
from companion.guide.packs import PackError
from companion.guide.render import checked_month, render_page
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


def _no_parsing(root: Path) -> None:
    raise AssertionError(f"{root} was parsed")


def test_a_pack_is_stored_converted_and_read_without_parsing(
    ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def recheck(files: dict[str, bytes]) -> None:
        for name in ("en/esim.md", "ru/esim.md"):
            files[name] = files[name].replace(b"checked: 2026-", b"checked: 2031-", 1)

    guide_content.import_pack(ctx, make_pack(tmp_path, 7, recheck))
    stored = ctx.paths.content_packs / "pack-7" / built_guide.FILE_NAME
    assert stored.is_file()
    monkeypatch.setattr(built_guide, "load_catalogue", _no_parsing)
    guide_content._pack_catalogue.cache_clear()
    cat = guide_content.active_catalogue(ctx)
    assert cat.info.version == 7
    esim = cat.pages["ru"]["esim"]
    assert esim.checked.startswith("2031-")
    # The month was formatted at import, in every language, not at reading.
    assert cat.months[month_key(esim.checked, "zh_Hans")] == checked_month(esim.checked, "zh_Hans")
    monkeypatch.setattr(render, "checked_month", _no_parsing)
    assert checked_month(esim.checked, "ru") in render_page(cat, esim)


def test_a_pack_kept_without_its_converted_copy_is_converted_once(
    ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    guide_content.import_pack(ctx, make_pack(tmp_path, 5))
    stored = ctx.paths.content_packs / "pack-5" / built_guide.FILE_NAME
    stored.write_text('{"format": 1}', encoding="utf-8")  # as an older app left it
    guide_content._pack_catalogue.cache_clear()
    assert guide_content.active_catalogue(ctx).info.version == 5
    assert json.loads(stored.read_text(encoding="utf-8"))["format"] == built_guide.FORMAT
    monkeypatch.setattr(built_guide, "load_catalogue", _no_parsing)
    guide_content._pack_catalogue.cache_clear()
    assert guide_content.active_catalogue(ctx).info.version == 5


def test_a_pack_cannot_bring_its_own_converted_copy(ctx: AppContext, tmp_path: Path) -> None:
    forged = make_pack(tmp_path, 2, _add(built_guide.FILE_NAME, b'{"format": 2}'))
    with pytest.raises(PackError, match="not allowed"):
        guide_content.import_pack(ctx, forged)


def _drop(name: str) -> Mutate:
    return lambda files: files.pop(name) and None


def _add(name: str, data: bytes) -> Mutate:
    return lambda files: files.__setitem__(name, data)


def _replace(name: str, old: bytes, new: bytes) -> Mutate:
    """Replace ``old`` in one file; a pattern the guide no longer has fails the
    test, so a mutation is never silently not made."""

    def mutate(files: dict[str, bytes]) -> None:
        assert old in files[name], f"{old!r} is not in {name}: update the mutation"
        files[name] = files[name].replace(old, new)

    return mutate


def _replace_first(name: str, pattern: bytes, new: bytes) -> Mutate:
    """Replace the first match of a regular expression in one file."""
    import re

    def mutate(files: dict[str, bytes]) -> None:
        assert re.search(pattern, files[name]), f"{pattern!r} not found in {name}"
        files[name] = re.sub(pattern, new, files[name], count=1)

    return mutate


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
    "unknown placeholder": (_replace("en/esim.md", b"eSIM", b"{{op:nobody.balance}}"), "no such operator"),
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
    with pytest.raises(PackError, match="a link, which is not allowed"):
        guide_content.import_pack(ctx, path)
    assert _state(ctx) == (None, [])


def test_not_a_zip_is_refused(ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "pack.zip"
    path.write_bytes(os.urandom(256))
    with pytest.raises(PackError, match="not a readable content pack"):
        guide_content.import_pack(ctx, path)
    assert _state(ctx) == (None, [])


def _deep_toml(files: dict[str, bytes]) -> None:
    files["operators.toml"] = b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n"


def _mts_checked(value: bytes) -> Mutate:
    return _replace_first("operators.toml", rb'checked = "\d{4}-\d{2}"', b"checked = " + value)


HOSTILE_CONTENT: dict[str, tuple[Mutate, str]] = {
    "300-digit version": (
        _replace("manifest.toml", b"version = 2", b"version = " + b"9" * 300), "version"
    ),
    "deeply nested manifest": (
        _add("manifest.toml", b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n"), "nested too deeply"
    ),
    "deeply nested operators": (_deep_toml, "nested too deeply"),
    "names not a list": (
        _replace("operators.toml", b'names = ["MTS"', b'names = 5\nxnames = ["MTS"'), "names"
    ),
    "display not a table": (
        _replace("operators.toml", b'display = { en = "MTS"', b'display = "MTS"\nx = { en = "MTS"'),
        "display",
    ),
    "fact value a table": (
        _replace("operators.toml", b'value = "*100#"', b"value = { a = 1 }"), "value"
    ),
    "fact value a list": (_replace("operators.toml", b'value = "0890"', b"value = [1]"), "value"),
    "operator checked month 13": (_mts_checked(b'"2026-13"'), "checked"),
    "operator checked a number": (_mts_checked(b"202611"), "checked"),
    "page dated year 0": (_replace("en/esim.md", b"checked: 2026-", b"checked: 0000-"), "checked"),
    "manifest dated month 13": (
        _replace_first("manifest.toml", rb'date = "\d{4}-\d{2}-\d{2}"', b'date = "2026-13-45"'),
        "date",
    ),
    "raw html": (
        _replace("en/esim.md", b"eSIM", b"<b>eSIM</b><img src=http://x/y.png>"), "raw HTML"
    ),
    "link to an unknown site": (
        _replace(
            "en/operator-mts.md",
            b"## ",
            b"[Top up your MTS balance here](https://mts-topup.example/pay)\n\n## ",
        ),
        "pages link only to other topics",
    ),
    "link text with nested brackets": (
        _replace("en/esim.md", b"\n## ", b"\n[Top [up] here](mts-pay.example/x)\n\n## "),
        "pages link only to other topics",
    ),
    "bare address": (
        _replace("en/esim.md", b"eSIM", b"eSIM www.mts-bonus.example"), "web address"
    ),
    "autolink": (_replace("en/esim.md", b"eSIM", b"<https://evil.example>"), "web address"),
    "reference link": (
        _replace("en/esim.md", b"\n## ", b"\n[x][1]\n\n[1]: https://evil.example\n\n## "),
        "web address",
    ),
    "image": (_replace("en/esim.md", b"eSIM", b"![x](topic:esim)"), "images"),
    "operator site not shipped": (
        _replace("operators.toml", b'value = "mts.ru"', b'value = "mts-bonus.example"'),
        "not a site this app knows",
    ),
    "ussd that breaks out of its link": (
        _replace("operators.toml", b'value = "*100#"', b'value = "*100#`](https://x.example)"'),
        "not a valid ussd",
    ),
    "unknown fact kind": (_replace("operators.toml", b'kind = "site"', b'kind = "html"'), "kind"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_CONTENT))
def test_hostile_content_is_refused_with_what_is_wrong(
    ctx: AppContext, tmp_path: Path, kind: str
) -> None:
    mutate, expect = HOSTILE_CONTENT[kind]
    with pytest.raises(PackError) as info:
        guide_content.import_pack(ctx, make_pack(tmp_path, 2, mutate))
    assert expect in str(info.value)
    assert _state(ctx) == (None, [])


def _zip_with(tmp_path: Path, extra: Callable[[zipfile.ZipFile], None]) -> Path:
    path = make_pack(tmp_path, 2)
    with zipfile.ZipFile(path, "a") as zf:
        extra(zf)
    return path


def set_encrypted_flag(path: Path, name: str) -> None:
    """Mark ``name`` encrypted in both its headers (zipfile will not write that)."""
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        local = zf.getinfo(name).header_offset
    raw[local + 6] |= 0x1
    at = raw.find(b"PK\x01\x02")
    while at != -1:
        length = int.from_bytes(raw[at + 28 : at + 30], "little")
        if raw[at + 46 : at + 46 + length] == name.encode():
            raw[at + 8] |= 0x1
        at = raw.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(raw))


def _clash(zf: zipfile.ZipFile) -> None:
    zf.writestr("en/x.md", b"a")
    zf.writestr("en/x.md/y.md", b"b")


def _encrypted(zf: zipfile.ZipFile) -> None:
    zf.writestr("en/secret.md", b"x")


HOSTILE_ZIPS: dict[str, tuple[Callable[[zipfile.ZipFile], None], str]] = {
    "255-character name": (lambda zf: zf.writestr("en/" + "a" * 252 + ".md", b"x"), "too long"),
    "file and folder of one name": (_clash, "a file and a folder with the same name"),
    "same name twice in another case": (
        lambda zf: zf.writestr("EN/esim.md", b"x"), "the same name twice"
    ),
    "encrypted entry": (_encrypted, "encrypted"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_ZIPS))
def test_hostile_zip_structure_is_refused(ctx: AppContext, tmp_path: Path, kind: str) -> None:
    extra, expect = HOSTILE_ZIPS[kind]
    path = _zip_with(tmp_path, extra)
    if extra is _encrypted:
        set_encrypted_flag(path, "en/secret.md")
    with pytest.raises(PackError) as info:
        guide_content.import_pack(ctx, path)
    assert expect in str(info.value)
    assert _state(ctx) == (None, [])


def test_a_corrupt_deflate_stream_is_refused(ctx: AppContext, tmp_path: Path) -> None:
    path = make_pack(tmp_path, 2)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("en/esim.md")
        start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    raw = bytearray(path.read_bytes())
    raw[start : start + 8] = b"\xff" * 8  # an invalid block type in the deflate stream
    path.write_bytes(bytes(raw))
    with pytest.raises(PackError, match=r"damaged and cannot be read: en/esim\.md"):
        guide_content.import_pack(ctx, path)
    assert _state(ctx) == (None, [])


def test_the_bundled_guide_obeys_the_content_rules() -> None:
    from companion.guide.catalogue import load_catalogue
    from companion.guide.content_rules import allowed_sites
    from companion.guide.operators import bundled_operators
    from companion.guide.packs import check_catalogue

    sites = allowed_sites(bundled_operators().values())
    assert sites == {"mts.ru", "megafon.ru", "beeline.ru", "t2.ru", "yota.ru"}
    check_catalogue(load_catalogue(guide_dir()), sites)


def test_folder_entries_from_ordinary_zip_tools_are_accepted(
    ctx: AppContext, tmp_path: Path
) -> None:
    files = _bundled_files()
    _with_version(files, 2)
    path = tmp_path / "zipped-by-a-tool.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for folder in ("en/", "ru/", "zh_Hans/"):
            zf.writestr(zipfile.ZipInfo(folder), b"")
        for name, data in files.items():
            zf.writestr(name, data)
    assert guide_content.import_pack(ctx, path).info.version == 2
    assert _state(ctx) == ("pack-2", ["pack-2"])
