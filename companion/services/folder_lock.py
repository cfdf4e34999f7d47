"""One process at a time owns a data folder: a file lock held for its life.

Why a lock and not only the instance socket: two launches a fraction of a
second apart both found no socket (the first starts its server only after
its window is up), both opened the database, and the later one's listen()
removed the earlier one's socket as "stale". A lock is taken at once and
atomically by the kernel, and it is released by the kernel when the process
ends, however it ends (a crash or SIGKILL leaves no stale lock behind). The
holder alone may remove a stale socket, set aside a stale WAL, or clean up
abandoned work folders; a writing command refuses while another holds it.

POSIX uses ``flock`` on ``<data>/.lock`` (per open file, so two opens in one
process also exclude each other, which the tests use); Windows uses
``msvcrt.locking`` on its first byte.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

LOCK_NAME = ".lock"

#: Locks this process holds, by data folder; kept until the process ends.
_held: dict[Path, FolderLock] = {}


class FolderLock:
    """A non-blocking exclusive lock on one data folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = root / LOCK_NAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """True when this object now holds the lock; False when another does.

        Raises ``OSError`` when the lock file cannot be created or opened at
        all (a read-only or missing folder): then nobody can hold it.
        """
        if self._fd is not None:
            return True
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            # A read-only folder may still hold a lock file a writer made.
            fd = os.open(self.path, os.O_RDONLY)
        if not _try_lock(fd):
            os.close(fd)
            return False
        self._fd = fd
        if sys.platform != "win32":
            with contextlib.suppress(OSError):
                # For a person looking at the folder: which process holds it.
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        return True

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def hold(root: Path) -> bool:
    """Take the lock on ``root`` for the rest of this process; False when
    another process holds it. ``OSError`` when the folder cannot hold a lock."""
    key = root.resolve()
    lock = _held.get(key)
    if lock is not None and lock.held:
        return True
    lock = FolderLock(key)
    if not lock.acquire():
        return False
    _held[key] = lock
    return True


def holds(root: Path) -> bool:
    """True when this process holds the lock on ``root``."""
    lock = _held.get(root.resolve())
    return lock is not None and lock.held


def let_go(root: Path) -> None:
    """Release the lock early (tests, and a command that is done with the data)."""
    lock = _held.pop(root.resolve(), None)
    if lock is not None:
        lock.release()
