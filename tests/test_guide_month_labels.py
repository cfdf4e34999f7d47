"""The "facts checked" months: formatted by babel once, read back after."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from typing import Any

import pytest

from companion.guide.render import checked_month
from companion.services import month_labels
from companion.services.context import AppContext
from companion.services.month_labels import SETTINGS_KEY, MonthLabels, babel_fingerprint
from companion.store.settings_repo import SettingsRepo

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


class Counting:
    """A formatter that counts its calls and answers like babel."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def __call__(self, checked: str, lang: str) -> str:
        self.calls.append((checked, lang))
        return checked_month(checked, lang)


def _never(checked: str, lang: str) -> str:
    raise AssertionError(f"babel was asked for {lang}:{checked}")


def test_a_new_month_is_formatted_once_and_kept(ctx: AppContext) -> None:
    formatter = Counting()
    labels = MonthLabels(ctx.settings, fingerprint="1:2", formatter=formatter)
    assert labels.label("2026-10", "ru") == checked_month("2026-10", "ru")
    labels.label("2026-10", "ru")
    assert formatter.calls == [("2026-10", "ru")]
    labels.save()

    again = MonthLabels(ctx.settings, fingerprint="1:2", formatter=_never)
    assert again.label("2026-10", "ru") == checked_month("2026-10", "ru")


def test_each_language_has_its_own_label(ctx: AppContext) -> None:
    labels = MonthLabels(ctx.settings, fingerprint="1:2")
    english = labels.label("2026-10", "en")
    chinese = labels.label("2026-10", "zh_Hans")
    assert "October" in english
    assert chinese != english and "2026" in chinese


def test_labels_from_another_babel_are_formatted_again(ctx: AppContext) -> None:
    labels = MonthLabels(ctx.settings, fingerprint="1:2")
    labels.label("2026-10", "en")
    labels.save()
    formatter = Counting()
    upgraded = MonthLabels(ctx.settings, fingerprint="3:4", formatter=formatter)
    upgraded.label("2026-10", "en")
    assert formatter.calls == [("2026-10", "en")]


def test_without_a_fingerprint_nothing_is_trusted_or_kept(ctx: AppContext) -> None:
    ctx.settings.set_raw(SETTINGS_KEY, {"babel": "", "labels": {"en:2026-10": "stale"}})
    labels = MonthLabels(ctx.settings, fingerprint="")
    assert labels.label("2026-10", "en") != "stale"
    labels.save()
    assert ctx.settings.get_raw(SETTINGS_KEY)["labels"] == {"en:2026-10": "stale"}


@pytest.mark.parametrize(
    "stored",
    [
        [1, 2],
        "text",
        {"babel": "1:2"},
        {"babel": "1:2", "labels": ["en:2026-10"]},
        {"babel": "1:2", "labels": {"en:2026-10": 7}},
    ],
)
def test_a_damaged_stored_value_is_ignored(ctx: AppContext, stored: Any) -> None:
    ctx.settings.set_raw(SETTINGS_KEY, stored)
    labels = MonthLabels(ctx.settings, fingerprint="1:2")
    assert labels.label("2026-10", "en") == checked_month("2026-10", "en")


def test_a_failed_save_costs_only_speed(ctx: AppContext, caplog: pytest.LogCaptureFixture) -> None:
    class ReadOnly(SettingsRepo):
        def set_raw(self, key: str, value: Any) -> None:
            raise sqlite3.OperationalError("attempt to write a readonly database")

    labels = MonthLabels(ReadOnly(ctx.conn), fingerprint="1:2")
    assert labels.label("2026-10", "en")
    labels.save()
    assert "month labels" in caplog.text


def test_the_fingerprint_is_read_from_babels_data_without_importing_it() -> None:
    code = (
        "import sys\n"
        "from companion.services.month_labels import babel_fingerprint\n"
        "print(babel_fingerprint(), 'babel' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    fingerprint, imported = result.stdout.split()
    assert fingerprint == babel_fingerprint()
    size, _, mtime = fingerprint.partition(":")
    assert int(size) > 0 and int(mtime) > 0
    assert imported == "False"


def test_no_babel_data_means_no_fingerprint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(month_labels.importlib.util, "find_spec", lambda _name: None)
    assert babel_fingerprint() == ""


def test_the_reader_shows_a_kept_label_without_babel(
    qtbot: object, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from companion.ui.guide_page import GuidePage

    first = GuidePage(ctx, lambda _key: None)
    qtbot.addWidget(first)  # type: ignore[attr-defined]
    assert ctx.settings.get_raw(SETTINGS_KEY)["labels"]
    shown = first.page_text()

    monkeypatch.setattr(month_labels, "checked_month", _never)
    second = GuidePage(ctx, lambda _key: None)
    qtbot.addWidget(second)  # type: ignore[attr-defined]
    assert second.page_text() == shown
    assert "Facts checked:" in shown
