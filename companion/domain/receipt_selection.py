"""Which receipts the user selected in the log, without listing them.

Why rows and not ids: Select all in a log of 100,000 receipts is one range of
rows; turning it into 100,000 ids in Python (reading every row through the
table model) froze the window for seconds before the delete confirmation
could even ask. A selection is kept as what the user did: the filter and sort
that were shown, and the ranges of row positions selected in them. The store
turns that into one set-based SQL condition.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from companion.domain.receipt_query import ReceiptFilter, ReceiptSort


def merge_ranges(ranges: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Inclusive (first, last) row ranges, sorted, with overlapping and
    touching ranges joined; empty or negative ranges dropped."""
    merged: list[tuple[int, int]] = []
    for first, last in sorted((max(a, 0), b) for a, b in ranges if b >= max(a, 0)):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return tuple(merged)


@dataclass(frozen=True)
class ReceiptSelection:
    """Rows ``ranges`` (inclusive, merged) of the log as ``flt`` and ``sort``
    showed it, when it had ``shown`` rows."""

    flt: ReceiptFilter
    sort: ReceiptSort
    ranges: tuple[tuple[int, int], ...]
    shown: int

    @classmethod
    def of_rows(
        cls,
        flt: ReceiptFilter,
        sort: ReceiptSort,
        ranges: Iterable[tuple[int, int]],
        shown: int,
    ) -> ReceiptSelection:
        clipped = ((first, min(last, shown - 1)) for first, last in ranges)
        return cls(flt, sort, merge_ranges(clipped), shown)

    @property
    def count(self) -> int:
        """How many receipts are selected."""
        return sum(last - first + 1 for first, last in self.ranges)

    @property
    def is_everything_shown(self) -> bool:
        """Every row the filter shows is selected (Select all)."""
        return self.shown > 0 and self.ranges == ((0, self.shown - 1),)
