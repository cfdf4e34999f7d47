"""Take the README and AppStream screenshots from the real app window.

    uv run python packaging/screenshots.py                 # en, ru and zh_Hans
    uv run python packaging/screenshots.py --langs en,ru --sections guide,cards

Why a script: the pages change with every feature, so screenshots must be
cheap to retake. It starts its own X server (Xvfb, on a free display found by
``-displayfd``), runs the real ``MainWindow`` on the xcb platform against a
temporary data folder seeded with ``demo_data`` and a fixed clock, visits each
section in each language through ``MainWindow.show_section`` and saves
``docs/screenshots/<section>-<lang>.png``. Sections the window no longer has
are skipped with a note, so renaming a page does not break the script.
Needs the ``xvfb`` package (and a font with Cyrillic and CJK glyphs, e.g.
``fonts-noto-cjk``, for the Russian and Chinese shots).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs" / "screenshots"
WINDOW_SIZE = (1100, 700)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Take screenshots of the real app window.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the PNGs")
    parser.add_argument("--langs", default="en,ru,zh_Hans", help="comma-separated languages")
    parser.add_argument("--sections", default="guide,cards,receipts", help="comma-separated")
    parser.add_argument(
        "--in-display", action="store_true", help=argparse.SUPPRESS
    )  # internal: we are the child running inside Xvfb
    return parser.parse_args(argv)


def run_under_xvfb(argv: list[str]) -> int:
    """Start Xvfb on a free display, run this script inside it, stop Xvfb."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        print("screenshots: Xvfb is not installed (apt install xvfb)", file=sys.stderr)
        return 2
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            display = pipe.readline().strip()
        if not display:
            print("screenshots: Xvfb did not start", file=sys.stderr)
            return 2
        env = dict(os.environ, DISPLAY=f":{display}", QT_QPA_PLATFORM="xcb")
        env.pop("WAYLAND_DISPLAY", None)
        child = [sys.executable, str(Path(__file__).resolve()), *argv, "--in-display"]
        return subprocess.call(child, env=env)
    finally:
        server.terminate()
        server.wait(timeout=10)


def capture(args: argparse.Namespace) -> int:
    """Runs inside the X server: seed, show the window, grab each section."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from demo_data import demo_clock, seed
    from PySide6.QtCore import QCoreApplication, QEventLoop, QSize
    from PySide6.QtWidgets import QApplication

    from companion import APP_ID, __version__
    from companion.i18n import LANGUAGES, set_language
    from companion.paths import data_paths
    from companion.services.context import open_context
    from companion.ui.shell.main_window import MainWindow

    QApplication.setApplicationName("Travel Card Companion")
    QApplication.setApplicationVersion(__version__)
    QApplication.setDesktopFileName(APP_ID)
    app = QApplication(sys.argv[:1])

    def settle() -> None:
        # Language switches rebuild the window on a zero-timer; pages may load
        # lazily. A few event-loop passes let all of that land before a grab.
        for _ in range(5):
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            QCoreApplication.sendPostedEvents()

    langs = [lang for lang in args.langs.split(",") if lang]
    unknown = [lang for lang in langs if lang not in LANGUAGES]
    if unknown:
        print(f"screenshots: unknown language(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    _warn_missing_language_support(langs)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tcc-screenshots-") as tmp:
        ctx = open_context(data_paths(Path(tmp) / "data"), clock=demo_clock)
        seed(ctx)
        set_language(langs[0])
        window = MainWindow(ctx)
        window.resize(QSize(*WINDOW_SIZE))
        window.show()
        window.raise_()
        settle()
        saved: list[Path] = []
        for lang in langs:
            set_language(lang)
            settle()
            for key in [s for s in args.sections.split(",") if s]:
                try:
                    window.show_section(key)
                except (ValueError, KeyError):
                    print(f"screenshots: the window has no '{key}' section; skipped")
                    continue
                settle()
                screen = window.screen()
                pixmap = screen.grabWindow(window.winId())
                if pixmap.isNull():  # e.g. a platform without window grabbing
                    pixmap = window.grab()
                target = args.out / f"{key}-{lang}.png"
                if not pixmap.save(str(target), "PNG"):
                    print(f"screenshots: could not write {target}", file=sys.stderr)
                    return 1
                saved.append(target)
        window.quit_app()
        ctx.close()
    for path in saved:
        print(f"saved {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0 if saved else 1


def _warn_missing_language_support(langs: list[str]) -> None:
    """Say so when a shot would silently show English text or empty boxes."""
    from PySide6.QtGui import QFontDatabase

    from companion.paths import compiled_locale_dir

    for lang in langs:
        # What the app reads: the compiled catalog (./run.sh builds it).
        has_catalog = (compiled_locale_dir() / lang / "LC_MESSAGES" / "messages.mo").is_file()
        if lang != "en" and not has_catalog:
            print(f"screenshots: WARNING: no '{lang}' catalog; its shots show English UI text")
    system = QFontDatabase.WritingSystem
    for lang, needed in (("ru", system.Cyrillic), ("zh_Hans", system.SimplifiedChinese)):
        if lang in langs and not QFontDatabase.families(needed):
            print(f"screenshots: WARNING: no font for '{lang}' (install fonts-noto-core / "
                  "fonts-noto-cjk); its text will be boxes")


def main(argv: list[str] | None = None) -> int:
    raw = list(sys.argv[1:] if argv is None else argv)
    args = _parse(raw)
    if args.in_display:
        return capture(args)
    return run_under_xvfb(raw)


if __name__ == "__main__":
    raise SystemExit(main())
