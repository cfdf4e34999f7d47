"""Render the app icon for every platform from the one SVG source.

Why a script and not checked-in art only: the SVG in ``resources/icons`` is
the single source; the hicolor PNGs (Linux), the ``.ico`` (Windows) and the
``.icns`` (macOS) must never drift from it, so they are regenerated here,
headless, with QtSvg. Neither ImageMagick nor Apple's ``iconutil`` is needed:
both containers are simple enough to write by hand around PNG payloads.

    uv run python packaging/render_icons.py          # rewrite packaging/icons/
    uv run python packaging/render_icons.py --check  # fail if anything is stale

Committed PNGs are compared with a fresh rendering by decoded pixels, not by
bytes: another CPU's rasteriser puts a few anti-aliased edge pixels one or
two levels apart, which is not a stale icon. A changed SVG moves far more.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_SVG = ROOT / "resources" / "icons" / "companion.svg"
OUT_DIR = ROOT / "packaging" / "icons"
APP_ID = "io.github.travelcardcompanion.TravelCardCompanion"

#: Sizes the hicolor theme and the AppStream spec look for.
HICOLOR_SIZES: tuple[int, ...] = (16, 24, 32, 48, 64, 128, 256, 512)
#: Windows picks from these; 256 is stored as PNG, which Vista+ reads.
ICO_SIZES: tuple[int, ...] = (16, 24, 32, 48, 64, 128, 256)
#: macOS element types that hold PNG data, by pixel size.
ICNS_TYPES: tuple[tuple[bytes, int], ...] = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
)


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn into a transparent ``size`` x ``size`` PNG."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    if QGuiApplication.instance() is None:
        _keep_app.append(QGuiApplication(sys.argv[:1]))
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("PNG encoding failed")
    buffer.close()
    return bytes(data.data())


_keep_app: list[object] = []

#: Largest difference in one channel of one pixel that still counts as "the same".
PIXEL_TOLERANCE = 8
#: Largest share of pixels allowed to differ at all (rasteriser noise sits on edges).
CHANGED_SHARE = 0.02


def pixels_match(a: bytes, b: bytes) -> bool:
    """True when two PNGs decode to the same size and nearly the same pixels."""
    from PySide6.QtGui import QImage

    first, second = QImage.fromData(a), QImage.fromData(b)
    if first.isNull() or second.isNull() or first.size() != second.size():
        return False
    fmt = QImage.Format.Format_RGBA8888
    raw_a = bytes(first.convertToFormat(fmt).constBits())
    raw_b = bytes(second.convertToFormat(fmt).constBits())
    changed = 0
    for offset in range(0, len(raw_a), 4):
        pa, pb = raw_a[offset : offset + 4], raw_b[offset : offset + 4]
        if pa == pb:
            continue
        if max(abs(x - y) for x, y in zip(pa, pb, strict=True)) > PIXEL_TOLERANCE:
            return False
        changed += 1
    return changed <= CHANGED_SHARE * (len(raw_a) // 4)


def file_matches(rel: Path, committed: bytes, expected: bytes) -> bool:
    """Compare one generated file: pixels for images (inside .ico/.icns too), bytes otherwise."""
    if rel.suffix == ".png":
        return pixels_match(committed, expected)
    if rel.suffix not in (".ico", ".icns"):
        return committed == expected
    read = read_ico if rel.suffix == ".ico" else read_icns
    try:
        got, want = read(committed), read(expected)  # type: ignore[operator]
    except (ValueError, struct.error):
        return False
    return list(got) == list(want) and all(pixels_match(got[k], want[k]) for k in want)


def stale_files(svg: Path = SOURCE_SVG, out_dir: Path = OUT_DIR) -> list[Path]:
    """Generated files that are missing or no longer show what ``svg`` draws."""
    stale = []
    for rel, content in expected_files(svg).items():
        target = out_dir / rel
        if not target.is_file() or not file_matches(rel, target.read_bytes(), content):
            stale.append(rel)
    return stale


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def build_ico(pngs: dict[int, bytes]) -> bytes:
    """An ICO file whose entries are PNG images (read by Windows Vista and later)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries = b""
    payload = b""
    for size in sizes:
        data = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in the directory
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        payload += data
        offset += len(data)
    return header + entries + payload


def read_ico(data: bytes) -> dict[int, bytes]:
    """The PNG payloads of an ICO file, by size; the inverse of ``build_ico``."""
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    if reserved != 0 or kind != 1:
        raise ValueError("not an ICO file")
    found: dict[int, bytes] = {}
    for index in range(count):
        dim, _h, _c, _r, _p, _b, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * index : 22 + 16 * index]
        )
        found[dim or 256] = data[offset : offset + length]
    return found


def build_icns(pngs_by_type: list[tuple[bytes, bytes]]) -> bytes:
    """An ICNS file of PNG elements: ``'icns'``, total length, then type/length/data."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(data)) + data for kind, data in pngs_by_type
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def read_icns(data: bytes) -> dict[bytes, bytes]:
    """The elements of an ICNS file by type; the inverse of ``build_icns``."""
    if data[:4] != b"icns" or struct.unpack(">I", data[4:8])[0] != len(data):
        raise ValueError("not an ICNS file")
    found: dict[bytes, bytes] = {}
    pos = 8
    while pos < len(data):
        kind = data[pos : pos + 4]
        (length,) = struct.unpack(">I", data[pos + 4 : pos + 8])
        if length < 8 or pos + length > len(data):
            raise ValueError("truncated ICNS element")
        found[kind] = data[pos + 8 : pos + length]
        pos += length
    return found


def expected_files(svg: Path = SOURCE_SVG) -> dict[Path, bytes]:
    """Every generated file and its content, relative to ``OUT_DIR``."""
    sizes = sorted({*HICOLOR_SIZES, *ICO_SIZES, *(s for _k, s in ICNS_TYPES)})
    pngs = {size: render_png(svg, size) for size in sizes}
    files: dict[Path, bytes] = {}
    for size in HICOLOR_SIZES:
        files[Path("hicolor", f"{size}x{size}", "apps", f"{APP_ID}.png")] = pngs[size]
    files[Path("hicolor", "scalable", "apps", f"{APP_ID}.svg")] = svg.read_bytes()
    files[Path("companion.ico")] = build_ico({s: pngs[s] for s in ICO_SIZES})
    files[Path("companion.icns")] = build_icns([(k, pngs[s]) for k, s in ICNS_TYPES])
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args(argv)
    stale = stale_files()
    if not args.check:
        expected = expected_files()
        for rel in stale:
            target = OUT_DIR / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(expected[rel])
    verb = "stale" if args.check else "written"
    for rel in stale:
        print(f"{verb}: packaging/icons/{rel}")
    if not stale:
        print("icons up to date")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
