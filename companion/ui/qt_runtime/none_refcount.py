"""Keeping ``None`` alive under PySide6 6.12 on Python 3.11.

Why: the PySide6-Essentials 6.12.0 wheel (built for the stable ABI) returns
``None`` from every void method (``QPainter.setPen``, ``QObject.setObjectName``
…) without taking a reference for it. On Python 3.12+ ``None`` is immortal and
nothing happens; on 3.11 each such call takes one reference away from
``None``, and a few thousand calls more than ``None`` owns abort the
interpreter ("Fatal Python error: none_dealloc"). A 2,300-page PDF report
makes millions of these calls, and so does a long session of chart repaints.
Giving ``None`` 2**40 extra references once makes it as good as immortal, as
Python 3.12 does; no program makes 10**12 calls.
"""

from __future__ import annotations

import ctypes
import sys

#: As many leaked references as any session could make, with room to spare.
EXTRA_REFERENCES = 1 << 40
_state = {"done": False}


def keep_none_alive() -> None:
    """Idempotent; does nothing where ``None`` is already immortal."""
    if _state["done"] or sys.version_info >= (3, 12):
        return
    _state["done"] = True
    ctypes.c_ssize_t.from_address(id(None)).value += EXTRA_REFERENCES
