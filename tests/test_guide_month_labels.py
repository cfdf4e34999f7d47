"""The "facts checked" months: formatted by babel once, read back after."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from companion.guide.render import checked_month
from companion.services import month_labels
from companion.services.context import AppContext
from companion.services.month_labels import FILE_NAME, MonthLabels, babel_fingerprint

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


def test_a_new_month_is_formatted_once_and_kept(tmp_path: Path) -> None:
    formatter = Counting()
    labels = MonthLabels(tmp_path, fingerprint="1:2", formatter=formatter)
    assert labels.label("2026-10", "ru") == checked_month("2026-10", "ru")
    labels.label("2026-10", "ru")
    assert formatter.calls == [("2026-10", "ru")]
    labels.save()

    again = MonthLabels(tmp_path, fingerprint="1:2", formatter=_never)
    assert again.label("2026-10", "ru") == checked_month("2026-10", "ru")


def test_each_language_has_its_own_label(tmp_path: Path) -> None:
    labels = MonthLabels(tmp_path, fingerprint="1:2")
    english = labels.label("2026-10", "en")
    chinese = labels.label("2026-10", "zh_Hans")
    assert "October" in english
    assert chinese != english and "2026" in chinese


def test_labels_from_another_babel_are_formatted_again(tmp_path: Path) -> None:
    labels = MonthLabels(tmp_path, fingerprint="1:2")
    labels.label("2026-10", "en")
    labels.save()
    formatter = Counting()
    upgraded = MonthLabels(tmp_path, fingerprint="3:4", formatter=formatter)
    upgraded.label("2026-10", "en")
    assert formatter.calls == [("2026-10", "en")]


def test_without_a_fingerprint_nothing_is_trusted_or_kept(tmp_path: Path) -> None:
    stale = json.dumps({"babel": "", "labels": {"en:2026-10": "stale"}})
    (tmp_path / FILE_NAME).write_text(stale, encoding="utf-8")
    labels = MonthLabels(tmp_path, fingerprint="")
    assert labels.label("2026-10", "en") != "stale"
    labels.save()
    assert (tmp_path / FILE_NAME).read_text(encoding="utf-8") == stale


@pytest.mark.parametrize(
    "stored",
    [
        [1, 2],
        "text",
        {"babel": "1:2"},
        {"babel": "1:2", "labels": ["en:2026-10"]},
        {"babel": "1:2", "labels": {"en:2026-10": 7}},
        '{"babel": "1:2", "labels": {"en:2026-10": "cut off"',
        b"\xff\xfe not UTF-8",
    ],
)
def test_a_damaged_file_is_ignored(tmp_path: Path, stored: Any) -> None:
    file = tmp_path / FILE_NAME
    if isinstance(stored, bytes):
        file.write_bytes(stored)
    else:
        file.write_text(stored if isinstance(stored, str) else json.dumps(stored), encoding="utf-8")
    labels = MonthLabels(tmp_path, fingerprint="1:2")
    assert labels.label("2026-10", "en") == checked_month("2026-10", "en")
    labels.save()
    assert json.loads(file.read_text(encoding="utf-8"))["labels"] == {
        "en:2026-10": checked_month("2026-10", "en")
    }


def test_a_failed_save_costs_only_speed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    labels = MonthLabels(blocked, fingerprint="1:2")
    assert labels.label("2026-10", "en")
    labels.save()
    assert "month labels" in caplog.text
    assert blocked.read_text(encoding="utf-8").startswith("a file")


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
    from companion.ui.guide.guide_page import GuidePage

    first = GuidePage(ctx, lambda _key: None)
    qtbot.addWidget(first)  # type: ignore[attr-defined]
    kept = json.loads((ctx.paths.cache_dir / FILE_NAME).read_text(encoding="utf-8"))
    assert kept["labels"]
    shown = first.page_text()

    monkeypatch.setattr(month_labels, "checked_month", _never)
    second = GuidePage(ctx, lambda _key: None)
    qtbot.addWidget(second)  # type: ignore[attr-defined]
    assert second.page_text() == shown
    assert "Facts checked:" in shown
