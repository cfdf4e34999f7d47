"""The undo stack: every undoable card action of this session, newest last.

Why a stack, and why it lives with the AppContext rather than the Cards page:
deleting card A and then archiving card B must leave both undoable (Ctrl+Z
walks back one at a time), and a language switch rebuilds every page, so
anything kept by the page would be forgotten and a deleted card purged while
the README still promises its undo. Deleted cards stay in the database
(hidden) until the app quits; only then are they purged.

Why messages are callables: the bar words the latest action when it is
shown, so after a language switch it reads in the new language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class UndoEntry:
    #: The sentence for the undo bar, worded when it is shown.
    message: Callable[[], str]
    undo: Callable[[], None]
    #: The card this action deleted: kept (hidden) while the entry is on the stack.
    deleted_card: int | None = None


class UndoStack:
    def __init__(self) -> None:
        self._entries: list[UndoEntry] = []

    def __len__(self) -> int:
        return len(self._entries)

    def push(self, entry: UndoEntry) -> None:
        self._entries.append(entry)

    def latest(self) -> UndoEntry | None:
        return self._entries[-1] if self._entries else None

    def pop(self) -> UndoEntry | None:
        return self._entries.pop() if self._entries else None

    def clear(self) -> None:
        self._entries.clear()

    def deleted_cards(self) -> set[int]:
        """Cards that an entry can still bring back: never purge these."""
        return {e.deleted_card for e in self._entries if e.deleted_card is not None}
