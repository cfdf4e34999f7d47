"""A checkout started without ./run.sh still shows the guide and translations it holds.

Why: ./run.sh makes ``companion/built/`` from the sources before the app
starts, but ``.venv/bin/python -m companion`` or ``uv run companion`` do not,
so after a guide page or a .po file was edited the app showed the old text
with no word. Only a checkout can be stale (a wheel and a bundle ship what
their build made; ``paths.checkout_root`` tells them apart with two stats),
so only a checkout looks.

Why by dates first: the build's own check (``build_data.is_current``) hashes
every source and imports the guide's parser, about a quarter of a second,
which the start-up benchmark would feel on every run. The dates of the
sources against the stamp's are a few dozen stats; only when a source is
newer does the exact check run, and rebuilding (under a second, measured
for issue 22) happens before the window opens. A build that fails says so
in one line on stderr naming the command, and the app starts with what it
has.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from companion.paths import built_dir, checkout_root

#: Set by ./run.sh once it has run the build step: the start need not look.
CHECKED_VARIABLE = "COMPANION_BUILT_CHECKED"

#: Folders of the code that reads the sources and shapes the built files.
_CODE_DIRS = ("companion/guide", "companion/i18n")


def _sources(root: Path) -> Iterator[Path]:
    """The files the build is made from (the build's own list, by folder)."""
    yield from (root / "resources" / "guide").rglob("*")
    yield from (root / "i18n").glob("*/LC_MESSAGES/messages.po")
    for folder in _CODE_DIRS:
        yield from (root / folder).glob("*.py")
    yield root / "companion" / "build_data.py"


def newer_source(root: Path, since: float) -> Path | None:
    """A source file changed after ``since`` (a stamp's date), or None."""
    for path in _sources(root):
        try:
            if path.stat().st_mtime > since:
                return path
        except OSError:
            continue
    return None


def refresh(err: TextIO | None = None) -> None:
    """In a checkout, make ``companion/built/`` again when a source changed."""
    if os.environ.get(CHECKED_VARIABLE) == "1":
        return  # ./run.sh made them current a moment ago
    root = checkout_root()
    if root is None:
        return
    out = built_dir()
    stamp = out / "stamp"
    try:
        made = stamp.stat().st_mtime
    except OSError:
        made = float("-inf")
    if newer_source(root, made) is None:
        return
    from companion import build_data

    try:
        if not build_data.ensure(out, root):
            # Same content, newer date (a touched file): skip the hash next time.
            os.utime(stamp)
    except (build_data.BuildError, OSError) as exc:
        print(
            f"companion: the guide and translations in {out} are older than their sources "
            f"and could not be rebuilt ({exc}); run ./run.sh or "
            "python -m companion.build_data",
            file=err if err is not None else sys.stderr,
        )
