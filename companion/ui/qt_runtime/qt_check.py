"""Turn Qt's raw "could not load the platform plugin" failures into one sentence.

Why: on a fresh Linux desktop the usual reason Qt will not start is one missing
system library, and Qt's own message (or an abort) does not say which package
to install. This check runs before QApplication exists, so it cannot use Qt.
"""

from __future__ import annotations

import os
import re
import sys

from companion.i18n import _

#: Shared library (as the loader names it) -> Debian/Ubuntu package providing it.
LIBRARY_PACKAGES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libX11-xcb.so.1": "libx11-xcb1",
}

#: What Qt's xcb platform plugin loads (ldd of libqxcb.so, PySide6 6.8-6.12).
#: Qt blames every one of these failures on xcb-cursor, so we check them all.
XCB_LIBRARIES: tuple[str, ...] = (
    "libxcb-cursor.so.0",
    "libxcb-icccm.so.4",
    "libxcb-keysyms.so.1",
    "libxcb-image.so.0",
    "libxcb-render-util.so.0",
    "libxcb-randr.so.0",
    "libxcb-shape.so.0",
    "libxcb-xkb.so.1",
    "libxkbcommon-x11.so.0",
    "libX11-xcb.so.1",
)


def missing_package_message(package: str) -> str:
    return _(
        "Travel Card Companion cannot start its window because a system library is "
        "missing. Install the package “{package}” (for example: sudo apt install "
        "{package}) and start the app again."
    ).format(package=package)


def _library_present(soname: str) -> bool:
    """Whether the loader can load the library, asked the way Qt's plugin will.

    Not ``ctypes.util.find_library``: it runs ``ldconfig -p`` once per name,
    24 ms on every X11 start. Loading costs nothing extra, as the xcb plugin
    loads these libraries right after anyway.
    """
    import ctypes

    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def package_for_import_error(error: BaseException) -> str | None:
    """The package to install for an ``ImportError`` naming a shared library."""
    match = re.search(r"(lib[\w+.-]+\.so(?:\.\d+)*)", str(error))
    if not match:
        return None
    return LIBRARY_PACKAGES.get(match.group(1), match.group(1))


def uses_xcb(environ: dict[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return False
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0] == "xcb"
    # Qt picks Wayland when a Wayland session is there, else xcb.
    return not env.get("WAYLAND_DISPLAY") and bool(env.get("DISPLAY"))


def display_problem(environ: dict[str, str] | None = None) -> str | None:
    """A sentence when a Linux session has no display to open a window on.

    Qt would choose xcb, fail to connect and abort with "could not connect
    to display" and a plugin list, which reads like a broken install. The
    usual cause is an SSH session or a service, where the subcommands work.
    """
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return _(
        "Travel Card Companion found no desktop to show its window on (neither DISPLAY "
        "nor WAYLAND_DISPLAY is set). Start it from a desktop session. Without one, "
        "the commands still work: see companion --help."
    )


def xcb_problem(environ: dict[str, str] | None = None) -> str | None:
    """A sentence naming the package to install, or None when all is well."""
    if not uses_xcb(environ):
        return None
    missing = [LIBRARY_PACKAGES[lib] for lib in XCB_LIBRARIES if not _library_present(lib)]
    if missing:
        return missing_package_message(" ".join(missing))
    return None
