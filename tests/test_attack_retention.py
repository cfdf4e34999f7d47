"""Retention attacked with any history of daily and manual backups
(issue 15: 7 daily + 4 weekly, manual ones counted apart).

Pinned, all held: a backup is removed only when a newer one of its kind is
kept; every manual backup of the 7 most recent days made on is kept; the newest of
each kind is always kept; the rule never keeps more than 7 days and 4 weeks
of a kind (every copy of a manual day counts as that one day).
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from companion.domain.backup_policy import KEEP_DAILY, KEEP_WEEKLY, rolling_to_keep

START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
_history = st.lists(
    st.tuples(st.integers(0, 24 * 120), st.sampled_from(["daily", "manual"])),
    min_size=1,
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(_history)
def test_retention_keeps_what_it_promises(history: list[tuple[int, str]]) -> None:
    backups = [(i, START + dt.timedelta(hours=h), kind) for i, (h, kind) in enumerate(history)]
    keep = rolling_to_keep(backups)
    for kind in ("daily", "manual"):
        mine = [b for b in backups if b[2] == kind]
        if not mine:
            continue
        newest = max(mine, key=lambda b: b[1])
        assert any(b[0] in keep and b[1] == newest[1] for b in mine)
        for key, when, _kind in mine:
            if key not in keep:
                assert any(k in keep and w >= when for k, w, _ in mine if k != key), "removed alone"
        kept_days = {w.date() for k, w, _ in mine if k in keep}
        assert len(kept_days) <= KEEP_DAILY + KEEP_WEEKLY
        if kind == "manual":  # every copy of the 7 most recent days you made one on
            recent = sorted({w.date() for _k, w, _ in mine}, reverse=True)[:KEEP_DAILY]
            assert all(k in keep for k, w, _ in mine if w.date() in recent)
