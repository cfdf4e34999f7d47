"""Offering "Remind me even when the app is closed" when it first matters.

Why offer it at the first card with an expiry: that is the moment the user
has something to be reminded of, and the one setting that makes reminders
reach them with the window closed is otherwise two pages away. Asked once
(the answer is remembered), never blocking the window, No by default.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from companion.desktop.scheduler import ReminderSchedule, default_schedule
from companion.domain.card import Card
from companion.i18n import _
from companion.paths import custom_data_dir
from companion.services.context import AppContext

OFFERED_KEY = "desktop.closed_reminders_offered"


def schedule_for(ctx: AppContext) -> ReminderSchedule:
    """The platform's scheduler entry for this data folder (replaced in tests)."""
    return default_schedule(custom_data_dir(ctx.paths))


def should_offer(ctx: AppContext, card: Card) -> bool:
    if card.expiry is None or ctx.settings.get_raw(OFFERED_KEY):
        return False
    try:
        return not schedule_for(ctx).is_enabled()
    except OSError:
        return False


def offer(ctx: AppContext, parent: QWidget) -> QMessageBox:
    """Ask once; Yes registers the scheduled run. Returns the (open) box."""
    ctx.settings.set_raw(OFFERED_KEY, True)
    button = QMessageBox.StandardButton
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _("Reminders while the app is closed"),
        _("Should reminders reach you even when the app is closed? Your system will "
          "check every 30 minutes and at login and show due reminders as desktop "
          "notifications. You can change this in Settings → Desktop."),
        button.Yes | button.No,
        parent,
    )
    box.setDefaultButton(button.No)

    def answered(clicked: object) -> None:
        if box.standardButton(clicked) == button.Yes:  # type: ignore[arg-type]
            schedule = schedule_for(ctx)
            try:
                if not schedule.enable():
                    schedule.disable()
            except OSError:
                schedule.disable()

    box.buttonClicked.connect(answered)
    box.open()
    return box
