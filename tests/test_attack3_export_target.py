"""Settings → Export everything onto a full or read-only disk names the place
the user chose, not the data folder.

Found under Xvfb with a 200 KB tmpfs and a read-only mount: the message was
"The disk holding your data is full … Folder: <data folder>" (or "Your data
folder is read-only … use --data-dir"), sending the user to free space or
fix permissions where nothing was wrong. The failure is simulated at the
archive's own write (as ENOSPC or EROFS would come from the chosen disk), so
the test needs neither root nor a mount.
"""

from __future__ import annotations

import errno
import os
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from companion.i18n import set_language
from companion.services.context import AppContext
from companion.ui.settings.data_group import DataGroup

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.mark.parametrize(
    ("code", "named", "lang", "expected"),
    [
        (errno.ENOSPC, False, "ru", "Не удалось записать архив {path}: на диске нет места"),
        (errno.EROFS, True, "ru", "Не удалось записать архив {path}: диск доступен только для чтения"),
        (errno.ENOSPC, False, "zh_Hans", "无法写入存档 {path}：磁盘空间不足"),
        (errno.EROFS, True, "en", "Could not write the archive {path}: the disk is read-only"),
    ],
)
def test_export_onto_a_failing_disk_names_the_chosen_file(
    qtbot: Any, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    code: int, named: bool, lang: str, expected: str,
) -> None:
    chosen = tmp_path / "usb" / "everything.zip"
    real_zip = zipfile.ZipFile

    def failing_zip(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> zipfile.ZipFile:
        if mode == "w" and Path(file).parent == chosen.parent:
            # As open() raises it: the Path object itself as the file name.
            raise OSError(code, os.strerror(code), *([file] if named else []))
        return real_zip(file, mode, *args, **kwargs)

    monkeypatch.setattr(zipfile, "ZipFile", failing_zip)
    if code == errno.EROFS:
        # On a read-only disk even removing a file that is not there fails so.
        real_unlink = Path.unlink

        def read_only_unlink(self: Path, missing_ok: bool = False) -> None:
            if self.parent == chosen.parent:
                raise OSError(code, os.strerror(code), str(self))
            real_unlink(self, missing_ok=missing_ok)

        monkeypatch.setattr(Path, "unlink", read_only_unlink)
    set_language(lang)
    group = DataGroup(ctx)
    qtbot.addWidget(group)
    told: list[str] = []
    monkeypatch.setattr(group, "tell", told.append)
    group.export_to(chosen)
    deadline = time.monotonic() + 20
    while group.job is not None and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    assert told == [expected.format(path=chosen)]
    assert str(ctx.paths.root) not in told[0]
    assert list(chosen.parent.iterdir()) == []  # nothing half-written
