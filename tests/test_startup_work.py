"""What a start does not do: work the build has done already.

The benchmark (python -m benchmarks --only startup) measures the time; this
checks the reason for it, so a change that brings the work back fails here
and not only in a number on a noisy machine.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from process_helpers import run_python

_WATCHED = ("babel", "socket", "tomllib")


def _start(data: Path) -> dict[str, Any]:
    code = (
        "import json, sys\n"
        "from companion.cli import main\n"
        f"rc = main(['--smoke', '--data-dir', {str(data)!r}])\n"
        "import PySide6.QtCore\n"
        "built = {'Qt': 'Qt' in vars(PySide6.QtCore)}\n"
        f"print(json.dumps({{'rc': rc, **built, **{{m: m in sys.modules for m in {_WATCHED!r}}}}}))\n"
    )
    result = run_python("-c", code)
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


@pytest.mark.slow
def test_no_start_parses_the_guide_or_loads_babel(tmp_path: Path) -> None:
    """The guide and its months come built (companion/build_data.py): even
    the first start reads them from one file, and writes no cache."""
    data = tmp_path / "d"
    expected = {"rc": 0, "Qt": False, "babel": False, "socket": False, "tomllib": False}
    assert _start(data) == expected
    assert not (data / "cache").exists()
    assert _start(data) == expected
