"""``companion restore PATH`` where PATH is no file: say so, not "not an archive".

Found attacking issue 18: a mistyped path and a folder were both answered
"This file is not a Travel Card Companion archive", sending the user to
look for a problem with a file that is not there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.cli import main
from companion.i18n import set_language


@pytest.mark.parametrize(("what", "says"), [
    ("missing", "There is no file at"),
    ("folder", "is a folder, not an archive file"),
])
def test_restore_names_a_missing_file_or_a_folder(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], what: str, says: str
) -> None:
    target = tmp_path / ("no-such-backup.zip" if what == "missing" else "a folder")
    if what == "folder":
        target.mkdir()
    code = main(["--data-dir", str(data_dir), "--lang", "en", "restore", str(target)])
    set_language("en")
    err = capsys.readouterr().err
    assert code == 2
    assert says in err and str(target) in err, err
    assert "not a Travel Card Companion archive" not in err
    assert "your data is unchanged" in err


def test_restore_speaks_the_language_asked_for(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``--lang ru`` on an English computer: restore answered in English."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.setenv(name, "en_US.UTF-8" if name != "LANGUAGE" else "en")
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04garbage")
    code = main(["--data-dir", str(data_dir), "--lang", "ru", "restore", str(bad)])
    set_language("en")
    err = capsys.readouterr().err
    assert code == 2
    assert "Ничего не импортировано" in err, err
