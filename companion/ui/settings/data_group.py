"""Settings → "Data and backups": the backup list, back up, restore (with
undo), export everything and import.

Why every action asks first and says what it will do: restoring or importing
replaces the user's data. The current data is always kept as a backup first,
and the undo button puts it back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from companion.i18n import _
from companion.i18n.counts import cards_count, receipts_count
from companion.i18n.formatting import format_number
from companion.i18n.os_errors import os_error_text
from companion.services.context import AppContext
from companion.services.data_safety import backup_jobs
from companion.services.data_safety.archive import (
    ArchiveNotWritten,
    archive_name,
    inspect_archive,
)
from companion.services.data_safety.archive_checks import ArchiveRejected
from companion.services.data_safety.backup_list import (
    BackupContents,
    BackupError,
    BackupInfo,
    BackupRow,
    backup_rows,
    checked_contents,
    find_backup,
    list_backups,
)
from companion.services.data_safety.storage_messages import Fault, fault_of, storage_message
from companion.services.job_control import CancelCheck, Progress
from companion.ui.jobs.runner import Job, JobFn, progress_dialog, start
from companion.ui.settings.backup_labels import (
    column_titles,
    count_cells,
    format_size,
    kind_label,
    local_time,
)
from companion.ui.settings.daily_backup_line import DailyBackupLine
from companion.ui.widgets.screen_reader import caption_display, without_mnemonic

UNDO_KEY = "safety.undo_backup"


class DataGroup(QGroupBox):
    def __init__(self, ctx: AppContext, reload: Callable[[], None] | None = None) -> None:
        super().__init__(_("Data and backups"))
        self.ctx = ctx
        self._reload = reload or self._reload_window
        self.job: Job | None = None
        self._job_window: QWidget | None = None

        layout = QVBoxLayout(self)
        where = QLabel(_("Your data is kept in: {path}").format(path=ctx.paths.root))
        where.setTextFormat(Qt.TextFormat.PlainText)
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(where)
        self.daily_line = DailyBackupLine(ctx)
        layout.addWidget(self.daily_line)

        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(column_titles())
        self.table.setAccessibleName(_("Backups"))
        self.table.setMinimumHeight(140)
        layout.addWidget(self.table)

        # Two rows: in one, the five buttons are wider than the page at the
        # default 1000×680 window in Russian, and Settings scrolled sideways.
        row = QHBoxLayout()
        self.backup_button = self._button(row, _("&Back up now"), self.back_up_now)
        self.restore_button = self._button(row, _("&Restore…"), self.restore_selected)
        self.undo_button = self._button(row, _("&Undo last restore"), self.undo_restore)
        row.addStretch(1)
        layout.addLayout(row)
        moving = QHBoxLayout()
        self.export_button = self._button(moving, _("E&xport everything…"), self.export_everything)
        self.import_button = self._button(moving, _("I&mport…"), self.import_chosen)
        moving.addStretch(1)
        layout.addLayout(moving)
        QShortcut(QKeySequence("Ctrl+Shift+B"), self, self.back_up_now)

        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        caption_display(self.status, _("Backup status"))
        layout.addWidget(self.status)
        self.refresh()

    def _reload_window(self) -> None:
        window = self.window() if self._alive() else self._job_window
        reloader = getattr(window, "reload_pages", None)
        if callable(reloader):
            reloader()

    def _button(self, row: QHBoxLayout, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(without_mnemonic(text))
        button.clicked.connect(lambda _checked=False: slot())
        row.addWidget(button)
        return button

    # ----- state ------------------------------------------------------------
    def refresh(self) -> None:
        self.table.clear()
        for row in backup_rows(self.ctx.paths):
            item = QTreeWidgetItem(backup_row(row))
            item.setData(0, Qt.ItemDataRole.UserRole, str(row.info.path))
            for column in range(2, 6):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
            self.table.addTopLevelItem(item)
        first = self.table.topLevelItem(0)
        if first is not None:
            self.table.setCurrentItem(first)
        for column in range(self.table.columnCount()):
            self.table.resizeColumnToContents(column)
        self.undo_button.setEnabled(self._undo_path() is not None)
        self.restore_button.setEnabled(self.table.topLevelItemCount() > 0)
        self.daily_line.refresh()

    def backups(self) -> list[BackupInfo]:
        return list_backups(self.ctx.paths)

    def selected_backup(self) -> BackupInfo | None:
        item = self.table.currentItem()
        if item is None:
            return None
        return find_backup(self.ctx.paths, Path(str(item.data(0, Qt.ItemDataRole.UserRole))))

    def _undo_path(self) -> Path | None:
        raw = self.ctx.settings.get_raw(UNDO_KEY)
        if isinstance(raw, str) and Path(raw).is_file():
            return Path(raw)
        return None

    def busy(self) -> bool:
        return self.job is not None

    # ----- asking (overridable in tests) ----------------------------------------
    def confirm(self, title: str, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def tell(self, text: str) -> None:
        self.status.setText(text)
        box = QMessageBox(QMessageBox.Icon.Warning, _("Data and backups"), text, parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()

    def ask_save_path(self, suggested: Path) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Export everything"), str(suggested), _("Archives (*.zip)")
        )
        return Path(name) if name else None

    def ask_open_path(self) -> Path | None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Import an archive"), "", _("Archives (*.zip)")
        )
        return Path(name) if name else None

    # ----- actions --------------------------------------------------------------
    def back_up_now(self) -> None:
        paths, now = self.ctx.paths, self.ctx.now()

        def job(_p: Progress, _c: CancelCheck) -> object:
            return backup_jobs.back_up(paths, now)

        self._run(job, _("Backing up…"), lambda _r: _("Backup saved."))

    def restore_selected(self) -> None:
        backup = self.selected_backup()
        if backup is None:
            self.status.setText(_("Choose a backup in the list first."))
            return
        try:
            contents = checked_contents(self.ctx.paths, backup)
        except BackupError as exc:
            self.tell(_("This backup cannot be used: {detail}").format(detail=exc))
            return
        text = restore_question(local_time(backup.created), contents)
        if self.confirm(_("Restore a backup"), text):
            self._restore(backup.path, _("Backup restored. You can undo this."))

    def undo_restore(self) -> None:
        path = self._undo_path()
        if path is None:
            return
        if self.confirm(
            _("Undo last restore"), _("Put back the data as it was before the last restore?")
        ):
            self._restore(path, _("The restore was undone."))

    def restore_file(self, source: Path) -> None:
        """Restore ``source`` without asking again (the caller asked)."""
        self._restore(source, _("Backup restored. You can undo this."))

    def _restore(self, source: Path, done_text: str) -> None:
        paths, now = self.ctx.paths, self.ctx.now()

        def job(_p: Progress, _c: CancelCheck) -> object:
            return backup_jobs.restore(paths, source, now)

        self._run(job, _("Restoring…"), lambda _r: done_text, remember_undo=True)

    def export_everything(self) -> None:
        target = self.ask_save_path(Path.home() / archive_name(self.ctx.now()))
        if target is None:
            return
        self.export_to(target)

    def export_to(self, target: Path) -> None:
        paths, now = self.ctx.paths, self.ctx.now()

        def job(progress: Progress, cancelled: CancelCheck) -> object:
            backup_jobs.export_everything(paths, target, now, progress, cancelled)
            return None

        self._run(
            job,
            _("Exporting…"),
            lambda _r: _("Everything was exported to {path}").format(path=target),
        )

    def import_chosen(self) -> None:
        source = self.ask_open_path()
        if source is not None:
            self.import_file(source)

    def import_file(self, source: Path) -> None:
        """Check, confirm and import an archive (also used when a second launch
        hands a file over)."""
        if self.busy():
            return
        try:
            preview = inspect_archive(self.ctx.paths, source)
        except ArchiveRejected as exc:
            self.tell(str(exc))
            return
        except OSError as exc:
            self.tell(_("The import failed: {detail}").format(detail=os_error_text(exc)))
            return
        text = _(
            "Import the archive from {date}?\n\nIt holds {cards} and {receipts} and "
            "replaces your current data, which will be kept as a backup first, so you can "
            "undo this."
        ).format(
            date=local_time(preview.created),
            cards=cards_count(preview.cards),
            receipts=receipts_count(preview.receipts),
        )
        if not self.confirm(_("Import an archive"), text):
            return
        paths, now = self.ctx.paths, self.ctx.now()

        def job(progress: Progress, cancelled: CancelCheck) -> object:
            return backup_jobs.import_everything(paths, source, now, progress, cancelled)

        self._run(
            job, _("Importing…"), lambda _r: _("The archive was imported."), remember_undo=True
        )

    # ----- running a job ----------------------------------------------------------
    def _run(
        self,
        fn: JobFn,
        label: str,
        done_text: Callable[[object], str],
        remember_undo: bool = False,
    ) -> None:
        if self.busy():
            return
        job = Job(fn)
        progress_dialog(job, self, label, _("Data and backups"))
        job.signals.done.connect(lambda result: self._finished(result, done_text, remember_undo))
        job.signals.failed.connect(self._failed)
        job.signals.cancelled.connect(self._cancelled)
        self.job = job
        # Kept for a job that outlives this group (see _alive).
        self._job_window = self.window()
        self._set_working(True)
        start(job)

    def _set_working(self, working: bool) -> None:
        """Only the actions wait while a job runs: disabling the whole group
        disabled its progress dialog too (a child), and so its Cancel button.
        Restore and Undo are enabled again by ``refresh`` when they apply."""
        for widget in (self.backup_button, self.export_button, self.import_button, self.table):
            widget.setEnabled(not working)
        if working:
            self.restore_button.setEnabled(False)
            self.undo_button.setEnabled(False)

    def _alive(self) -> bool:
        """False once Qt has deleted this group: a restore rebuilds every page,
        and a job started from the old page may finish after it is gone."""
        return shiboken6.isValid(self)

    def _end_job(self) -> None:
        self.job = None
        self._set_working(False)

    def _finished(
        self, result: object, done_text: Callable[[object], str], remember_undo: bool
    ) -> None:
        if remember_undo and isinstance(result, BackupInfo):
            self.ctx.settings.set_raw(UNDO_KEY, str(result.path))
        if not self._alive():
            if remember_undo:
                self._reload()
            return
        self._end_job()
        self.status.setText(done_text(result))
        self.refresh()
        if remember_undo:
            self._reload()

    def _cancelled(self) -> None:
        if not self._alive():
            return
        self._end_job()
        self.refresh()
        self.status.setText(_("Cancelled. Nothing was changed."))

    def _failed(self, exc: object) -> None:
        if not self._alive():
            return
        self._end_job()
        self.refresh()
        if isinstance(exc, ArchiveRejected):
            self.tell(str(exc))
        elif isinstance(exc, ArchiveNotWritten):  # the chosen disk, not the data folder
            self.tell(_("Could not write the archive {path}: {detail}").format(
                path=exc.target, detail=os_error_text(exc)
            ))
        elif isinstance(exc, OSError) and fault_of(exc) in (Fault.DISK_FULL, Fault.READ_ONLY):
            self.tell(storage_message(exc, self.ctx.paths.database))
        elif isinstance(exc, OSError):  # often the chosen file, not the data folder
            self.tell(_("It could not be done: {detail}").format(detail=os_error_text(exc)))
        elif isinstance(exc, BaseException) and fault_of(exc) is not Fault.BUG:
            self.tell(storage_message(exc, self.ctx.paths.database))
        else:
            self.tell(_("It could not be done: {detail}").format(detail=exc))


def backup_row(row: BackupRow) -> list[str]:
    """Date, kind, cards, receipts, attached files and size of one backup."""
    head = [local_time(row.info.created), kind_label(row.info)]
    if row.contents is None:
        return [*head, _("unreadable"), "", "", format_size(row.info.size)]
    return [*head, *count_cells(row.contents)]


def restore_question(date: str, contents: BackupContents) -> str:
    """What a restore will bring back, in numbers read from the backup."""
    text = _(
        "Restore the backup from {date}?\n\nCards: {cards}. Receipts: {receipts}. "
        "Attached files: {files}.\n\nYour current data will be kept as a backup "
        "first, so you can undo this."
    ).format(
        date=date,
        cards=format_number(contents.cards),
        receipts=format_number(contents.receipts),
        files=format_number(contents.attachments),
    )
    if contents.missing:
        text += "\n\n" + _(
            "Files missing from this backup: {missing}. The receipts that used them "
            "come back without them."
        ).format(missing=format_number(contents.missing))
    return text


def data_group_for(window: QWidget) -> DataGroup | None:
    return window.findChild(DataGroup)
