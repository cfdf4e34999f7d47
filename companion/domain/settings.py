"""The user's preferences, with the defaults a new user starts from."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Lead times before an expiry, in days; 0 means "on the day itself".
DEFAULT_LEAD_DAYS: tuple[int, ...] = (7, 3, 1, 0)


@dataclass
class Settings:
    #: None follows the system language.
    language: str | None = None
    default_currency: str = "RUB"
    reminder_lead_days: tuple[int, ...] = field(default=DEFAULT_LEAD_DAYS)
    #: Local wall-clock time for reminders that fall on a day ("09:00").
    reminder_time: str = "09:00"
    start_at_login: bool = False
    close_to_tray: bool = False
    welcome_done: bool = False
    #: "system" follows the desktop's light/dark scheme; "light" or "dark" force one.
    appearance: str = "system"
