"""Printing, PDF and content-pack actions of the Guide page.

Kept apart from the reader so that the print and zip machinery is imported
only when a user prints or imports a pack, not at start-up. The dialogs are
imported where they open for the same reason: QMessageBox alone costs 3 ms
of enum set-up before the first window.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QTextBrowser, QWidget

from companion.i18n import _
from companion.services import guide_content
from companion.services.context import AppContext


class GuidePageActions:
    """Mixed into GuidePage, which provides the attributes declared here."""

    ctx: AppContext
    browser: QTextBrowser
    reload: Callable[[], None]
    show_status: Callable[[str], None]

    def _as_widget(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self

    # ----- printing -----------------------------------------------------------
    def print_page(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self._as_widget())
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.browser.document().print_(printer)

    def save_pdf(self, path: str | None = None) -> Path | None:
        if path is None:
            from PySide6.QtWidgets import QFileDialog

            path, _filter = QFileDialog.getSaveFileName(
                self._as_widget(), _("Save as PDF"), str(Path.home() / "guide.pdf"), _("PDF files (*.pdf)")
            )
        if not path:
            return None
        from PySide6.QtPrintSupport import QPrinter

        target = Path(path).with_suffix(".pdf")
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        self.browser.document().print_(printer)
        self.show_status(_("Saved {path}").format(path=target))
        return target

    # ----- content packs ------------------------------------------------------
    def choose_pack(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from companion.ui.widgets import literal_text

        path, _filter = QFileDialog.getOpenFileName(
            self._as_widget(), _("Import a content pack"), str(Path.home()), _("Guide content packs (*.zip)")
        )
        if path:
            message, ok = self.import_pack_file(Path(path))
            show = literal_text.inform if ok else literal_text.warn
            show(self._as_widget(), _("Content pack"), message)

    def import_pack_file(self, path: Path) -> tuple[str, bool]:
        """Import and switch to a pack; returns the message for the user."""
        from companion.guide.packs import PackError

        try:
            installed = guide_content.import_pack(self.ctx, path)
        except PackError as exc:
            return str(exc), False
        self.reload()
        return _("The guide was updated to version {version} ({date}).").format(
            version=installed.info.version, date=installed.info.date
        ), True

    def revert_pack(self, confirm: bool = True) -> bool:
        if confirm:
            from PySide6.QtWidgets import QMessageBox

            answer = QMessageBox.question(
                self._as_widget(),
                _("Content pack"),
                _("Remove the imported content pack and go back to the bundled guide?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        guide_content.revert_to_bundled(self.ctx)
        self.reload()
        self.show_status(_("Back to the bundled guide."))
        return True
