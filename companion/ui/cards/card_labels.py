"""Translatable names for card kinds, states, renewal kinds and timers.

Marked with ``N_`` here and translated where shown, so a language switch
needs no restart.
"""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from companion.i18n import N_, _, ngettext
from companion.i18n.formatting import format_number

KIND_NAMES: dict[str, str] = {
    "sim": N_("SIM card"),
    "esim": N_("eSIM"),
    "travel_esim": N_("Travel eSIM"),
    "transport": N_("Transport card"),
    "other": N_("Other"),
}
RENEWAL_NAMES: dict[str, str] = {
    "days": N_("Every N days"),
    "monthly": N_("Monthly on a day"),
    "fixed": N_("Fixed end date"),
    "none": N_("No expiry"),
}
STATE_NAMES: dict[str, str] = {
    "expired": N_("Expired"),
    "due_today": N_("Due today"),
    "soon": N_("Soon"),
    "fine": N_("Fine"),
    "no_expiry": N_("No expiry"),
}
TIMER_NAMES: dict[str, str] = {
    "promised_payment": N_("Promised payment"),
    "data_block": N_("Data/SMS block after arrival"),
}
#: Colour is a second signal only; the state is always written out too.
STATE_COLOURS: dict[str, str] = {
    "expired": "#b3261e",
    "due_today": "#b35c00",
    "soon": "#8a6d00",
    "fine": "#2e7d32",
    "no_expiry": "#555555",
}
_STATE_ICONS: dict[str, QStyle.StandardPixmap] = {
    "expired": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "due_today": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "soon": QStyle.StandardPixmap.SP_MessageBoxInformation,
    "fine": QStyle.StandardPixmap.SP_DialogApplyButton,
    "no_expiry": QStyle.StandardPixmap.SP_FileIcon,
}


def state_icon(state: str) -> QIcon:
    style = QApplication.style()
    return style.standardIcon(_STATE_ICONS[state])


def lead_text(days: int) -> str:
    if days == 0:
        return _("On the day")
    return ngettext("{n} day before", "{n} days before", days).format(n=format_number(days))


def leads_summary(lead_days: tuple[int, ...]) -> str:
    """Lead times in one phrase: "7, 3, 1 days, on the day"; "no reminders"."""
    before = sorted({d for d in lead_days if d > 0}, reverse=True)
    parts = []
    if before:
        # Translators: between the numbers of a list such as "7, 3, 1".
        numbers = _(", ").join(format_number(d) for d in before)
        if len(before) == 1:
            parts.append(ngettext("{days} day", "{days} days", before[0]).format(days=numbers))
        else:
            # A list has no one number to agree with ("за 7, 3, 1 дней" is wrong
            # in Russian): its own message, which translations may abbreviate.
            parts.append(_("{days} days").format(days=numbers))
    if 0 in lead_days and parts:
        return _("{days}, on the day").format(days=parts[0])
    if 0 in lead_days:
        return _("on the day")
    return parts[0] if parts else _("no reminders")


def computer_zone() -> str:
    """The computer's IANA zone; Qt knows it on Windows, where /etc is no help."""
    from PySide6.QtCore import QTimeZone

    from companion.services.zones import system_zone

    zone = system_zone()
    if zone != "UTC":
        return zone
    from companion.domain.zone_names import is_known_zone

    qt_zone = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "ignore")
    return qt_zone if is_known_zone(qt_zone) else zone
