"""The Settings section: language, currency, reminder defaults, desktop switches.

Every change is saved at once (no Apply button), the way desktop preference
panes behave, and the language is applied without a restart.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from companion.desktop.autostart import Autostart, default_autostart
from companion.desktop.scheduler import ReminderSchedule
from companion.i18n import LANGUAGE_NAMES, LANGUAGES, _, current_language, ngettext
from companion.i18n.formatting import currency_name, format_number
from companion.i18n.os_errors import os_error_text
from companion.paths import custom_data_dir
from companion.services.context import AppContext
from companion.ui.widgets.screen_fit import FormScroll

#: Currencies offered first; any other ISO 4217 code can be typed.
COMMON_CURRENCIES: tuple[str, ...] = ("RUB", "USD", "EUR", "CNY", "KZT", "BYN", "GBP", "TRY", "AED")
LEAD_CHOICES: tuple[int, ...] = (14, 7, 3, 2, 1, 0)


class SettingsPage(QWidget):
    def __init__(self, ctx: AppContext, navigate: Callable[[str], None]) -> None:
        super().__init__()
        self.ctx = ctx
        self._navigate = navigate
        settings = ctx.settings.load()

        outer = QVBoxLayout(self)
        body = QWidget()
        layout = QVBoxLayout(body)
        # Up and down only: the page is as wide as its widest row, so the
        # window cannot be made narrow enough to cut "Импорт…" at the edge.
        outer.addWidget(FormScroll(body))

        general = QGroupBox(_("General"))
        form = QFormLayout(general)
        self.language_box = QComboBox()
        self.language_box.setAccessibleName(_("Language"))
        for lang in LANGUAGES:
            self.language_box.addItem(LANGUAGE_NAMES[lang], lang)
        self.language_box.setCurrentIndex(LANGUAGES.index(current_language()))
        self.language_box.currentIndexChanged.connect(self._language_chosen)
        form.addRow(_("&Language:"), self.language_box)

        self.currency_box = QComboBox()
        self.currency_box.setAccessibleName(_("Default currency"))
        codes = list(COMMON_CURRENCIES)
        if settings.default_currency not in codes:
            codes.insert(0, settings.default_currency)
        for code in codes:
            self.currency_box.addItem(f"{code} — {currency_name(code)}", code)
        self.currency_box.setCurrentIndex(codes.index(settings.default_currency))
        self.currency_box.currentIndexChanged.connect(self._save)
        form.addRow(_("Default &currency:"), self.currency_box)

        self.appearance_box = QComboBox()
        self.appearance_box.setAccessibleName(_("Appearance"))
        for key, text in (
            ("system", _("Follow the system")),
            ("light", _("Light")),
            ("dark", _("Dark")),
        ):
            self.appearance_box.addItem(text, key)
        found = self.appearance_box.findData(settings.appearance)
        self.appearance_box.setCurrentIndex(max(found, 0))
        self.appearance_box.currentIndexChanged.connect(self._appearance_chosen)
        form.addRow(_("&Appearance:"), self.appearance_box)
        layout.addWidget(general)

        reminders = QGroupBox(_("Reminders"))
        rform = QFormLayout(reminders)
        # Three to a row: six in one row are wider than the page at the default
        # 1000×680 window in English, and Settings scrolled sideways.
        leads_grid = QGridLayout()
        self.lead_boxes: dict[int, QCheckBox] = {}
        for index, days in enumerate(LEAD_CHOICES):
            text = (
                _("On the day")
                if days == 0
                else ngettext("{n} day before", "{n} days before", days).format(
                    n=format_number(days)
                )
            )
            box = QCheckBox(text)
            box.setChecked(days in settings.reminder_lead_days)
            box.toggled.connect(self._save)
            self.lead_boxes[days] = box
            leads_grid.addWidget(box, index // 3, index % 3)
        leads_grid.setColumnStretch(3, 1)
        rform.addRow(_("Remind me:"), leads_grid)
        self.time_edit = QTimeEdit(QTime.fromString(settings.reminder_time, "HH:mm"))
        self.time_edit.setDisplayFormat("HH:mm")
        self.time_edit.setAccessibleName(_("Reminder time of day"))
        self.time_edit.timeChanged.connect(self._save)
        rform.addRow(_("At &time of day:"), self.time_edit)
        hint = QLabel(_("Every card that uses Settings follows these reminders; a card can "
                        "choose its own in its editor."))
        hint.setWordWrap(True)
        hint.setTextFormat(Qt.TextFormat.PlainText)
        rform.addRow(hint)
        layout.addWidget(reminders)

        desktop = QGroupBox(_("Desktop"))
        dform = QVBoxLayout(desktop)
        self.login_box = QCheckBox(_("&Start at login, minimized to the tray"))
        self.login_box.setChecked(settings.start_at_login)
        self.login_box.toggled.connect(self._save)
        self.tray_box = QCheckBox(_("Closing the &window keeps the app running in the tray"))
        self.tray_box.setChecked(settings.close_to_tray)
        self.tray_box.toggled.connect(self._save)
        self.closed_box = QCheckBox(_("Remind me &even when the app is closed"))
        self.closed_box.setToolTip(
            _("Checks every 30 minutes and at login, through the system's own scheduler, "
              "and shows due reminders as desktop notifications.")
        )
        self.closed_box.setChecked(self._schedule_state())
        self.closed_box.toggled.connect(self._closed_toggled)
        dform.addWidget(self.login_box)
        dform.addWidget(self.tray_box)
        dform.addWidget(self.closed_box)
        layout.addWidget(desktop)

        from companion.ui.settings.data_group import DataGroup

        self.data_group = DataGroup(ctx)
        layout.addWidget(self.data_group)

        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def _language_chosen(self, index: int) -> None:
        lang = self.language_box.itemData(index)
        window = self.window()
        changer = getattr(window, "change_language", None)
        if callable(changer):
            changer(lang)

    def _appearance_chosen(self, _index: int) -> None:
        from companion.ui.qt_runtime.appearance import apply_appearance

        self._save()
        apply_appearance(str(self.appearance_box.currentData()))

    def _save(self) -> None:
        settings = self.ctx.settings.load()
        settings.default_currency = str(self.currency_box.currentData())
        leads = tuple(d for d, box in self.lead_boxes.items() if box.isChecked())
        settings.reminder_lead_days = leads
        settings.reminder_time = self.time_edit.time().toString("HH:mm")
        changed_login = settings.start_at_login != self.login_box.isChecked()
        settings.start_at_login = self.login_box.isChecked()
        settings.close_to_tray = self.tray_box.isChecked()
        settings.appearance = str(self.appearance_box.currentData())
        if changed_login:
            # Cards feature: write or remove the platform's login entry.
            try:
                self.autostart().set_enabled(settings.start_at_login)
            except OSError as exc:
                self.status.setText(
                    _("Could not change start at login: {reason}").format(reason=os_error_text(exc))
                )
                self.login_box.blockSignals(True)
                self.login_box.setChecked(not self.login_box.isChecked())
                self.login_box.blockSignals(False)
                return
        old = self.ctx.settings.load()
        self.ctx.settings.save(settings)
        if (old.reminder_lead_days, old.reminder_time) != (leads, settings.reminder_time):
            # Cards that follow Settings are re-planned now, not at the next check.
            from companion.services.reminders import sync_all

            sync_all(self.ctx)
        self.status.setText(_("Saved."))

    def _schedule_state(self) -> bool:
        try:
            return self.reminder_schedule().is_enabled()
        except OSError:
            return False

    def _closed_toggled(self, on: bool) -> None:
        """Register or remove the scheduled reminder run; the files are the state."""
        schedule = self.reminder_schedule()
        try:
            if on and not schedule.enable():
                schedule.disable()
                self._undo_toggle(self.closed_box)
                self.status.setText(
                    _("The system's scheduler did not accept the reminder task; nothing was changed.")
                )
                return
            if not on:
                schedule.disable()
        except OSError as exc:
            self._undo_toggle(self.closed_box)
            self.status.setText(
                _("Could not change reminders while closed: {reason}").format(
                    reason=os_error_text(exc))
            )
            return
        self.status.setText(
            _("Reminders will reach you every 30 minutes while the app is closed.")
            if on else _("Reminders now come only while the app is running.")
        )

    @staticmethod
    def _undo_toggle(box: QCheckBox) -> None:
        box.blockSignals(True)
        box.setChecked(not box.isChecked())
        box.blockSignals(False)

    def reminder_schedule(self) -> ReminderSchedule:
        """Replaced in tests so they never write into the real home."""
        from companion.ui.reminders.closed_reminders import schedule_for

        return schedule_for(self.ctx)

    def autostart(self) -> Autostart:
        """Replaced in tests so they never write into the real home."""
        return default_autostart(custom_data_dir(self.ctx.paths))
