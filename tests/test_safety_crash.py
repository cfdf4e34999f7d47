"""Crash safety: a real process writing receipts is killed with SIGKILL at
random moments; afterwards the database is intact and holds every receipt
whose save was confirmed."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

WRITER = Path(__file__).with_name("safety_writer.py")
KILLS = 20


def _run_and_kill(data_dir: Path, rng: random.Random) -> list[int]:
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(data_dir)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    confirmed: list[int] = []
    # Let a random number of saves be confirmed, then kill: the writer does not
    # wait for us, so the kill lands wherever it is, usually inside a write.
    target = rng.randint(1, 60)
    for line in proc.stdout:
        confirmed.append(int(line))
        if len(confirmed) >= target:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # Lines printed after our last read were confirmed too.
    confirmed.extend(int(line) for line in proc.stdout.read().split())
    proc.stdout.close()
    return confirmed


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_never_loses_a_confirmed_receipt(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    rng = random.Random(20261124)
    confirmed: set[int] = set()
    for _round in range(KILLS):
        confirmed.update(_run_and_kill(data_dir, rng))
        conn = sqlite3.connect(data_dir / "companion.sqlite3")
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            stored = {row[0] for row in conn.execute("SELECT id FROM receipts")}
        finally:
            conn.close()
        missing = confirmed - stored
        assert not missing, f"confirmed receipts lost: {sorted(missing)[:10]}"
    assert len(confirmed) >= KILLS
