"""The window's sections, in rail order: key, label, shortcut, icon.

Why a module of its own: the window builds its rail from them and the
keyboard-shortcuts list names each page by them; both read this list, and
neither needs to import the other.
"""

from __future__ import annotations

from typing import NamedTuple

from companion.i18n import N_


class Section(NamedTuple):
    key: str
    label: str  # marked with N_, translated when shown
    shortcut: str
    icon: str


SECTIONS: tuple[Section, ...] = (
    Section("guide", N_("Guide"), "Ctrl+1", "guide"),
    Section("cards", N_("Cards"), "Ctrl+2", "cards"),
    Section("receipts", N_("Receipts"), "Ctrl+3", "receipts"),
    Section("settings", N_("Settings"), "Ctrl+4", "settings"),
)
