"""The Guide's "Import a content pack…" tells a refusal in the window's
language, as plain text, in one sentence of the catalog (the words
themselves are tested kind by kind in test_guide_pack_refusal_words)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import catalog_sentences
import pytest
from fuzz.pack_fuzz import bundled_files
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from companion.i18n import set_language
from companion.services import guide_content

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _read_next_box(seen: list[tuple[Any, str, str]]) -> None:
    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append((box.textFormat(), box.windowTitle(), box.text()))
        box.done(int(QMessageBox.StandardButton.Ok))

    QTimer.singleShot(0, answer)


@pytest.mark.parametrize("lang", ["ru", "zh_Hans"])
def test_the_guide_tells_a_refused_pack_in_the_window_language(
    main_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    import zipfile

    files = bundled_files()
    files["ru/esim.md"] = files["ru/esim.md"].replace(b"\n## ", b"\n<b>x</b>\n\n## ", 1)
    path = tmp_path / "pack.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), ""))
    )
    set_language(lang)
    main_window.show_section("guide")
    seen: list[tuple[Any, str, str]] = []
    _read_next_box(seen)
    main_window.page("guide").choose_pack()
    ((fmt, title, text),) = seen
    assert fmt == Qt.TextFormat.PlainText
    assert catalog_sentences.problem(title, lang) is None
    assert catalog_sentences.problem(text, lang) is None, text
    found = catalog_sentences.match(text, lang)
    assert found == ("The page {name} has raw HTML, which is not allowed.", {"name": "ru/esim.md"})
    assert main_window.ctx.settings.get_raw(guide_content.ACTIVE_PACK_KEY) is None
