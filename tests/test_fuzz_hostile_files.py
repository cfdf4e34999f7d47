"""Seeded fuzzing of restore archives and content packs (tests/fuzz).

The suite runs a quick share; ``COMPANION_FUZZ_CASES=N`` runs N cases of each
family and prints what was seen (see README, "Your data"). Every case must be
refused with one sentence and change nothing, or be accepted whole.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from archive_forge import real_export
from fuzz import archive_fuzz, pack_fuzz

from companion.i18n import set_language
from companion.services.context import AppContext

CASES = int(os.environ.get("COMPANION_FUZZ_CASES", "0"))


def _show(capsys: pytest.CaptureFixture[str], text: str) -> None:
    if CASES:
        with capsys.disabled():
            print("\n" + text)


def test_fuzzed_archives_are_refused_or_accepted_whole(
    ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = real_export(tmp_path / "source")
    tally = archive_fuzz.run(ctx, real, tmp_path / "work", CASES or 20)
    _show(capsys, tally.report("archives"))
    assert tally.findings == []
    assert any(k.endswith("accepted") for k in tally.outcomes)


#: Cases that once failed, by family: each stays in the quick run.
FOUND_BEFORE = {"database": [60, 69, 146, 189, 274]}


def test_earlier_findings_stay_fixed(ctx: AppContext, tmp_path: Path) -> None:
    real = real_export(tmp_path / "source")
    tally = archive_fuzz.run_seeds(ctx, real, tmp_path / "work", FOUND_BEFORE)
    assert tally.ran == 5 and tally.findings == []


def test_fuzzed_packs_are_refused_or_accepted_whole(
    ctx: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tally = pack_fuzz.run(ctx, tmp_path / "work", CASES or 6)
    _show(capsys, tally.report("content packs"))
    assert tally.findings == []


def test_fuzzed_refusals_are_translated(ctx: AppContext, tmp_path: Path) -> None:
    """In Russian, every refusal's sentence is Russian (a file name may follow)."""
    cyrillic = re.compile("[а-яА-ЯёЁ]")
    set_language("ru")
    try:
        real = real_export(tmp_path / "source")
        archives = archive_fuzz.run(ctx, real, tmp_path / "work", 4, script=cyrillic)
        packs = pack_fuzz.run(ctx, tmp_path / "packs", 2, script=cyrillic)
    finally:
        set_language("en")
    assert archives.findings == [] and packs.findings == []
