"""The app's log: a rotating file in the platform's log folder.

Why rotating: the log is what a user sends when something went wrong; it must
never grow without bound on a machine that runs the app for months.

Why not ``logging.handlers.RotatingFileHandler``: that module brings pickle,
socket and queue for its other handlers, 5 ms of a 200 ms start, and the
rotation needed here is a size check and three renames.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

LOG_NAME = "companion.log"
MAX_BYTES = 1024 * 1024
BACKUP_COUNT = 3

log = logging.getLogger("companion")


class _RotatingFile(logging.FileHandler):
    """Starts a new file when this one reaches MAX_BYTES, keeping
    BACKUP_COUNT old ones as companion.log.1 (newest) … .3 (oldest)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, encoding="utf-8")
        self._path = path

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.stream is not None and self.stream.tell() >= MAX_BYTES:
                self._rotate()
        except OSError:
            self.handleError(record)
        super().emit(record)

    def _rotate(self) -> None:
        if self.stream is not None:
            self.stream.close()
        for n in range(BACKUP_COUNT - 1, 0, -1):
            older = Path(f"{self._path}.{n}")
            if older.exists():
                os.replace(older, f"{self._path}.{n + 1}")
        os.replace(self._path, f"{self._path}.1")
        self.stream = self._open()


def setup_logging(log_dir: Path) -> Path | None:
    """Log to ``log_dir/companion.log``; returns its path, or None if the folder
    cannot be written (then warnings go to stderr only)."""
    close_logging()
    log.setLevel(logging.INFO)
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = _RotatingFile(log_dir / LOG_NAME)
        path: Path | None = log_dir / LOG_NAME
    except OSError:
        handler = logging.StreamHandler()
        path = None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._companion = True  # type: ignore[attr-defined]
    log.addHandler(handler)
    return path


def close_logging() -> None:
    for handler in list(log.handlers):
        if getattr(handler, "_companion", False):
            log.removeHandler(handler)
            handler.close()
