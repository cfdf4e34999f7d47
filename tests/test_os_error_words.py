"""The system's reason for a failed write, in the user's language.

"Не удалось записать …: No such file or directory": the C library's English
``strerror`` sat inside Russian and Chinese sentences. The common errno
values are worded once (``companion.i18n.os_errors``) and every screen,
job and headless command uses that.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from companion.cli import main
from companion.i18n import set_language
from companion.i18n.os_errors import known_errnos, os_error_text
from companion.ui.jobs.receipt_jobs import Job
from companion.ui.jobs.runner import failure_text

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

_LATIN = re.compile(r"[A-Za-z]")
_REQUIRED = {
    errno.ENOSPC, errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOENT, errno.EEXIST,
    errno.EISDIR, errno.ENOTDIR, errno.EIO, errno.EDQUOT, errno.ENAMETOOLONG, errno.EMFILE,
}


def test_the_common_errors_have_a_phrase() -> None:
    assert known_errnos() >= _REQUIRED


@pytest.mark.parametrize("lang", ["ru", "zh_Hans"])
@pytest.mark.parametrize("code", sorted(_REQUIRED))
def test_each_phrase_is_in_the_language(lang: str, code: int) -> None:
    set_language(lang)
    text = os_error_text(OSError(code, os.strerror(code), "/tmp/x"))
    assert text and not _LATIN.search(text), text
    assert os.strerror(code) not in text


def test_a_rare_error_keeps_the_systems_words() -> None:
    exc = OSError(errno.ETXTBSY, os.strerror(errno.ETXTBSY))
    assert os_error_text(exc) == os.strerror(errno.ETXTBSY)
    assert os_error_text(ValueError("bad")) == "bad"


_PATH_THROUGH_A_FILE = [("ru", "часть пути — файл"), ("zh_Hans", "路径中的某一部分是文件")]


def _through_a_file(tmp_path: Path, name: str) -> Path:
    """A path whose folder would have to be made inside a plain file: ENOTDIR."""
    (tmp_path / "plain.txt").write_text("not a folder")
    return tmp_path / "plain.txt" / "sub" / name


@pytest.mark.parametrize(("lang", "phrase"), _PATH_THROUGH_A_FILE)
def test_the_calendar_export_says_why_in_the_language(
    main_window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    lang: str, phrase: str,
) -> None:
    target = _through_a_file(tmp_path, "cards.ics")
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    main_window.change_language(lang)
    qtbot.waitUntil(lambda: main_window.language() == lang)
    main_window.show_section("cards")
    page = main_window.page("cards")
    texts: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            texts.append(box.text())
            box.accept()

    poll = QTimer()
    poll.timeout.connect(answer)
    poll.start(20)
    try:
        page.export_calendar()
    finally:
        poll.stop()
    assert len(texts) == 1 and phrase in texts[0], texts
    assert "Not a directory" not in texts[0]


_PATH_THROUGH_A_FILE = [("ru", "часть пути — файл"), ("zh_Hans", "路径中的某一部分是文件")]


def _through_a_file(tmp_path: Path, name: str) -> Path:
    """A path whose folder would have to be made inside a plain file: ENOTDIR."""
    (tmp_path / "plain.txt").write_text("not a folder")
    return tmp_path / "plain.txt" / "sub" / name


@pytest.mark.parametrize(("lang", "phrase"), _PATH_THROUGH_A_FILE)
def test_a_headless_export_says_why_in_the_language(
    ctx: Any, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    lang: str, phrase: str,
) -> None:
    target = _through_a_file(tmp_path, "c.ics")
    rc = main(["--data-dir", str(data_dir), "--lang", lang, "export", "ics", str(target)])
    err = capsys.readouterr().err
    assert rc == 1 and phrase in err and "Not a directory" not in err, err


@pytest.mark.parametrize(("lang", "phrase"), [("ru", "на диске нет места"), ("zh_Hans", "磁盘空间不足")])
def test_a_background_job_reports_a_full_disk_in_the_language(
    qtbot: Any, lang: str, phrase: str
) -> None:
    set_language(lang)

    def write(_progress: Any, _cancelled: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/media/stick/report.pdf")

    job = Job(write)
    with qtbot.waitSignal(job.signals.failed) as blocker:
        job.run()
    # The one runner passes the exception on (a page may tell its kind apart);
    # a page with no better words shows it through failure_text.
    (failed,) = blocker.args
    assert failure_text(failed) == phrase
