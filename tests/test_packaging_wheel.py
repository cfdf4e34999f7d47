"""The wheel and sdist: built by ``uv build``, installed into a fresh venv, started.

Why a real install: resources and compiled catalogs are found through the
package folder, and only an installed wheel proves they are inside it rather
than next to a checkout. Uses the machine's uv cache (UV_CACHE_DIR passed
through), so nothing is downloaded twice.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from companion import __version__

ROOT = Path(__file__).resolve().parent.parent
UV = shutil.which("uv")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(UV is None, reason="uv is not installed"),
]


def _uv_env() -> dict[str, str]:
    """The test run's environment, but with the real uv cache (conftest moved HOME)."""
    env = dict(os.environ)
    real_home = Path(pwd.getpwuid(os.getuid()).pw_dir)
    env.setdefault("UV_CACHE_DIR", str(real_home / ".cache" / "uv"))
    env["UV_PYTHON_DOWNLOADS"] = "never"
    env.pop("VIRTUAL_ENV", None)
    return env


def _uv(*args: str, cwd: Path = ROOT) -> str:
    assert UV is not None
    result = subprocess.run(
        [UV, *args], cwd=cwd, env=_uv_env(), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"uv {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("dist")
    _uv("build", "--sdist", "--wheel", "--out-dir", str(out), "--quiet")
    yield out


@pytest.fixture(scope="module")
def venv(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("venv") / "env"
    _uv("venv", "--quiet", "--python", sys.executable, str(target))
    wheel = next(dist.glob("*.whl"))
    _uv("pip", "install", "--quiet", "--python", str(target / "bin" / "python"), str(wheel))
    return target


def _source_catalogs() -> list[str]:
    return sorted(p.parent.parent.name for p in (ROOT / "i18n").glob("*/LC_MESSAGES/messages.po"))


def test_wheel_holds_resources_and_compiled_catalogs(dist: Path) -> None:
    wheel = next(dist.glob(f"travel_card_companion-{__version__}-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        text = archive.read(entry_points).decode()
    for needed in (
        "companion/resources/icons/companion.svg",
        "companion/resources/guide/manifest.toml",
        "companion/cli.py",
    ):
        assert needed in names, needed
    for lang in _source_catalogs():
        assert f"companion/built/locale/{lang}/LC_MESSAGES/messages.mo" in names, lang
    assert "companion/built/guide.json" in names
    assert not [n for n in names if n.startswith("tests/") or n.endswith(".po")]
    assert "companion = companion.cli:run" in text


def test_sdist_can_rebuild_everything(dist: Path) -> None:
    sdist = next(dist.glob(f"travel_card_companion-{__version__}.tar.gz"))
    prefix = f"travel_card_companion-{__version__}/"
    with tarfile.open(sdist) as archive:
        names = {n.removeprefix(prefix) for n in archive.getnames()}
    for needed in (
        "pyproject.toml",
        "packaging/hatch_build.py",
        "packaging/companion.spec",
        "i18n/messages.pot",
        "resources/icons/companion.svg",
        "companion/build_data.py",
    ):
        assert needed in names, needed
    # A checkout's own built files (maybe stale) never travel: the wheel makes them.
    assert not [n for n in names if n.startswith("companion/built")]


def test_installed_wheel_starts_with_smoke(venv: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = _uv_env() | {"QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [str(venv / "bin" / "companion"), "--smoke", "--data-dir", str(data)],
        cwd=tmp_path,  # not the checkout: nothing may come from the source tree
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["window"] == "shown"
    assert report["version"] == __version__
    assert Path(report["data_dir"]) == data.resolve()
    assert (data / "companion.sqlite3").is_file()


def test_installed_package_reads_its_own_resources(venv: Path, tmp_path: Path) -> None:
    probe = (
        "import companion.paths as p; "
        "print(p.resources_dir()); print(p.compiled_locale_dir()); print(p.built_guide_file())"
    )
    result = subprocess.run(
        [str(venv / "bin" / "python"), "-c", probe],
        cwd=tmp_path,
        env=_uv_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    resources, locale, guide = (Path(line) for line in result.stdout.splitlines())
    assert resources.is_relative_to(venv) and (resources / "guide").is_dir()
    assert guide.is_relative_to(venv) and guide.is_file()
    for lang in _source_catalogs():
        assert (locale / lang / "LC_MESSAGES" / "messages.mo").is_file()
