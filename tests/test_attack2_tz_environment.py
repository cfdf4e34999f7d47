"""A computer whose $TZ is not a zone babel can read still runs every command.

Found attacking issue 17: babel reads $TZ when it is first imported and lets
``IsADirectoryError`` (``TZ=Europe``), ``OSError`` (a 300-character name) and
``ValueError`` (``TZ=/etc/passwd``) escape, so ``companion reminders`` and the
window crashed before showing anything. The computer's own clock (the C
library's reading of $TZ) must stay what it was: only babel's probe is spared.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from process_helpers import run_python

from companion.domain.card import Card
from companion.domain.expiry import Expiry
from companion.services import cards as cards_service
from companion.services import reminders

BAD_TZ = ["Europe", "Etc", "America/", "A" * 300, "/etc/passwd", ":Europe"]


@pytest.mark.parametrize("tz", [*BAD_TZ, "<DIR>"])
def test_companion_reminders_runs_with_a_tz_babel_cannot_read(
    ctx: Any, data_dir: Path, tmp_path: Path, tz: str
) -> None:
    expiry = Expiry(dt.datetime(2199, 12, 31, 23, 59), "Europe/Moscow")
    cards_service.save_card(ctx, Card("MTS SIM", expiry=expiry))
    reminders.sync_all(ctx)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env.update(TZ=str(tmp_path) if tz == "<DIR>" else tz, LANG="C.UTF-8", LANGUAGE="en")
    done = run_python(
        "-m", "companion", "--data-dir", str(data_dir), "reminders", "--peek", "--days", "1",
        env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "unexpected" not in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_the_c_library_clock_keeps_the_users_tz_after_the_guard() -> None:
    """A POSIX $TZ babel cannot read is still the computer's clock afterwards."""
    code = (
        "import os, time, datetime as dt\n"
        "import companion.i18n.formatting\n"
        "assert os.environ['TZ'] == 'Europe', os.environ['TZ']\n"
        "print(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC).astimezone().utcoffset())\n"
    )
    env = dict(os.environ, TZ="Europe")
    done = run_python("-c", code, env=env)
    assert done.returncode == 0, done.stderr
