"""Test configuration shared by every test.

- Qt runs offscreen; set here, once, before any QApplication exists.
- HOME and the XDG folders point into a throw-away folder for the whole run,
  and a guard fails the run if anything new appears in the real home.
- Each test gets its own data folder and an injectable clock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_REAL_HOME = Path(os.path.expanduser("~"))
#: Places an app would write user files to; tool caches are not watched.
_WATCHED = (".config", ".local/share", ".local/state", "Documents", "Desktop")
_snapshot: dict[Path, float] = {}


def _scan(root: Path) -> dict[Path, float]:
    found: dict[Path, float] = {}
    for rel in _WATCHED:
        base = root / rel
        if not base.is_dir():
            continue
        for dirpath, _dirs, files in os.walk(base):
            for name in files:
                p = Path(dirpath, name)
                with contextlib.suppress(OSError):
                    found[p] = p.stat().st_mtime
    return found


def pytest_configure(config: pytest.Config) -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    fake_home = Path(tempfile.mkdtemp(prefix="tcc-test-home-"))
    os.environ["HOME"] = str(fake_home)
    for var, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_CACHE_HOME", ".cache"),
    ):
        os.environ[var] = str(fake_home / sub)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(fake_home / "run"))
    (fake_home / "run").mkdir(mode=0o700, exist_ok=True)
    _snapshot.update(_scan(_REAL_HOME))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    after = _scan(_REAL_HOME)
    written = sorted(str(p) for p, m in after.items() if _snapshot.get(p) != m)
    if written:
        print("\nThe tests wrote to the real home directory:\n  " + "\n  ".join(written[:20]))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


class FakeClock:
    """A settable clock; tests move time forward instead of sleeping."""

    def __init__(self, start: dt.datetime) -> None:
        self.current = start

    def __call__(self) -> dt.datetime:
        return self.current

    def advance(self, delta: dt.timedelta) -> None:
        self.current += delta

    def set(self, when: dt.datetime) -> None:
        self.current = when


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def ctx(data_dir: Path, clock: FakeClock) -> Iterator[object]:
    from companion.paths import data_paths
    from companion.services.context import open_context

    context = open_context(data_paths(data_dir), clock=clock)
    yield context
    context.close()


@pytest.fixture(autouse=True, scope="session")
def _collector() -> Iterator[object]:
    """As in the app (companion/ui/gc_guard.py): a worker thread must never
    run the cyclic collector, or it may destroy a widget an earlier test left
    behind and crash the run. Collection happens between tests instead."""
    import gc

    from companion.ui.gc_guard import GuiThreadCollector

    collector = GuiThreadCollector()
    gc.disable()
    yield collector
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_between_tests(_collector: object) -> Iterator[None]:
    from companion.ui.gc_guard import GuiThreadCollector

    yield
    assert isinstance(_collector, GuiThreadCollector)
    _collector.check()


@pytest.fixture(autouse=True)
def _english_by_default() -> Iterator[None]:
    from companion.i18n import set_language

    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def main_window(qtbot: object, ctx: object) -> Iterator[object]:
    from companion.ui.main_window import MainWindow

    window = MainWindow(ctx)  # type: ignore[arg-type]
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    yield window
