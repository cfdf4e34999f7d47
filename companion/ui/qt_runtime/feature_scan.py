"""PySide need not read the source of the app's modules, nor the standard library's.

Why: PySide6 replaces ``__import__`` so that a module may write ``from
__feature__ import snake_case``. To learn which modules might, it calls
``inspect.getsource`` on every module imported after QtCore, once per name:
the file is read, decoded and kept in ``linecache``. Before the first frame
that is about 60 modules and 11 ms (measured for issue 22), paid again for
each page opened later, and the sources stay in memory for the session.

The app never imports ``__feature__``, and neither does the standard
library, so the answer for them is known without reading: PySide's "-1",
"ignore this module". For the standard library it is what the scan itself
concludes (the source never names PySide6). For the app's modules the scan
would say "0" (uses PySide, no feature selected); "ignore" leaves the class
dictionaries of Qt types exactly as "0" does while no module selects a
feature, which none does (tests/test_startup_work.py checks the app's
sources). Any other package is still scanned as PySide intends.

Only a speed-up: on a PySide without this hook nothing is changed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

_OWN = ("companion",)


def _known(name: str) -> bool:
    top = name.partition(".")[0]
    return top in _OWN or top in sys.stdlib_module_names


def skip_known_sources() -> bool:
    """Answer PySide's "does it use features?" for known modules without
    reading them; True when PySide's hook was found and wrapped."""
    feature = sys.modules.get("shibokensupport.feature")
    scan: Callable[[ModuleType], bool] | None = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or scan is None or getattr(scan, "_companion_wrapped", False):
        return False

    def uses_pyside(module: ModuleType) -> bool:
        if _known(getattr(module, "__name__", "")):
            return False
        return scan(module)

    uses_pyside._companion_wrapped = True  # type: ignore[attr-defined]
    setattr(feature, "_mod_uses_pyside", uses_pyside)  # noqa: B010 (a private name of PySide's)
    return True
