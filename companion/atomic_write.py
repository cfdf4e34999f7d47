"""Replacing a file so that it is always either entirely old or entirely new.

Why one function: every file the app writes whole (exports, caches, the
autostart and scheduler files, the journal note, backup copies, kept
attachments) needs the same four steps, and a hand-written copy of them
tends to forget one. The steps are: write to a side file in the same folder
(so the rename never crosses a file system), flush and fsync it (so a power
cut after the rename cannot leave a renamed but empty file), ``os.replace``
it over the target (one step on every OS), then fsync the folder where the
OS allows it (so the rename itself survives a power cut). When anything
fails — a full disk, a cancel, a bug — the side file is removed and the
error goes on to the caller, and the old file is untouched.

A writer that has the whole content uses :func:`write_bytes` or
:func:`write_text`; a writer that streams (a PDF painter, a zip, a CSV, a
SQLite backup) writes to the path :func:`replacing` gives it and lets the
``with`` block do the rest.

This module imports nothing of the project, so every layer may use it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

#: The side file's suffix; the data-folder check and the archive skip such names.
SIDE_SUFFIX = ".part"


def side_path(target: Path) -> Path:
    """Where the new content of ``target`` is written before it replaces it."""
    return target.with_name(target.name + SIDE_SUFFIX)


@contextlib.contextmanager
def replacing(target: Path, *, shared: bool = False) -> Iterator[Path]:
    """Yield a side path to write; on a normal exit it replaces ``target``.

    The caller creates and closes the side file inside the block. On any
    exception (``BaseException`` included, so a cancel is covered) the side
    file is removed and the exception is re-raised; ``target`` is untouched.
    ``shared`` is for a file that two processes may write at the same moment
    (the build step, run by ``run.sh`` and by the tests): each gets a side
    file of its own, so neither truncates the other's half-written one.
    """
    side = _unique_side(target) if shared else side_path(target)
    try:
        yield side
        _fsync_file(side)
        os.replace(side, target)
    except BaseException:
        with contextlib.suppress(OSError):
            side.unlink(missing_ok=True)
        raise
    fsync_folder(target.parent)


def write_bytes(target: Path, data: bytes, *, shared: bool = False) -> None:
    """Replace ``target`` with ``data``, atomically and durably."""
    with replacing(target, shared=shared) as side, open(side, "wb") as fh:
        fh.write(data)


def _unique_side(target: Path) -> Path:
    # Imported here: tempfile brings random and hashlib, about 5 ms, and the
    # store imports this module on the start-up path.
    import tempfile

    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=SIDE_SUFFIX, dir=target.parent)
    os.close(fd)
    os.chmod(name, 0o644)  # not mkstemp's 0600: other users of an install read it
    return Path(name)


def write_text(target: Path, text: str, encoding: str = "utf-8") -> None:
    """Replace ``target`` with ``text`` in ``encoding``, atomically and durably."""
    write_bytes(target, text.encode(encoding))


def _fsync_file(path: Path) -> None:
    # Opened for writing: Windows flushes a file only through a handle that
    # may write to it. The writer's own handle is closed by now, so its
    # buffers are already in the OS; this pushes them to the disk.
    with open(path, "r+b") as fh:
        os.fsync(fh.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable where the OS allows it.

    Windows cannot open a folder as a file, and some file systems (network
    mounts, some FUSE ones) refuse an fsync of a folder; the rename has
    happened either way, so those cases are skipped rather than reported.
    """
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
