"""The build step: the parsed guide and the compiled catalogs, made from the
sources, made again when a source changes, and refused loudly when missing."""

from __future__ import annotations

import gettext
import json
import os
import shutil
from pathlib import Path

import pytest
from process_helpers import run_python

from companion import build_data
from companion.guide import built_guide
from companion.guide.built_guide import BuiltGuideError
from companion.guide.catalogue import load_catalogue, month_key
from companion.guide.render import checked_month, render_page
from companion.i18n import LANGUAGES
from companion.paths import built_guide_file, guide_dir
from companion.services import guide_content

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A source tree of its own: the guide and the catalogs, free to edit."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "resources" / "guide", root / "resources" / "guide")
    shutil.copytree(ROOT / "i18n", root / "i18n")
    return root


def _mo(out: Path, lang: str) -> gettext.GNUTranslations:
    with (out / "locale" / lang / "LC_MESSAGES" / "messages.mo").open("rb") as fh:
        return gettext.GNUTranslations(fh)


def _edit_keeping_size_and_date(path: Path, old: str, new: str) -> None:
    """Change a file the way a date-based check would miss: same size, same mtime."""
    assert len(old.encode()) == len(new.encode())
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_the_built_guide_is_the_parsed_guide_with_its_months(tmp_path: Path) -> None:
    out = tmp_path / "built"
    build_data.build(out)
    cat = built_guide.read(out / built_guide.FILE_NAME, guide_dir())
    parsed = load_catalogue(guide_dir())
    assert (cat.info, cat.sections, cat.pages, cat.operators) == (
        parsed.info, parsed.sections, parsed.pages, parsed.operators,
    )
    assert (cat.phrases, cat.meanings) == (parsed.phrases, parsed.meanings)
    months = {p.checked for pages in parsed.pages.values() for p in pages.values()}
    months |= {op.checked for op in parsed.operators.values() if op.checked}
    assert cat.months == {
        month_key(m, lang): checked_month(m, lang) for m in months for lang in LANGUAGES
    }
    page = parsed.pages["zh_Hans"]["esim"]
    assert render_page(cat, page) == render_page(parsed, page)


def test_the_app_reads_the_guide_the_build_made() -> None:
    assert guide_content.build_problem() is None
    cat = guide_content.bundled_catalogue()
    assert cat.months and cat == built_guide.read(built_guide_file(), guide_dir())
    assert cat.pages == load_catalogue(guide_dir()).pages


def test_a_current_build_is_left_alone(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "built"
    assert not build_data.is_current(out, project)
    assert build_data.ensure(out, project) is True
    assert build_data.is_current(out, project)
    dates = {p: p.stat().st_mtime_ns for p in build_data.outputs(out, project)}
    assert build_data.ensure(out, project) is False
    assert {p: p.stat().st_mtime_ns for p in dates} == dates


def test_an_edited_page_is_built_again_whatever_its_date(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "built"
    build_data.ensure(out, project)
    guide = project / "resources" / "guide"
    _edit_keeping_size_and_date(guide / "en" / "esim.md", "title: eSIM", "title: ESIM")
    assert not build_data.is_current(out, project)
    assert build_data.ensure(out, project) is True
    esim = built_guide.read(out / built_guide.FILE_NAME, guide).page("en", "esim")
    assert esim is not None and esim.title == "ESIM"


def test_an_edited_translation_is_compiled_again(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "built"
    build_data.ensure(out, project)
    assert _mo(out, "ru").gettext("Receipts") == "Чеки"
    po = project / "i18n" / "ru" / "LC_MESSAGES" / "messages.po"
    _edit_keeping_size_and_date(po, 'msgid "Receipts"\nmsgstr "Чеки"', 'msgid "Receipts"\nmsgstr "ЧЕКИ"')
    assert build_data.ensure(out, project) is True
    assert _mo(out, "ru").gettext("Receipts") == "ЧЕКИ"


@pytest.mark.parametrize("damage", ["guide", "catalog", "stamp", "stamp-bytes"])
def test_a_missing_or_foreign_output_is_built_again(
    project: Path, tmp_path: Path, damage: str
) -> None:
    out = tmp_path / "built"
    build_data.ensure(out, project)
    if damage == "guide":
        (out / built_guide.FILE_NAME).unlink()
    elif damage == "catalog":
        (out / "locale" / "zh_Hans" / "LC_MESSAGES" / "messages.mo").unlink()
    elif damage == "stamp":
        (out / build_data.STAMP).write_text("0" * 64, encoding="ascii")
    else:
        (out / build_data.STAMP).write_bytes(b"\xff\xfe")
    assert build_data.ensure(out, project) is True
    assert build_data.is_current(out, project)
    assert _mo(out, "zh_Hans").gettext("Receipts") != "Receipts"


def test_an_interrupted_build_is_not_taken_as_current(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "built"

    def disk_full(po: Path, mo: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_data, "_compile", disk_full)
    with pytest.raises(OSError):
        build_data.build(out, project)
    assert (out / built_guide.FILE_NAME).is_file()
    assert not build_data.is_current(out, project)
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]
    monkeypatch.undo()
    assert build_data.ensure(out, project) is True


def test_a_broken_page_fails_the_build_naming_the_file(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "built"
    (project / "resources" / "guide" / "ru" / "esim.md").write_text("no front matter\n", "utf-8")
    assert build_data.main(["--project", str(project), "--out", str(out)]) == 1
    assert "ru/esim.md" in capsys.readouterr().err
    assert not (out / build_data.STAMP).exists()


def test_no_guide_at_all_fails_the_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build_data.main(["--project", str(tmp_path), "--out", str(tmp_path / "o")]) == 1
    assert "manifest.toml" in capsys.readouterr().err


@pytest.mark.parametrize(
    "content",
    [
        None,
        "not json",
        '{"format": 1, "info": []}',
        json.dumps({"format": built_guide.FORMAT, "info": [1, 2]}),
    ],
)
def test_a_missing_or_damaged_built_guide_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str | None
) -> None:
    path = tmp_path / "guide.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    monkeypatch.setattr(guide_content, "built_guide_file", lambda: path)
    monkeypatch.setattr(guide_content, "_bundled", [])
    with pytest.raises(BuiltGuideError, match=r"guide\.json .*python -m companion\.build_data"):
        guide_content.bundled_catalogue()


def test_an_unbuilt_copy_says_so_before_its_window_opens(tmp_path: Path) -> None:
    code = (
        "from pathlib import Path\n"
        "import companion.paths as paths\n"
        f"paths.built_dir = lambda: Path({str(tmp_path / 'none')!r})\n"
        # An installed copy: a checkout would build it (test_checkout_build).
        "paths.checkout_root = lambda: None\n"
        "from companion.cli import main\n"
        f"raise SystemExit(main(['--smoke', '--data-dir', {str(tmp_path / 'd')!r}]))\n"
    )
    result = run_python("-c", code)
    assert result.returncode == 2
    assert "guide.json is missing. Build it with ./run.sh" in result.stderr
    assert "Traceback" not in result.stderr
