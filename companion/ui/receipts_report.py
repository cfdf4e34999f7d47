"""The printable PDF report: totals, a chart per month, then the table.

Why QTextDocument with escaped text: it paginates and repeats nothing by
hand, prints at any paper size, and ``html.escape`` keeps every user-typed
character literal (a note can never become markup). Only QtGui is used, so
the report can be written from a worker thread.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, QUrl
from PySide6.QtGui import (
    QColor,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from companion.domain.money import Money
from companion.domain.receipt_query import ReceiptFilter, ReceiptSort
from companion.i18n import _
from companion.i18n.formatting import format_datetime, format_money
from companion.services.receipts_csv import Cancelled
from companion.store.receipts_repo import ReceiptsRepo, row_to_receipt
from companion.ui.receipts_labels import method_label
from companion.ui.spending_chart import bars_per_currency, paint_chart


def _chart_image(repo: ReceiptsRepo, flt: ReceiptFilter) -> QImage:
    image = QImage(1600, 500, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    font = painter.font()
    font.setPixelSize(22)
    painter.setFont(font)
    chart = bars_per_currency(repo.monthly(flt))
    paint_chart(painter, QRectF(0, 0, 1600, 500), chart, QColor("black"))
    painter.end()
    return image


def write_report(
    repo: ReceiptsRepo,
    target: Path,
    flt: ReceiptFilter,
    sort: ReceiptSort,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    total = repo.count(flt)
    esc = html.escape
    parts = [
        "<h1>{}</h1>".format(esc(_("Top-up receipts"))),
        "<p>{}</p>".format(esc(_("{n} receipts.").format(n=total))),
        "<h2>{}</h2><ul>".format(esc(_("Totals"))),
    ]
    for code, (minor, count) in repo.totals(flt).items():
        parts.append(
            "<li>{}</li>".format(
                esc(
                    _("{amount} in {n} receipts").format(
                        amount=format_money(Money(minor, code)), n=count
                    )
                )
            )
        )
    parts.append("</ul><h2>{}</h2>".format(esc(_("Spending per month"))))
    parts.append('<p><img src="chart://spending" width="640"></p>')
    headers = (
        _("Paid"),
        _("Amount"),
        _("Method"),
        _("Card"),
        _("Plan"),
        _("Reference"),
        _("Place or vendor"),
        _("Notes"),
    )
    parts.append(
        '<table border="1" cellspacing="0" cellpadding="3" width="100%"><thead><tr>'
        + "".join(f"<th>{esc(h)}</th>" for h in headers)
        + "</tr></thead><tbody>"
    )
    for done, row in enumerate(repo.iter_filtered(flt, sort), 1):
        r = row_to_receipt(row)
        cells = (
            format_datetime(r.paid_at, "short"),
            format_money(r.amount),
            method_label(r.method),
            row["card_label"],
            r.plan_name,
            r.reference,
            r.vendor,
            r.notes,
        )
        parts.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr>")
        if done % 500 == 0:
            if cancelled and cancelled():
                raise Cancelled
            if progress:
                progress(done, total * 2)
    parts.append("</tbody></table>")
    doc = QTextDocument()
    doc.setDefaultStyleSheet("th { background: #e8e8e8; } td, th { font-size: 8pt; }")
    doc.addResource(
        QTextDocument.ResourceType.ImageResource, QUrl("chart://spending"), _chart_image(repo, flt)
    )
    doc.setHtml("".join(parts))
    doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, _("Top-up receipts"))
    tmp = target.with_name(target.name + ".part")
    writer = QPdfWriter(str(tmp))
    writer.setTitle(_("Top-up receipts"))
    writer.setCreator("Travel Card Companion")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape,
            QMarginsF(12, 12, 12, 12),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setResolution(150)
    doc.setPageSize(QSizeF(writer.width(), writer.height()))
    if cancelled and cancelled():
        raise Cancelled
    doc.print_(writer)
    del writer
    tmp.replace(target)
    if progress:
        progress(total * 2, total * 2)
    return total
