"""How the program leaves: headless commands and the GUI both through
``SystemExit``, so atexit handlers (the log's among them) run; the GUI
removes its scratch folders first."""

from __future__ import annotations

from pathlib import Path

import pytest
from process_helpers import run_python

from companion import cli
from companion.services import scratch


def test_headless_command_leaves_through_system_exit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Were this an os._exit path, pytest itself would vanish here.
    monkeypatch.setattr("sys.argv", ["companion", "--data-dir", str(tmp_path), "reminders"])
    with pytest.raises(SystemExit) as leaving:
        cli.run()
    assert leaving.value.code == 0
    assert capsys.readouterr().out.strip()


def test_scratch_folders_are_all_removed(tmp_path: Path) -> None:
    first = scratch.make_folder("tcc-test-")
    second = scratch.make_folder("tcc-test-")
    (first / "pasted-1.png").write_bytes(b"x")
    scratch.remove_folder(second)
    assert not second.exists() and first.exists()
    scratch.remove_all()
    assert not first.exists()


_GUI_EXIT = """
import atexit, sys
from pathlib import Path
marker = Path(sys.argv[1])
atexit.register(marker.write_text, "atexit ran")
sys.argv = ["companion", "--smoke", "--data-dir", sys.argv[2]]
from companion.cli import run
run()
"""


@pytest.mark.slow
def test_the_gui_leaves_normally_and_its_atexit_handlers_run(tmp_path: Path) -> None:
    """Issue 22: the GUI left through os._exit, so no atexit handler ran (the
    log was never shut down by logging). Measured: no exit crash without it."""
    marker = tmp_path / "atexit.txt"
    result = run_python("-c", _GUI_EXIT, str(marker), str(tmp_path / "data"), timeout=120)
    assert result.returncode == 0, result.stderr
    assert '"window": "shown"' in result.stdout
    assert "Fatal Python error" not in result.stderr
    assert marker.read_text() == "atexit ran"
