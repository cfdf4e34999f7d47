"""Thumbnails of a receipt's files, with picker, drag and drop and paste.

Why thumbnails are read with QImageReader at a reduced size: a phone photo
is 12 megapixels; decoding it fully for an 96-pixel tile would stall the form.
A missing or unreadable file shows a warning tile instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMimeData, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QIcon,
    QImage,
    QImageReader,
    QKeySequence,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from companion.i18n import _
from companion.services import scratch
from companion.services.receipt_attachments import (
    ALLOWED_EXTENSIONS,
    MAX_ATTACHMENT_BYTES,
    AttachedFiles,
    Attachment,
    FileState,
)
from companion.ui.widgets import literal_text
from companion.ui.widgets.field_error import ERROR_STYLE

THUMB = QSize(96, 96)


@dataclass
class _Entry:
    path: Path
    attachment: Attachment | None  # None: a new file not stored yet
    problem: str = ""


def thumbnail(path: Path, size: QSize = THUMB) -> QImage | None:
    reader = QImageReader(str(path))
    if not reader.canRead():
        return None
    original = reader.size()
    if original.isValid():
        reader.setScaledSize(original.scaled(size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return None if image.isNull() else image


class AttachmentsPanel(QWidget):
    changed = Signal()

    def __init__(self, store: AttachedFiles, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._entries: list[_Entry] = []
        self._scratch: Path | None = None
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(THUMB)
        self.list.setGridSize(QSize(THUMB.width() + 24, THUMB.height() + 36))
        self.list.setMinimumHeight(THUMB.height() + 48)
        self.list.setMaximumHeight(THUMB.height() + 60)
        self.list.setAccessibleName(_("Attached files"))
        self.list.setAcceptDrops(False)
        self.list.itemActivated.connect(self._open_item)
        layout.addWidget(self.list)
        self.hint = QLabel(_("Drop photos or PDFs here, or paste with Ctrl+V."))
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.problem_label = QLabel()
        self.problem_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(ERROR_STYLE)
        self.problem_label.hide()
        buttons = QGridLayout()
        self.add_button = QPushButton(_("Attach &file…"))
        self.add_button.clicked.connect(self.pick_files)
        self.paste_button = QPushButton(_("Pas&te"))
        self.paste_button.setToolTip(_("Paste an image or file from the clipboard"))
        self.paste_button.clicked.connect(self.paste)
        self.open_button = QPushButton(_("Open with system viewer"))
        self.open_button.clicked.connect(self.open_external)
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.clicked.connect(self.remove_selected)
        # Two rows of two: one row of four is wider than the receipt dialog
        # in Russian ("Открыть в системной программе просмотра").
        for index, button in enumerate(
            (self.add_button, self.paste_button, self.open_button, self.remove_button)
        ):
            buttons.addWidget(button, index // 2, index % 2)
        buttons.setColumnStretch(2, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)
        layout.addWidget(self.problem_label)
        paste = QShortcut(QKeySequence.StandardKey.Paste, self.list)
        paste.activated.connect(self.paste)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.list)
        delete.activated.connect(self.remove_selected)

    # ----- contents --------------------------------------------------------------
    def set_existing(self, attachments: list[Attachment]) -> None:
        self._entries = []
        for att in attachments:
            state = self._store.check(att)
            problem = "" if state is FileState.OK else self._problem_text(state)
            self._entries.append(_Entry(self._store.path_of(att), att, problem))
        self._rebuild()

    def existing_ids(self) -> list[int]:
        return [e.attachment.id for e in self._entries if e.attachment is not None]

    def new_paths(self) -> list[Path]:
        return [e.path for e in self._entries if e.attachment is None]

    def add_paths(self, paths: list[Path]) -> list[str]:
        """Add files; returns the reasons for any that were refused."""
        refused: list[str] = []
        known = {e.path for e in self._entries}
        for path in paths:
            ext = path.suffix.lower().lstrip(".")
            if ext not in ALLOWED_EXTENSIONS:
                refused.append(
                    _("{name}: only photos, PDFs and text files can be attached.").format(
                        name=path.name
                    )
                )
                continue
            try:
                size = path.stat().st_size
            except OSError:
                refused.append(_("{name}: the file cannot be read.").format(name=path.name))
                continue
            if size > MAX_ATTACHMENT_BYTES:
                refused.append(_("{name}: the file is larger than 50 MB.").format(name=path.name))
                continue
            if path not in known:
                self._entries.append(_Entry(path, None))
                known.add(path)
        self._rebuild()
        self._show_problems(refused)
        self.changed.emit()
        return refused

    def _problem_text(self, state: FileState) -> str:
        if state is FileState.MISSING:
            return _("The file is missing from the data folder.")
        return _("The file cannot be read.")

    def _show_problems(self, problems: list[str]) -> None:
        self.problem_label.setText("\n".join(problems))
        self.problem_label.setVisible(bool(problems))

    def _rebuild(self) -> None:
        self.list.clear()
        warn = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        doc = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        for number, entry in enumerate(self._entries):
            name = entry.attachment.original_name if entry.attachment else entry.path.name
            if entry.problem:
                icon = warn
                tip = f"{name}\n{entry.problem}"
            else:
                image = thumbnail(entry.path) if entry.path.suffix.lower() != ".pdf" else None
                icon = QIcon(QPixmap.fromImage(image)) if image is not None else doc
                tip = name
            item = QListWidgetItem(icon, name if len(name) < 18 else name[:15] + "…")
            item.setToolTip(literal_text.tip(tip))
            item.setData(Qt.ItemDataRole.UserRole, number)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, name)
            self.list.addItem(item)
        problems = [
            f"{e.attachment.original_name if e.attachment else e.path.name}: {e.problem}"
            for e in self._entries
            if e.problem
        ]
        self._show_problems(problems)

    # ----- actions ---------------------------------------------------------------
    def pick_files(self) -> None:
        patterns = " ".join(f"*.{ext}" for ext in sorted(ALLOWED_EXTENSIONS))
        files, _filter = QFileDialog.getOpenFileNames(
            self,
            _("Attach receipt files"),
            "",
            _("Photos and PDFs ({patterns})").format(patterns=patterns),
        )
        self.add_paths([Path(f) for f in files])

    def add_mime(self, mime: QMimeData) -> bool:
        if mime.hasUrls():
            paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
            if paths:
                self.add_paths(paths)
                return True
        if mime.hasImage():
            image = mime.imageData()
            if isinstance(image, QImage) and not image.isNull():
                if self._scratch is None:
                    # Pasted images wait here until the receipt is saved (and
                    # copied into the data folder); removed with the panel.
                    self._scratch = scratch.make_folder("tcc-paste-")
                    folder = self._scratch
                    self.destroyed.connect(lambda: scratch.remove_folder(folder))
                target = self._scratch / f"pasted-{len(self._entries) + 1}.png"
                image.save(str(target))
                self.add_paths([target])
                return True
        return False

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not self.add_mime(mime):
            self._show_problems([_("The clipboard holds no image or file.")])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.add_mime(event.mimeData()):
            event.acceptProposedAction()

    def _selected(self) -> _Entry | None:
        item = self.list.currentItem()
        if item is None:
            return None
        return self._entries[int(item.data(Qt.ItemDataRole.UserRole))]

    def remove_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        del self._entries[int(item.data(Qt.ItemDataRole.UserRole))]
        self._rebuild()
        self.changed.emit()

    def open_external(self) -> None:
        entry = self._selected()
        if entry is not None and not entry.problem:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(entry.path)))

    def _open_item(self, item: QListWidgetItem) -> None:
        entry = self._entries[int(item.data(Qt.ItemDataRole.UserRole))]
        if entry.problem:
            return
        if entry.path.suffix.lower() == ".pdf" or thumbnail(entry.path) is None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(entry.path)))
            return
        from companion.ui.receipts.image_viewer import ImageViewer

        ImageViewer(entry.path, self).exec()
