"""Whole-process start-up time and peak memory: the app vs a bare Qt window.

The two are alternated in one run so that machine noise hits both alike;
the targets are relative to the bare window (ratio <= 1.5, +40 MiB).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.results import Result

BARE = Path(__file__).with_name("bare_window.py")


def _measure(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Measure what an installed copy does: Python caches bytecode (pip and
    # PyInstaller ship it compiled). Some shells and CI images set
    # PYTHONDONTWRITEBYTECODE, which would make every start compile the app
    # from source (about 70 ms here) and measure the machine, not the app.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{cmd} exited with {status}")
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is KiB on Linux


def measure(data_dir: Path, runs: int = 25) -> list[Result]:
    app_cmd = [sys.executable, "-m", "companion", "--smoke", "--data-dir", str(data_dir)]
    bare_cmd = [sys.executable, str(BARE)]
    _measure(app_cmd)  # warm the file cache, write bytecode, do first-start work
    _measure(bare_cmd)
    app_t: list[float] = []
    bare_t: list[float] = []
    app_m: list[float] = []
    bare_m: list[float] = []
    for _ in range(runs):
        t, m = _measure(bare_cmd)
        bare_t.append(t * 1000)
        bare_m.append(m)
        t, m = _measure(app_cmd)
        app_t.append(t * 1000)
        app_m.append(m)
    ratio = [a / b for a, b in zip(app_t, bare_t, strict=True)]
    extra = [a - b for a, b in zip(app_m, bare_m, strict=True)]
    return [
        Result.from_samples("start-up: bare PySide6 window", bare_t, "ms", float("inf"), "reference"),
        Result.from_samples("start-up: companion --smoke (10k data set)", app_t, "ms", float("inf"),
                            "reference"),
        Result.from_samples("start-up ratio app / bare", ratio, "x", 1.5, "<= 1.5"),
        Result.from_samples("peak RSS: bare window", bare_m, "MiB", float("inf"), "reference"),
        Result.from_samples("peak RSS: app", app_m, "MiB", float("inf"), "reference"),
        Result.from_samples("peak RSS: app - bare", extra, "MiB", 40.0, "<= +40 MiB"),
    ]


def summary(results: list[Result]) -> str:
    return ", ".join(f"{r.name}={statistics.median([r.median]):.1f}{r.unit}" for r in results)
