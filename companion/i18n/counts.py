"""How many of a thing, as words: "1 card", "3 receipts", "5 вложений".

Why: sentences that put a bare number before a plural noun ("Saved 1 cards,
1 receipts and 0 attachments") read wrong for every count but one in
English and for most counts in Russian. Each count is its own plural
message; the sentence around it only places the phrases.
"""

from __future__ import annotations

from companion.i18n import ngettext
from companion.i18n.formatting import format_number


def cards_count(n: int) -> str:
    return ngettext("{n} card", "{n} cards", n).format(n=format_number(n))


def receipts_count(n: int) -> str:
    return ngettext("{n} receipt", "{n} receipts", n).format(n=format_number(n))


def attachments_count(n: int) -> str:
    return ngettext("{n} attachment", "{n} attachments", n).format(n=format_number(n))
