"""The PDF report: Cancel means cancel, huge reports are announced, text is set right."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot
from receipts_helpers import make_receipt

from companion.domain.receipt_query import ReceiptFilter, ReceiptSort
from companion.i18n import set_language
from companion.services.context import AppContext
from companion.services.receipts import ReceiptsService
from companion.services.receipts_read import ReceiptsReader
from companion.store.database import transaction
from companion.store.receipts_repo import ReceiptsRepo
from companion.ui.jobs import runner as background
from companion.ui.receipts import receipts_export, receipts_report, report_layout
from companion.ui.receipts.receipts_page import ReceiptsPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _fill(ctx: AppContext, count: int) -> None:
    receipts = [
        make_receipt(
            minor=10000 + i,
            day=1 + i % 28,
            month=1 + i % 12,
            reference=f"TX{i:06d}",
            notes="Beeline, call +7 (912) 345-67-89" if i % 3 else "",
        )
        for i in range(count)
    ]
    with transaction(ctx.conn):
        ReceiptsRepo(ctx.conn).insert_many(receipts, ctx.now())


def _page(qtbot: QtBot, ctx: AppContext) -> ReceiptsPage:
    page = ReceiptsPage(ctx, lambda _key: None)
    qtbot.addWidget(page)
    page.show()
    return page


def _click_cancel(page: ReceiptsPage) -> None:
    (dialog,) = page.findChildren(QProgressDialog)
    (button,) = dialog.findChildren(QPushButton)
    assert button.text() == "Cancel"
    button.click()


class _PauseAt:
    """Holds the export's worker thread once the progress it reports (what the
    user sees in the progress bar) has passed ``fraction``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, fraction: float) -> None:
        self.reached = threading.Event()
        self.release = threading.Event()
        original_run = background.Job.run

        def hold(done: int, total: int) -> None:
            if done >= total * fraction and not self.reached.is_set():
                self.reached.set()
                self.release.wait(30)

        def run(job: background.Job) -> None:
            job.signals.progress.connect(hold, Qt.ConnectionType.DirectConnection)
            original_run(job)

        monkeypatch.setattr(background.Job, "run", run)


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.91])
def test_cancel_stops_the_pdf_within_a_second_and_leaves_no_file(
    qtbot: QtBot,
    ctx: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fraction: float,
) -> None:
    _fill(ctx, 600)
    pause = _PauseAt(monkeypatch, fraction)
    page = _page(qtbot, ctx)
    target = tmp_path / "report.pdf"
    page.export_to(target, "pdf")
    qtbot.waitUntil(pause.reached.is_set, timeout=30000)
    _click_cancel(page)
    started = time.monotonic()
    pause.release.set()
    qtbot.waitUntil(lambda: "cancelled" in page.notice.text(), timeout=5000)
    assert time.monotonic() - started < 1.0
    assert page.notice.text() == "Export cancelled; nothing was written."
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("report")) == []


def test_a_failed_pdf_leaves_no_partial_file(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(ctx, 200)
    original = ReceiptsRepo.iter_filtered

    def failing(self: ReceiptsRepo, *args: Any) -> Iterator[sqlite3.Row]:
        for i, row in enumerate(original(self, *args)):
            if i == 150:
                raise sqlite3.OperationalError("disk I/O error")
            yield row

    monkeypatch.setattr(ReceiptsRepo, "iter_filtered", failing)
    page = _page(qtbot, ctx)
    page.export_to(tmp_path / "report.pdf", "pdf")
    qtbot.waitUntil(lambda: "failed" in page.notice.text(), timeout=30000)
    assert "disk I/O error" in page.notice.text()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("report")] == []


def test_a_finished_pdf_has_its_pages_and_reports_progress_per_page(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    _fill(ctx, 120)
    page = _page(qtbot, ctx)
    target = tmp_path / "report.pdf"
    seen: list[tuple[int, int]] = []
    page.export_to(target, "pdf")
    page._job_in_progress.signals.progress.connect(lambda d, t: seen.append((d, t)))  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "Exported" in page.notice.text(), timeout=30000)
    assert page.notice.text().startswith("Exported 120 receipts")
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    pages = data.count(b"/Type /Page\n")
    assert pages >= 3
    # The page count the huge-report question would announce is this one.
    estimate = receipts_report.estimate_pages(page.reader, ReceiptFilter(), ReceiptSort())
    assert abs(estimate - pages) <= 1
    assert not target.with_name("report.pdf.part").exists()
    assert seen[-1] == (120, 120)


