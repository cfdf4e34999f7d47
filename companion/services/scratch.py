"""Throw-away folders that must be gone when the app quits.

Why a registry instead of widget destructors: at the interpreter's teardown
no destructor or finalizer is guaranteed to run, or to run while the module
it needs is still there; the app removes these itself on the way out, before
``companion.cli.run`` leaves.
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
