"""What a start does not do: work the build has done already.

The benchmark (python -m benchmarks --only startup) measures the time; this
checks the reason for it, so a change that brings the work back fails here
and not only in a number on a noisy machine.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from process_helpers import run_python

from companion.paths import data_paths
from companion.services import data_folder, folder_lock

ROOT = Path(__file__).resolve().parents[1]
_WATCHED = ("babel", "socket", "tomllib")
#: What only a failing start needs (choosing a backup, hashing its files) and
#: time zones, which the first frame never converts.
_NOT_BEFORE_THE_FIRST_FRAME = (
    "companion.services.data_safety.recovery",
    "companion.store.backups",
    "hashlib",
    "zoneinfo",
)
#: PySide types (each with its enums, about a millisecond apiece) that
#: nothing in the first frame shows: links, the code panel's font, the tray.
_QT_TYPES_NOT_BUILT = (("QtCore", "QUrl"), ("QtGui", "QFont"), ("QtWidgets", "QSystemTrayIcon"))


def _start(data: Path, watched: tuple[str, ...] = _WATCHED) -> dict[str, Any]:
    code = (
        "import json, sys\n"
        "from companion.cli import main\n"
        f"rc = main(['--smoke', '--data-dir', {str(data)!r}])\n"
        "import PySide6.QtCore\n"
        "built = {'Qt': 'Qt' in vars(PySide6.QtCore)}\n"
        f"print(json.dumps({{'rc': rc, **built, **{{m: m in sys.modules for m in {watched!r}}}}}))\n"
    )
    # No $TZ: a zone named there is looked up before babel loads (tz_environment).
    env = {k: v for k, v in os.environ.items() if k != "TZ"}
    result = run_python("-c", code, env={**env, "QT_QPA_PLATFORM": "offscreen"})
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


@pytest.mark.slow
def test_the_first_frame_needs_no_backup_code_and_no_time_zones(tmp_path: Path) -> None:
    report = _start(tmp_path / "d", _NOT_BEFORE_THE_FIRST_FRAME)
    assert report == {"rc": 0, "Qt": False, **dict.fromkeys(_NOT_BEFORE_THE_FIRST_FRAME, False)}


@pytest.mark.slow
def test_the_first_frame_builds_no_qt_type_it_does_not_show(tmp_path: Path) -> None:
    names = [f"{module}.{name}" for module, name in _QT_TYPES_NOT_BUILT]
    code = (
        "import json\n"
        "from companion.cli import main\n"
        f"rc = main(['--smoke', '--data-dir', {str(tmp_path / 'd')!r}])\n"
        "import PySide6.QtCore, PySide6.QtGui, PySide6.QtWidgets\n"
        "built = [f'{m}.{n}' for m, n in "
        f"{list(_QT_TYPES_NOT_BUILT)!r} if n in vars(getattr(PySide6, m))]\n"
        "print(json.dumps({'rc': rc, 'built': built}))\n"
    )
    result = run_python("-c", code)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report == {"rc": 0, "built": []}, f"built at start: {report['built']} of {names}"


def _scanned_on_import(install: bool) -> dict[str, int]:
    """How often PySide read a module's source while each was imported."""
    code = (
        "import inspect, json\n"
        "import PySide6.QtCore\n"
        "from companion.ui.qt_runtime.feature_scan import skip_known_sources\n"
        f"installed = skip_known_sources() if {install!r} else False\n"
        "read = []\n"
        "real = inspect.getsource\n"
        "inspect.getsource = lambda obj: (read.append(obj.__name__), real(obj))[1]\n"
        "counts = {}\n"
        "for name in ('companion.domain.money', 'wave', 'segno'):\n"
        "    before = len(read)\n"
        # As ``from X import …`` hands X to PySide's hook (``import X.Y`` would hand it X).
        "    exec(f'from {name} import __name__ as _name')\n"
        "    counts[name] = read[before:].count(name)\n"
        "print(json.dumps({'installed': installed, **counts}))\n"
    )
    result = run_python("-c", code)
    assert result.returncode == 0, result.stderr
    counts: dict[str, int] = json.loads(result.stdout.strip().splitlines()[-1])
    return counts


