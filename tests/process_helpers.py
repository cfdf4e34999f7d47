"""Shared by the tests that start the program (or a snippet of it) as a child process."""

from __future__ import annotations

import os
import subprocess
import sys


def run_python(
    *args: str, timeout: float = 60, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """This interpreter with ``args``; Qt offscreen unless ``env`` is given."""
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True, text=True, timeout=timeout, check=False,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen") if env is None else env,
    )
