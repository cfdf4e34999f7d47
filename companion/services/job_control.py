"""How a long job reports progress and learns it was cancelled: one protocol.

Why one module: export, import, backup, restore and the PDF report all run
behind the same progress dialog, whose Cancel must stop each of them the same
way. A job is handed ``progress(done, total)`` to call as it goes and
``cancelled()`` to ask between steps (through the whole job, not only its
first phase); when it answers true the job undoes what it started and raises
``JobCancelled``, which the runner tells the user as "cancelled", never as a
failure.
"""

from __future__ import annotations

from collections.abc import Callable

#: Called with (steps done, steps in all) as the job goes.
Progress = Callable[[int, int], None]
#: Asked between steps; True once the user pressed Cancel.
CancelCheck = Callable[[], bool]


class JobCancelled(Exception):
    """The user stopped the job; what it had started was undone."""


def no_progress(_done: int, _total: int) -> None:
    """The ``progress`` of a job nobody watches (a headless command)."""


def never_cancelled() -> bool:
    """The ``cancelled`` of a job nobody can cancel (a headless command)."""
    return False