def test_pyside_reads_no_source_of_the_app_or_the_standard_library() -> None:
    """PySide still reads a third-party module (segno), as it intends."""
    assert _scanned_on_import(install=False) == {
        "installed": False, "companion.domain.money": 1, "wave": 1, "segno": 1,
    }
    assert _scanned_on_import(install=True) == {
        "installed": True, "companion.domain.money": 0, "wave": 0, "segno": 1,
    }


def test_no_module_of_the_app_selects_a_pyside_feature() -> None:
    """feature_scan answers "ignore" for the app's modules: true only while
    none of them imports ``__feature__`` (snake_case, true_property)."""
    selecting = []
    for path in sorted((ROOT / "companion").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [node.module or ""] if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names] if isinstance(node, ast.Import) else []
            )
            if any(name.split(".")[-1] == "__feature__" for name in names):
                selecting.append(str(path.relative_to(ROOT)))
    assert selecting == []


def _abandoned_export(paths_root: Path) -> Path:
    folder = paths_root / ".export-killed"
    folder.mkdir(parents=True)
    (folder / "companion.sqlite3").write_bytes(b"half a copy")
    an_hour_ago = time.time() - 3600
    for item in (folder / "companion.sqlite3", folder):
        os.utime(item, (an_hour_ago, an_hour_ago))
    return folder


@pytest.mark.slow
def test_abandoned_work_is_removed_once_the_window_is_up(tmp_path: Path) -> None:
    """Not on the way to the first frame (the walk visits every attachment
    folder), but by the running window, logged."""
    root = tmp_path / "d"
    assert _start(root)["rc"] == 0  # makes the data folder
    killed = _abandoned_export(root)
    assert _start(root)["rc"] == 0
    assert killed.is_dir()  # --smoke stops at the first frame, before the tidy-up
    errors = tmp_path / "stderr.txt"
    with errors.open("w", encoding="utf-8") as stderr:
        window = subprocess.Popen(
            [sys.executable, "-m", "companion", "--data-dir", str(root), "--minimized"],
            stdout=subprocess.DEVNULL, stderr=stderr, cwd=ROOT,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        try:
            # Until the log has the line: the folder goes a moment before it is written.
            deadline = time.monotonic() + 60
            while (
                not _logged(root, "removed abandoned work: .export-killed")
                and window.poll() is None
                and time.monotonic() < deadline
            ):
                time.sleep(0.1)
        finally:
            window.terminate()
            window.wait(timeout=30)
    assert not killed.exists(), errors.read_text(encoding="utf-8")
    assert _logged(root, "removed abandoned work: .export-killed")


def _logged(root: Path, line: str) -> bool:
    logs = sorted((root / "logs").glob("*.log*"))
    return any(line in p.read_text(encoding="utf-8", errors="replace") for p in logs)


def test_tidy_up_needs_the_lock(tmp_path: Path) -> None:
    paths = data_paths(tmp_path / "d")
    killed = _abandoned_export(paths.root)
    assert data_folder.tidy_up(paths) == []  # a reader beside the owner touches nothing
    assert killed.is_dir()
    assert folder_lock.hold(paths.root)
    try:
        assert data_folder.tidy_up(paths) == [killed]
    finally:
        folder_lock.let_go(paths.root)
    assert not killed.exists()


def test_no_automatic_collection_runs_on_the_way_to_the_first_frame(tmp_path: Path) -> None:
    """The window's GUI-thread collector (gc_guard) takes over once the event
    loop turns; the automatic collector is back on when the window is gone."""
    code = (
        "import gc, json, sys\n"
        "from companion.cli import main\n"
        "passes = []\n"
        # Counted from the window's code on (argument parsing may collect).
        "gc.callbacks.append(lambda phase, info: passes.append(info['generation'])"
        " if phase == 'start' and 'companion.ui.shell.app' in sys.modules else None)\n"
        f"rc = main(['--smoke', '--data-dir', {str(tmp_path / 'd')!r}])\n"
        "print(json.dumps({'rc': rc, 'passes': passes, 'enabled': gc.isenabled()}))\n"
    )
    result = run_python("-c", code)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report == {"rc": 0, "passes": [], "enabled": True}
