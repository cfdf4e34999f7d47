"""Full-width forms read as the characters they are, for every typed date, time and amount.

Why: a Chinese (or Japanese) input method in full-width mode types
"２０２６－１２－０１", "２３：５９" and "１，２３４．５０" — the same
characters in another width. The date filter once folded them and the
card dialog's date fields did not, so one text was a date in one field and
an error in the other. The date, time and money readers
(``date_input``, ``money_input``) all fold through this one table.

Only the width is folded: the characters Unicode itself decomposes as
``<wide>`` (the Halfwidth and Fullwidth Forms block and the ideographic
space). Other compatibility forms that NFKC would also fold ("①", "²",
"ﬁ") stay as typed, so the readers refuse them instead of guessing.
"""

from __future__ import annotations

import unicodedata


def _wide_forms() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in (0x3000, *range(0xFF01, 0xFFEF)):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and parts[0] == "<wide>":
            table[code] = chr(int(parts[1], 16))
    return table


_TABLE = str.maketrans(_wide_forms())


def fold_full_width(text: str) -> str:
    """``text`` with every full-width character replaced by its ordinary twin."""
    return text.translate(_TABLE)
