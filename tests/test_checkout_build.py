"""A checkout started without ./run.sh rebuilds its guide and catalogs (issue 22).

Why: ``.venv/bin/python -m companion`` after a guide page or a .po file was
edited showed the old text with no word. These tests start the command line
the way a user does, in a checkout whose built files are older than a
source, and look at what the window would read; and they pin that an
installed app (no checkout) never looks.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import time
from pathlib import Path

import pytest

from companion import build_data, checkout_build, cli, paths

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A checkout of its own (guide and catalogs) with its built files made."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "resources" / "guide", root / "resources" / "guide")
    shutil.copytree(ROOT / "i18n", root / "i18n")
    out = tmp_path / "built"
    build_data.build(out, root)
    old = time.time() - 3600
    os.utime(out / build_data.STAMP, (old, old))
    monkeypatch.setattr(checkout_build, "checkout_root", lambda: root)
    monkeypatch.setattr(checkout_build, "built_dir", lambda: out)
    return root, out


def _edit_page(root: Path) -> None:
    page = root / "resources" / "guide" / "en" / "esim.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA line the user just added.\n",
                    encoding="utf-8")


def test_the_window_opens_on_a_build_made_from_the_edited_page(
    checkout: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, out = checkout
    _edit_page(root)
    assert not build_data.is_current(out, root)
    seen: list[bool] = []

    def fake_run_gui(args: argparse.Namespace, started: float) -> int:
        seen.append(build_data.is_current(out, root))
        return 0

    from companion.ui.shell import app

    monkeypatch.setattr(app, "run_gui", fake_run_gui)
    assert cli.main(["--smoke"]) == 0
    assert seen == [True]
    assert "A line the user just added." in (out / "guide.json").read_text(encoding="utf-8")


def test_an_edited_catalog_is_compiled_again(checkout: tuple[Path, Path]) -> None:
    root, out = checkout
    po = root / "i18n" / "ru" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    before = (out / build_data.STAMP).read_text(encoding="ascii")
    checkout_build.refresh()
    assert build_data.is_current(out, root)
    assert (out / build_data.STAMP).read_text(encoding="ascii") != before


def test_a_touched_source_is_hashed_once_not_at_every_start(
    checkout: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, out = checkout
    (root / "i18n" / "zh_Hans" / "LC_MESSAGES" / "messages.po").touch()
    checkout_build.refresh()
    assert checkout_build.newer_source(root, (out / build_data.STAMP).stat().st_mtime) is None


def test_a_source_that_cannot_be_built_is_named_in_one_line(
    checkout: tuple[Path, Path],
) -> None:
    root, out = checkout
    (root / "resources" / "guide" / "manifest.toml").unlink()
    (root / "i18n" / "ru" / "LC_MESSAGES" / "messages.po").touch()
    err = io.StringIO()
    checkout_build.refresh(err)
    lines = err.getvalue().splitlines()
    assert len(lines) == 1
    assert "python -m companion.build_data" in lines[0] and "./run.sh" in lines[0]
    assert (out / "guide.json").is_file()  # the app starts with what it has


def test_an_installed_app_does_not_look_at_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checkout_build, "checkout_root", lambda: None)

    def must_not_run(root: Path, since: float) -> Path | None:
        raise AssertionError("an installed app looked for sources")

    monkeypatch.setattr(checkout_build, "newer_source", must_not_run)
    checkout_build.refresh()


def test_a_wheel_or_bundle_is_not_a_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert paths.checkout_root() == ROOT  # the suite runs in a checkout
    package = tmp_path / "site-packages" / "companion"
    (package / "resources" / "guide").mkdir(parents=True)
    # Even beside a stray pyproject and i18n folder, resources inside the package win.
    (tmp_path / "site-packages" / "pyproject.toml").write_text("", encoding="utf-8")
    (tmp_path / "site-packages" / "i18n").mkdir()
    monkeypatch.setattr(paths, "_PACKAGE_DIR", package)
    assert paths.checkout_root() is None


def test_a_checkout_never_built_is_built_before_the_window(
    checkout: tuple[Path, Path],
) -> None:
    root, out = checkout
    shutil.rmtree(out)
    checkout_build.refresh()
    assert build_data.is_current(out, root)


def test_a_start_from_run_sh_does_not_look_again(
    checkout: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """./run.sh has just run the build step and says so; the start trusts it."""
    monkeypatch.setenv(checkout_build.CHECKED_VARIABLE, "1")

    def must_not_run(root: Path, since: float) -> Path | None:
        raise AssertionError("looked at the sources after ./run.sh had built them")

    monkeypatch.setattr(checkout_build, "newer_source", must_not_run)
    checkout_build.refresh()

