"""``companion reminders --days N`` and ``--watch MINUTES`` with numbers out of range.

Found attacking issue 19: ``--days 3650000`` and ``--watch 99999999999999``
ended in "Something unexpected went wrong" (an OverflowError in timedelta and
time.sleep), and ``--days -5`` was quietly read as 0. Each is now refused
with a translated sentence saying what the option accepts, and exit code 2.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from process_helpers import run_python

from companion.cli import main
from companion.i18n import set_language


@pytest.mark.parametrize(("option", "value"), [
    ("--days", "3661"), ("--days", "99999999999"), ("--days", "-5"),
    ("--watch", "99999999999999"), ("--watch", "-1"), ("--watch", "1441"),
])
def test_an_out_of_range_number_is_refused_with_a_sentence(
    data_dir: Path, option: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = ["--notify"] if option == "--watch" else ["--peek"]
    code = main(["--data-dir", str(data_dir), "--lang", "en", "reminders", *extra,
                 f"{option}={value}"])
    set_language("en")
    assert code == 2
    captured = capsys.readouterr()
    assert f"{option} {value}: give a whole number between 0 and" in captured.err, captured
    assert "unexpected" not in captured.err + captured.out


@pytest.mark.parametrize("days", ["0", "3660"])
def test_the_range_ends_are_accepted(
    data_dir: Path, days: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(data_dir), "--lang", "en", "reminders", "--peek",
                 "--days", days]) == 0
    set_language("en")
    assert "Upcoming:" in capsys.readouterr().out


def test_a_huge_day_count_in_a_child_process_is_a_sentence_not_a_crash(data_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env.update(LANG="ru_RU.UTF-8", LANGUAGE="ru")
    done = run_python("-m", "companion", "--data-dir", str(data_dir), "--lang", "ru",
                      "reminders", "--peek", "--days", "3650000", env=env)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "unexpected" not in done.stdout + done.stderr
    assert "3650000" in done.stderr and "от 0 до 3660" in done.stderr, done.stderr
