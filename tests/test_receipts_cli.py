"""``companion export csv PATH`` works headless and never loads Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from receipts_helpers import make_receipt

from companion.services.context import AppContext
from companion.services.receipts import ReceiptsService

_SCRIPT = """
import sys
from companion.cli import main
code = main(sys.argv[1:])
assert not any(m.startswith("PySide6") for m in sys.modules), "Qt was imported"
raise SystemExit(code)
"""


def test_export_csv_without_qt(ctx: AppContext, data_dir: Path, tmp_path: Path) -> None:
    ReceiptsService(ctx).log(make_receipt(minor=70000, reference="CLI-1"))
    target = tmp_path / "log.csv"
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, "--data-dir", str(data_dir), "export", "csv", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Exported 1 receipt to" in done.stdout
    lines = target.read_text("utf-8").splitlines()
    assert lines[1].startswith("2026-11-24T14:30:00+03:00,Europe/Moscow,700.00,RUB,sbp,")
    assert ",CLI-1," in lines[1]
