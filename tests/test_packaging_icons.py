"""The platform icons: rendered from the one SVG and in valid containers."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from process_helpers import run_python

from companion import APP_ID

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "packaging" / "icons"


def _load_render_icons() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "render_icons", ROOT / "packaging" / "render_icons.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ri = _load_render_icons()


def _fake_png(width: int, payload: bytes) -> bytes:
    """Enough of a PNG for the container code: signature, IHDR size, payload."""
    import struct

    return b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR" + struct.pack(">II", width, width) + payload


def test_the_render_script_and_the_app_agree_on_the_id() -> None:
    assert ri.APP_ID == APP_ID


@pytest.mark.parametrize("size", [16, 24, 32, 48, 64, 128, 256, 512])
def test_hicolor_png_has_its_folder_size(size: int) -> None:
    png = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert ri.png_size(png.read_bytes()) == (size, size)


def test_committed_icons_match_the_svg() -> None:
    """Run the script's own --check in a fresh process: a Qt application that
    earlier tests have used can draw small anti-aliased edges differently."""
    result = run_python(str(ROOT / "packaging" / "render_icons.py"), "--check")
    assert result.returncode == 0, (
        f"run: ./run.sh python packaging/render_icons.py\n{result.stdout}{result.stderr}"
    )


def test_a_changed_svg_makes_every_icon_stale(qapp: object, tmp_path: Path) -> None:
    """The pixel tolerance absorbs rasteriser noise, never a real edit of the art."""
    source = ri.SOURCE_SVG.read_text(encoding="utf-8")
    colours = sorted(set(re.findall(r"#[0-9a-fA-F]{6}", source)))
    assert colours, "the icon SVG names no colour to change"
    edited = tmp_path / "companion.svg"
    # Shift one colour by a small step a designer might make: 16 levels of red.
    first = colours[0]
    red = (int(first[1:3], 16) + 16) % 256
    edited.write_text(source.replace(first, f"#{red:02x}{first[3:]}"), encoding="utf-8")
    stale = {str(rel) for rel in ri.stale_files(edited)}
    assert any(name.endswith(".png") for name in stale)
    assert {"companion.ico", "companion.icns"} <= stale


def test_rasteriser_noise_is_not_staleness(qapp: object) -> None:
    """Another CPU's anti-aliasing moves a few edge pixels a level or two."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage

    original = ri.render_png(ri.SOURCE_SVG, 256)
    image = QImage.fromData(original).convertToFormat(QImage.Format.Format_ARGB32)
    for x in range(0, 256, 16):
        colour = image.pixelColor(x, 128)
        colour.setAlpha(max(0, colour.alpha() - 1))
        image.setPixelColor(x, 128, colour)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    noisy = bytes(data.data())
    assert noisy != original
    assert ri.pixels_match(noisy, original)
    assert not ri.pixels_match(ri.render_png(ri.SOURCE_SVG, 128), original)


def test_rendered_icon_is_not_blank(qapp: object) -> None:
    from PySide6.QtGui import QImage

    image = QImage.fromData(ri.render_png(ri.SOURCE_SVG, 48))
    assert (image.width(), image.height()) == (48, 48)
    centre = image.pixelColor(24, 24)
    corner = image.pixelColor(0, 0)
    assert centre.alpha() == 255  # the badge is drawn
    assert corner.alpha() < 255  # the rounded corner stays transparent


def test_windows_ico_holds_every_size() -> None:
    entries = ri.read_ico((ICONS / "companion.ico").read_bytes())
    assert sorted(entries) == sorted(ri.ICO_SIZES)
    for size, png in entries.items():
        assert ri.png_size(png) == (size, size)


def test_macos_icns_holds_every_size() -> None:
    entries = ri.read_icns((ICONS / "companion.icns").read_bytes())
    assert [k for k, _s in ri.ICNS_TYPES] == list(entries)
    for kind, size in ri.ICNS_TYPES:
        assert ri.png_size(entries[kind]) == (size, size)


@settings(max_examples=50)
@given(
    st.dictionaries(
        st.integers(min_value=1, max_value=256), st.binary(max_size=64), min_size=1, max_size=8
    )
)
def test_ico_round_trip(payloads: dict[int, bytes]) -> None:
    pngs = {size: _fake_png(size, data) for size, data in payloads.items()}
    assert ri.read_ico(ri.build_ico(pngs)) == pngs


@settings(max_examples=50)
@given(st.lists(st.binary(max_size=64), min_size=1, max_size=7))
def test_icns_round_trip(payloads: list[bytes]) -> None:
    kinds = [k for k, _s in ri.ICNS_TYPES][: len(payloads)]
    elements = [(k, _fake_png(16, p)) for k, p in zip(kinds, payloads, strict=False)]
    assert list(ri.read_icns(ri.build_icns(elements)).items()) == elements


def test_truncated_icns_is_refused() -> None:
    data = ri.build_icns([(b"ic07", _fake_png(128, b"x" * 10))])
    broken = data[:4] + (len(data) - 3).to_bytes(4, "big") + data[8:-3]
    with pytest.raises(ValueError):
        ri.read_icns(broken)


def test_selected_section_icons_are_the_originals_in_white() -> None:
    """Regenerate a stale twin with: sed 's/#4a7fd4/#ffffff/g' NAME.svg > NAME-selected.svg"""
    from companion.ui.qt_runtime.icons import SECTION_STROKE, SELECTED_STROKE
    from companion.ui.shell.main_window import SECTIONS

    folder = ROOT / "resources" / "icons"
    for section in SECTIONS:
        source = (folder / f"{section.icon}.svg").read_text(encoding="utf-8")
        assert SECTION_STROKE in source, section.icon
        twin = (folder / f"{section.icon}-selected.svg").read_text(encoding="utf-8")
        assert twin == source.replace(SECTION_STROKE, SELECTED_STROKE), section.icon


def test_section_icons_have_a_selected_variant(qtbot: object) -> None:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    from companion.ui.qt_runtime.icons import section_icon

    icon = section_icon("guide")
    normal = icon.pixmap(QSize(24, 24), QIcon.Mode.Normal).toImage()
    selected = icon.pixmap(QSize(24, 24), QIcon.Mode.Selected).toImage()
    assert not normal.isNull() and not selected.isNull()

    def whitest(image: object) -> int:
        from PySide6.QtGui import QImage

        assert isinstance(image, QImage)
        best = 0
        for y in range(image.height()):
            for x in range(image.width()):
                c = image.pixelColor(x, y)
                if c.alpha() > 200:
                    best = max(best, min(c.red(), c.green(), c.blue()))
        return best

    assert whitest(selected) > 240  # white strokes
    assert whitest(normal) < 240  # blue strokes
