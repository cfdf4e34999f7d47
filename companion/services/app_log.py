"""The app's log: a rotating file in the platform's log folder.

Why rotating: the log is what a user sends when something went wrong; it must
never grow without bound on a machine that runs the app for months.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_NAME = "companion.log"
MAX_BYTES = 1024 * 1024
BACKUP_COUNT = 3

log = logging.getLogger("companion")


def setup_logging(log_dir: Path) -> Path | None:
    """Log to ``log_dir/companion.log``; returns its path, or None if the folder
    cannot be written (then warnings go to stderr only)."""
    close_logging()
    log.setLevel(logging.INFO)
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_dir / LOG_NAME, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
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
