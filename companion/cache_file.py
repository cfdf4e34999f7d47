"""Reading and writing the JSON files in the cache folder.

Why one place: a cache file is only ever a shortcut, so both directions
share the same promise. A missing, damaged or unreadable file reads as
"nothing cached"; a write goes to a side file first and replaces the old
one in one step, so a crash or a full disk never leaves half a file that a
later start would trust; and a write that fails is dropped, because the
next start can always rebuild what was lost.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any


def read(path: Path) -> Any:
    """The file's JSON value, or None when there is none to trust."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write(path: Path, value: Any) -> bool:
    """Replace the file with ``value`` as JSON; False if that was not possible."""
    tmp = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        return False
    return True
