"""The parsed guide kept between runs: same catalogue, parsed again when anything changed."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from companion.guide import catalogue_cache
from companion.guide.catalogue import Catalogue, GuideContentError, load_catalogue
from companion.paths import guide_dir
from companion.services import guide_content
from companion.services.context import AppContext


@pytest.fixture
def guide(tmp_path: Path) -> Path:
    copy = tmp_path / "guide"
    shutil.copytree(guide_dir(), copy)
    return copy


def _no_parsing(root: Path) -> Catalogue:
    raise AssertionError("the guide was parsed, not read from the cache")


def test_the_cached_guide_equals_the_parsed_one(
    guide: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache" / "guide.json"
    parsed = catalogue_cache.load(guide, cache)
    assert parsed == load_catalogue(guide)
    assert cache.is_file()

    monkeypatch.setattr(catalogue_cache, "load_catalogue", _no_parsing)
    cached = catalogue_cache.load(guide, cache)
    assert cached == parsed
    page = cached.page("ru", "operator-mts")
    assert page is not None and isinstance(page.keywords, tuple)
    assert isinstance(cached.operators["mts"].names, tuple)


def test_an_edited_page_is_parsed_again(guide: Path, tmp_path: Path) -> None:
    cache = tmp_path / "guide.json"
    catalogue_cache.load(guide, cache)
    page = guide / "en" / "esim.md"
    page.write_text(page.read_text(encoding="utf-8").replace("eSIM", "e-SIM"), encoding="utf-8")
    reloaded = catalogue_cache.load(guide, cache)
    esim = reloaded.page("en", "esim")
    assert esim is not None and "e-SIM" in esim.body


def test_a_page_touched_in_the_same_second_is_still_seen(guide: Path, tmp_path: Path) -> None:
    cache = tmp_path / "guide.json"
    catalogue_cache.load(guide, cache)
    page = guide / "en" / "esim.md"
    before = page.stat()
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("eSIM", "ESIM"), encoding="utf-8")  # same size
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns + 1))
    esim = catalogue_cache.load(guide, cache).page("en", "esim")
    assert esim is not None and "ESIM" in esim.body


@pytest.mark.parametrize(
    "damage",
    [
        "not json",
        '{"format": 1}',
        '{"format": 999, "key": ""}',
        "KEY:{}",
        'KEY:{"info": [1, 2], "sections": [], "pages": {}, "operators": {}, "phrases": [], '
        '"meanings": {}}',
    ],
)
def test_a_damaged_cache_is_parsed_again_and_replaced(
    guide: Path, tmp_path: Path, damage: str
) -> None:
    cache = tmp_path / "guide.json"
    if damage.startswith("KEY:"):
        body = json.loads(damage[4:])
        body.update(format=catalogue_cache.FORMAT, key=catalogue_cache.content_key(guide))
        damage = json.dumps(body)
    cache.write_text(damage, encoding="utf-8")
    assert catalogue_cache.load(guide, cache) == load_catalogue(guide)
    assert json.loads(cache.read_text(encoding="utf-8"))["format"] == catalogue_cache.FORMAT


def test_a_cache_that_cannot_be_written_only_costs_time(guide: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("in the way", encoding="utf-8")
    assert catalogue_cache.load(guide, blocker / "guide.json") == load_catalogue(guide)
    assert not list(tmp_path.glob("**/*.part"))


def test_broken_content_is_still_reported(guide: Path, tmp_path: Path) -> None:
    cache = tmp_path / "guide.json"
    catalogue_cache.load(guide, cache)
    (guide / "ru" / "esim.md").write_text("no front matter\n", encoding="utf-8")
    with pytest.raises(GuideContentError, match=r"ru/esim\.md"):
        catalogue_cache.load(guide, cache)


def test_the_app_keeps_the_guide_in_its_cache_folder(
    ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(guide_content, "_bundled", [])
    cat = guide_content.active_catalogue(ctx)
    assert (ctx.paths.cache_dir / "guide.json").is_file()
    assert cat == load_catalogue(guide_dir())
    assert guide_content.bundled_catalogue() is cat
