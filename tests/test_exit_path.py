"""How the program leaves: headless commands normally, the GUI without the
interpreter's teardown but with its scratch folders removed first."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion import cli
from companion.services import scratch


def test_headless_command_leaves_through_system_exit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Were this the os._exit path, pytest itself would vanish here.
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
