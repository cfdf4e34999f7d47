"""Throw-away folders that must be gone when the app quits.

Why a registry instead of widget destructors: the GUI leaves without the
interpreter's slow teardown (see ``companion.cli.run``), so no destructor or
finalizer is guaranteed to run; the app removes these itself on the way out.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

_FOLDERS: set[Path] = set()


def make_folder(prefix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    _FOLDERS.add(folder)
    return folder


def remove_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    _FOLDERS.discard(folder)


def remove_all() -> None:
    for folder in list(_FOLDERS):
        remove_folder(folder)
