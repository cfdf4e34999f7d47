"""A refused content pack states its numbers grouped for the language.

Found in a real window (attack 7): a pack whose manifest version is not a
whole number was refused with "от 1 до 999999999" in Russian and
"1 到 999999999" in Chinese, while every other count the app tells is
grouped (12 345; 12,345). A value quoted from the file stays as written.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from companion.guide.packs import PackError
from companion.i18n import set_language
from companion.i18n.formatting import format_number
from companion.paths import guide_dir
from companion.services import guide_content
from companion.services.context import AppContext


def _pack(tmp_path: Path, version_line: str, topic: str = '"no-mobile-internet"') -> Path:
    source = tmp_path / "guide"
    shutil.copytree(guide_dir(), source)
    manifest = source / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace("version = 1", version_line, 1)
    text = text.replace('"no-mobile-internet"', topic, 1)
    manifest.write_text(text, encoding="utf-8")
    zipped = tmp_path / "pack.zip"
    with zipfile.ZipFile(zipped, "w") as out:
        for path in sorted(source.rglob("*")):
            if path.is_file():
                out.write(path, path.relative_to(source).as_posix())
    return zipped


@pytest.mark.parametrize("lang", ["ru", "zh_Hans", "en"])
def test_the_version_limit_is_grouped(ctx: AppContext, tmp_path: Path, lang: str) -> None:
    set_language(lang)
    with pytest.raises(PackError) as refused:
        guide_content.import_pack(ctx, _pack(tmp_path, 'version = "x"'))
    told = str(refused.value)
    assert format_number(999_999_999, lang) in told
    assert "999999999" not in told


def test_a_quoted_id_stays_as_written(ctx: AppContext, tmp_path: Path) -> None:
    set_language("en")
    with pytest.raises(PackError) as refused:
        guide_content.import_pack(ctx, _pack(tmp_path, "version = 2", topic="12345"))
    assert '"12345"' in str(refused.value)
