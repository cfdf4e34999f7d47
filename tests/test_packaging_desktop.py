"""Linux desktop integration: validators, and one app id used everywhere.

The validators come from Debian packages ``desktop-file-utils`` and
``appstream``; without them those two tests are skipped (CI: apt install
desktop-file-utils appstream).
"""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from companion import APP_ID, __version__

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
FLATPAK = ROOT / "packaging" / "flatpak" / f"{APP_ID}.yml"


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def _flatpak_value(key: str) -> str:
    match = re.search(rf"^{key}: *'?([^'\n]+)'?$", FLATPAK.read_text(encoding="utf-8"), re.M)
    assert match, f"{key} missing from the Flatpak manifest"
    return match.group(1).strip()


def _flatpak_finish_args() -> list[str]:
    text = FLATPAK.read_text(encoding="utf-8")
    block = text.split("\nfinish-args:\n", 1)[1].split("\n\n", 1)[0]
    return [line.strip()[2:] for line in block.splitlines() if line.strip().startswith("- ")]


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate not installed (apt install desktop-file-utils)",
)
def test_desktop_file_passes_desktop_file_validate() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()


@pytest.mark.skipif(
    shutil.which("appstreamcli") is None,
    reason="appstreamcli not installed (apt install appstream)",
)
def test_metainfo_passes_appstreamcli_validate() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", "--no-color", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not re.search(r"^[EW]:", result.stdout, re.M), result.stdout


def test_one_app_id_everywhere() -> None:
    entry = _desktop_entry()
    root = ET.parse(METAINFO).getroot()
    assert entry["Icon"] == APP_ID
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert root.findtext("icon[@type='stock']") == APP_ID
    assert _flatpak_value("id") == APP_ID
    icons = ROOT / "packaging" / "icons" / "hicolor"
    assert (icons / "scalable" / "apps" / f"{APP_ID}.svg").is_file()


def test_desktop_file_and_flatpak_start_the_installed_command() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["gui-scripts"]
    assert _desktop_entry()["Exec"].split()[0] in scripts
    assert _flatpak_value("command") in scripts
    assert _desktop_entry()["Terminal"] == "false"


def test_metainfo_release_is_the_package_version_and_screenshots_exist() -> None:
    root = ET.parse(METAINFO).getroot()
    releases = root.findall("releases/release")
    assert releases, "metainfo needs at least one release"
    assert releases[0].get("version") == __version__
    images = [img.text or "" for img in root.iter("image")]
    assert images, "metainfo needs screenshots"
    for url in images:
        name = url.rsplit("/docs/screenshots/", 1)[-1]
        assert (ROOT / "docs" / "screenshots" / name).is_file(), f"{name} is not in docs/"
    assert root.find("content_rating[@type='oars-1.1']") is not None


def test_flatpak_asks_for_no_network_and_no_user_files() -> None:
    args = _flatpak_finish_args()
    assert "--share=ipc" in args
    assert not [a for a in args if a.startswith("--share=network")]
    assert not [a for a in args if a.startswith("--filesystem")], args
    assert "--socket=session-bus" not in args
    assert _flatpak_value("base") == "io.qt.PySide.BaseApp"


def test_flatpak_pins_the_locked_dependency_versions() -> None:
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    locked = {pkg["name"]: pkg["version"] for pkg in lock["package"]}
    text = FLATPAK.read_text(encoding="utf-8")
    pinned = dict(re.findall(r"/([a-z_]+)-([\d.]+)-py3-none-any\.whl", text))
    assert set(pinned) >= {"babel", "platformdirs", "segno"}
    for name, version in pinned.items():
        if name == "travel_card_companion":
            assert version == __version__
        else:
            assert locked[name] == version, f"{name}: manifest {version}, uv.lock {locked[name]}"
