"""Reading and writing the JSON files in the cache folder.

Why one place: a cache file is only ever a shortcut, so both directions
share the same promise. A missing, damaged or unreadable file reads as
"nothing cached"; a write goes to a side file first and replaces the old
one in one step, so a crash or a full disk never leaves half a file that a
later start would trust; and a write that fails is dropped, because the
next start can always rebuild what was lost.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from companion import atomic_write


def read(path: Path) -> Any:
    """The file's JSON value, or None when there is none to trust."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write(path: Path, value: Any) -> bool:
    """Replace the file with ``value`` as JSON; False if that was not possible."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write.write_text(path, json.dumps(value, ensure_ascii=False))
    except OSError:
        return False
    return True
