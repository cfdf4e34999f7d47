"""The zip export names attached files so a person can tell them apart."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot
from receipts_helpers import make_receipt

from companion.services.context import AppContext
from companion.services.receipts import ReceiptsService
from companion.services.receipts_io.receipts_zip import MAX_STEM, readable_stem
from companion.ui.receipts.receipts_page import ReceiptsPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _file(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def test_zip_names_files_by_date_amount_and_original_name(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    service = ReceiptsService(ctx)
    photo = _file(a, "Чек МТС 24.11.pdf", b"%PDF-1.4 photo")
    first_scan = _file(a, "scan.pdf", b"%PDF-1.4 first")
    second_scan = _file(b, "scan.pdf", b"%PDF-1.4 second")  # same name, other content
    hostile = _file(a, "x<b>:*?.pdf", b"%PDF-1.4 hostile")
    service.log(make_receipt(minor=50000, day=24, reference="ONE"), [photo, first_scan])
    service.log(make_receipt(minor=50000, day=24, reference="TWO"), [second_scan, hostile])
    service.log(make_receipt(minor=1234, currency="KWD", day=2, reference="THREE"), [photo])
    page = ReceiptsPage(ctx, lambda _key: None)
    qtbot.addWidget(page)
    page.show()
    target = tmp_path / "all.zip"
    page.export_to(target, "zip")
    qtbot.waitUntil(lambda: page.notice.isVisible(), timeout=20000)
    with zipfile.ZipFile(target) as zf:
        names = sorted(zf.namelist())
        rows = list(csv.DictReader(io.StringIO(zf.read("receipts.csv").decode("utf-8"))))
        contents = {n: zf.read(n) for n in names if n.startswith("attachments/")}
    assert names == [
        "attachments/2026-11-24_500.00-RUB_scan.pdf",
        "attachments/2026-11-24_500.00-RUB_scan_2.pdf",
        "attachments/2026-11-24_500.00-RUB_x_b.pdf",
        "attachments/2026-11-24_500.00-RUB_Чек_МТС_24.11.pdf",
        "receipts.csv",
    ]
    by_reference = {r["reference"]: r["attachments"].split(" ") for r in rows}
    # The CSV keeps the mapping: each receipt lists the names of its own files.
    assert [contents[n] for n in by_reference["ONE"]] == [b"%PDF-1.4 photo", b"%PDF-1.4 first"]
    assert [contents[n] for n in by_reference["TWO"]] == [b"%PDF-1.4 second", b"%PDF-1.4 hostile"]
    # One file shared by two receipts is stored once, under the first receipt's name.
    assert by_reference["THREE"] == ["attachments/2026-11-24_500.00-RUB_Чек_МТС_24.11.pdf"]


@given(st.text(max_size=400))
def test_any_original_name_gives_a_safe_stem(name: str) -> None:
    stem = readable_stem(name)
    assert stem and len(stem) <= MAX_STEM
    assert not any(c in stem for c in '<>:"/\\|?* \t\r\n\x00')
    assert not stem.startswith(".") and stem not in ("..", ".")
