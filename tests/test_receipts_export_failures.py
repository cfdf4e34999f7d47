"""An export that cannot be written says why in one translated sentence (issue 18)."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest
from receipts_helpers import make_receipt

from companion.cli import main
from companion.i18n import set_language
from companion.services.context import AppContext
from companion.services.receipts import ReceiptsService
from companion.services.receipts_io import receipts_csv


def _full_disk(*_args: object, **_kwargs: object) -> int:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("language", ["en", "ru"])
def test_cli_export_to_a_missing_folder_or_a_full_disk(
    ctx: AppContext,
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    language: str,
) -> None:
    ReceiptsService(ctx).log(make_receipt())
    args = ["--data-dir", str(data_dir), "--lang", language, "export", "csv"]
    assert main([*args, str(tmp_path / "gone" / "log.csv")]) == 1
    missing = capsys.readouterr().err
    monkeypatch.setattr(receipts_csv, "export_csv", _full_disk)
    assert main([*args, str(tmp_path / "log.csv")]) == 1
    full = capsys.readouterr().err
    if language == "en":
        assert "That folder does not exist." in missing
        assert "The disk is full." in full
    else:
        assert "Такой папки нет." in missing
        assert "Диск заполнен." in full
    assert "Errno" not in missing + full
    set_language("en")


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_window_export_to_a_missing_folder_says_so(
    qtbot: Any, ctx: AppContext, tmp_path: Path
) -> None:
    from companion.ui.receipts.receipts_page import ReceiptsPage

    ReceiptsService(ctx).log(make_receipt())
    page = ReceiptsPage(ctx, lambda _key: None)
    qtbot.addWidget(page)
    page.export_to(tmp_path / "gone" / "log.csv", "csv")
    qtbot.waitUntil(lambda: "nothing was written" in page.notice.text(), timeout=10000)
    assert page.notice.text() == (
        "The export failed; nothing was written: That folder does not exist."
    )
