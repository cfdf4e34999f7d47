"""Keeping ``None``, ``True`` and ``False`` alive under PySide6 6.12 on Python 3.11.

Why: the PySide6-Essentials 6.12.0 wheel (built for the stable ABI) returns
``None`` from every void method (``QPainter.setPen``, ``QObject.setObjectName``
…) without taking a reference for it, and likewise ``True`` or ``False`` from
``Signal.emit``. On Python 3.12+ these are immortal and nothing happens; on
3.11 each such call takes one reference away, and a few hundred calls more
than the object owns abort the interpreter ("Fatal Python error:
none_dealloc", or "bool_dealloc" after about 600 emits of a job's progress
signal: a 100,000-row PDF report died that way). A 2,300-page PDF report
makes millions of these calls, and so does a long session of chart repaints.
Giving each of the three 2**40 extra references once makes them as good as
immortal, as Python 3.12 does; no program makes 10**12 calls.
"""

from __future__ import annotations

import ctypes
import sys

#: As many leaked references as any session could make, with room to spare.
EXTRA_REFERENCES = 1 << 40
_state = {"done": False}


def keep_none_alive() -> None:
    """Keeps ``None``, ``True`` and ``False`` alive. Idempotent; does nothing
    where they are already immortal."""
    if _state["done"] or sys.version_info >= (3, 12):
        return
    _state["done"] = True
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += EXTRA_REFERENCES
