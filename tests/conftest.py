"""Test configuration shared by every test.

- Qt runs offscreen; set here, once, before any QApplication exists.
- HOME and the XDG folders point into a throw-away folder for the whole run,
  and a guard fails the run if anything new appears in the real home.
- Each test gets its own data folder and an injectable clock.
- Child processes get a pinned language and locale (English, C.UTF-8):
  a test that wants Russian or Chinese asks for it in the child's
  environment, so the suite means the same on a Russian or Chinese desktop.
  The computer's time zone is NOT pinned (the suite must pass in any), but
  every test that changes it gets it back, with ``tzset()``, afterwards.
- Hypothesis runs derandomized under ``CI=true`` (profile "ci"), so a
  regression is caught on every run; local runs keep exploring ("dev").
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI", "").lower() in ("1", "true", "yes") else "dev")

#: The locale every child process starts with unless a test says otherwise.
#: C.UTF-8 exists on every current glibc, musl and macOS, generated or not.
PINNED_LOCALE = {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
_LOCALE_VARS = ("LANGUAGE", "LC_MESSAGES", "LC_CTYPE", "LC_TIME", "LC_NUMERIC", "LC_MONETARY")

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


_fake_home: list[Path] = []


def pytest_configure(config: pytest.Config) -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    for var in _LOCALE_VARS:
        os.environ.pop(var, None)
    os.environ.update(PINNED_LOCALE)
    # ./run.sh says the built files were just checked; tests that edit a
    # source and start the app must see the app look again.
    os.environ.pop("COMPANION_BUILT_CHECKED", None)
    fake_home = Path(tempfile.mkdtemp(prefix="tcc-test-home-"))
    _fake_home.append(fake_home)
    os.environ["HOME"] = str(fake_home)
    for var, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_CACHE_HOME", ".cache"),
    ):
        os.environ[var] = str(fake_home / sub)
    # Always the throw-away one: instance sockets must not reach the real session.
    os.environ["XDG_RUNTIME_DIR"] = str(fake_home / "run")
    (fake_home / "run").mkdir(mode=0o700, exist_ok=True)
    _snapshot.update(_scan(_REAL_HOME))
    # The app as ./run.sh starts it: with companion/built/ made from these
    # sources (a no-op when current), also under a plain `uv run pytest`.
    from companion.build_data import ensure
    from companion.paths import built_dir

    ensure(built_dir())


def pytest_unconfigure(config: pytest.Config) -> None:
    """The throw-away home goes with the run; runs must not pile up folders."""
    for home in _fake_home:
        shutil.rmtree(home, ignore_errors=True)
    _fake_home.clear()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    after = _scan(_REAL_HOME)
    written = sorted(str(p) for p, m in after.items() if _snapshot.get(p) != m)
    if written:
        print("\nThe tests wrote to the real home directory:\n  " + "\n  ".join(written[:20]))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_START_TZ = os.environ.get("TZ")


def _set_tz(value: str | None) -> None:
    if value is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = value
    time.tzset()


@pytest.fixture(autouse=True)
def _computer_zone_restored() -> Iterator[None]:
    """Whatever a test did to TZ, the next one runs in the run's own zone."""
    yield
    if os.environ.get("TZ") != _START_TZ:
        _set_tz(_START_TZ)


@pytest.fixture
def computer_zone() -> Iterator[object]:
    """``computer_zone("Asia/Tokyo")`` moves the computer's zone for one test."""
    yield lambda name: _set_tz(name)
    _set_tz(_START_TZ)


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
    """As in the app (companion/ui/qt_runtime/gc_guard.py): a worker thread must never
    run the cyclic collector, or it may destroy a widget an earlier test left
    behind and crash the run. Collection happens between tests instead."""
    import gc

    from companion.ui.qt_runtime.gc_guard import GuiThreadCollector

    collector = GuiThreadCollector()
    gc.disable()
    yield collector
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_between_tests(_collector: object) -> Iterator[None]:
    from companion.ui.qt_runtime.gc_guard import GuiThreadCollector

    yield
    assert isinstance(_collector, GuiThreadCollector)
    _collector.check()


@pytest.fixture(autouse=True)
def _english_by_default() -> Iterator[None]:
    from companion.i18n import set_language

    set_language("en")
    yield
    set_language("en")


#: The font layout tests measure with; fonts-dejavu-core on Debian and Ubuntu.
LAYOUT_FONT = "DejaVu Sans"


@pytest.fixture
def layout_font(qapp: object) -> Iterator[None]:
    """Pin the UI font for a test that measures widths.

    A width test means nothing if it depends on whichever default font the
    machine has; offscreen Qt draws at a fixed 96 DPI, so a point size means the same pixels anywhere.
    """
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QApplication

    if LAYOUT_FONT not in QFontDatabase.families():
        pytest.skip(f"layout tests measure with {LAYOUT_FONT}: apt install fonts-dejavu-core")
    before = QApplication.font()
    font = QFont(LAYOUT_FONT)
    font.setPointSize(9)
    QApplication.setFont(font)
    yield
    QApplication.setFont(before)


@pytest.fixture
def main_window(qtbot: object, ctx: object) -> Iterator[object]:
    from companion.ui.shell.main_window import MainWindow

    window = MainWindow(ctx)  # type: ignore[arg-type]
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    yield window