def test_a_huge_report_is_announced_with_its_page_count(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(ctx, receipts_export.HUGE_REPORT_ROWS + 1)
    page = _page(qtbot, ctx)
    pages = receipts_report.estimate_pages(page.reader, ReceiptFilter(), ReceiptSort())
    assert 100 < pages < 400

    def question() -> QMessageBox:
        qtbot.waitUntil(lambda: bool(page.findChildren(QMessageBox)))
        (box,) = page.findChildren(QMessageBox)
        return box

    def click(box: QMessageBox, text: str) -> None:
        (button,) = [b for b in box.buttons() if b.text().replace("&", "") == text]
        button.click()
        qtbot.waitUntil(lambda: not page.findChildren(QMessageBox))

    target = tmp_path / "report.pdf"
    page.export_to(target, "pdf")
    box = question()
    assert box.text() == (
        f"This report will have about {pages} pages. Export CSV instead, or continue?"
    )
    click(box, "Cancel")
    assert not hasattr(page, "_job_in_progress") and not target.exists()

    csv = tmp_path / "chosen.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(csv), ""))
    page.export_to(target, "pdf")
    click(question(), "Export CSV instead")
    qtbot.waitUntil(lambda: "Exported" in page.notice.text(), timeout=30000)
    assert len(csv.read_text("utf-8").splitlines()) == receipts_export.HUGE_REPORT_ROWS + 2
    assert not target.exists()

    page.export_to(target, "pdf")
    click(question(), "Continue with PDF")
    qtbot.waitUntil(lambda: bool(page.findChildren(QProgressDialog)))
    _click_cancel(page)
    qtbot.waitUntil(lambda: "cancelled" in page.notice.text(), timeout=30000)
    assert not target.exists()


@pytest.mark.parametrize(
    ("language", "one", "two", "five"),
    [
        ("en", "in 1 receipt", "in 2 receipts", "in 5 receipts"),
        ("ru", "в 1 чеке", "в 2 чеках", "в 5 чеках"),
    ],
)
def test_totals_say_receipt_or_receipts(
    ctx: AppContext, language: str, one: str, two: str, five: str
) -> None:
    service = ReceiptsService(ctx)
    service.log(make_receipt(currency="CNY", minor=6660))
    for _i in range(2):
        service.log(make_receipt(currency="EUR"))
    for _i in range(5):
        service.log(make_receipt(currency="RUB"))
    set_language(language)
    lines = report_layout.totals_lines(ReceiptsReader(ctx.conn), ReceiptFilter())
    assert one in lines[0] and two in lines[1] and five in lines[2]


def test_simplified_chinese_is_set_in_a_simplified_chinese_font() -> None:
    both = ["DejaVu Sans", "Noto Sans CJK JP", "Noto Sans CJK SC", "Noto Sans CJK KR"]
    choose = report_layout.report_font_families
    assert choose("zh_Hans", both, "DejaVu Sans") == ["Noto Sans CJK SC", "DejaVu Sans"]
    # Chinese typed into an English or Russian report still gets Simplified shapes.
    assert choose("en", both, "DejaVu Sans") == ["DejaVu Sans", "Noto Sans CJK SC"]
    assert choose("zh_Hans", ["Noto Sans CJK JP", "WenQuanYi Zen Hei"], "X") == [
        "WenQuanYi Zen Hei",
        "X",
    ]
    # Only a Japanese font: nothing better to ask for than Qt's own fallback.
    assert choose("zh_Hans", ["Noto Sans CJK JP"], "X") == ["X"]


@pytest.mark.parametrize(
    "phone", ["+7 (912) 345-67-89", "8 800 555-35-35", "+7 912 345 67 89", "+86 138 0013 8000"]
)
def test_phone_numbers_are_never_broken_across_lines(qapp: object, phone: str) -> None:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = report_layout.new_report_writer(buffer)
    g = report_layout.ReportGeometry.of(writer)
    text = f"Topped up at the kiosk, the seller said to call {phone} if the money is late"
    for _left, width in g.columns:
        lines = report_layout.wrap_cell(text, g.body, writer, width - 2 * g.pad)
        assert len(lines) > 1
        shown = [line.replace("\u00a0", " ") for line in lines]
        assert any(phone in line for line in shown), (width, shown)
        assert " ".join(shown).replace("  ", " ") == text


def test_a_long_note_is_cut_visibly(qapp: object) -> None:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = report_layout.new_report_writer(buffer)
    g = report_layout.ReportGeometry.of(writer)
    lines = report_layout.wrap_cell("слово " * 2000, g.body, writer, 300)
    assert len(lines) == report_layout.MAX_CELL_LINES
    assert lines[-1].endswith("…")
