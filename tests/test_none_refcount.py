"""PySide6 6.12 on Python 3.11 takes a reference from None on every void call;
the app gives None enough references first (companion/ui/qt_runtime/none_refcount.py)."""

from __future__ import annotations

import sys

import pytest
from process_helpers import run_python

_MANY_CALLS = """
import sys
from PySide6.QtCore import QObject
if sys.argv[1] == "guarded":
    from companion.ui.qt_runtime.none_refcount import keep_none_alive
    keep_none_alive()
o = QObject()
for _i in range(300_000):
    o.setObjectName("x")  # returns nothing: a void method
print("alive")
"""


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from 3.12 on")
def test_a_long_session_of_void_qt_calls_does_not_abort() -> None:
    guarded = run_python("-c", _MANY_CALLS, "guarded", timeout=120)
    assert guarded.returncode == 0, guarded.stderr[-500:]
    assert guarded.stdout.strip() == "alive"


def test_keeping_none_alive_twice_adds_nothing() -> None:
    from companion.ui.qt_runtime.none_refcount import keep_none_alive

    keep_none_alive()
    before = sys.getrefcount(None)
    keep_none_alive()
    assert abs(sys.getrefcount(None) - before) < 100
