"""How a backup is described on screen: its kind, size and counts.

Why one place: Settings and the recovery dialog at start list the same
backups, and a user comparing the two must read the same words and numbers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from companion.i18n import N_, _
from companion.i18n.formatting import format_datetime, format_number
from companion.services.data_safety.backup_list import BackupContents, BackupInfo

KIND_LABELS = {
    "daily": N_("Daily"),
    "manual": N_("Made by you"),
    "pre-restore": N_("Before a restore"),
    "pre-migration": N_("Before an upgrade"),
}


def format_size(size: int) -> str:
    if size < 1024 * 1024:
        return _("{size} KB").format(size=format_number(max(1, round(size / 1024))))
    mb = Decimal(size) / (1024 * 1024)
    return _("{size} MB").format(size=format_number(mb.quantize(Decimal("0.1"))))


def local_time(when: dt.datetime) -> str:
    return format_datetime(when.astimezone())


def kind_label(info: BackupInfo) -> str:
    return _(KIND_LABELS[info.kind])


def column_titles() -> list[str]:
    return [_("Date"), _("Kind"), _("Cards"), _("Receipts"), _("Attached files"), _("Size")]


def count_cells(contents: BackupContents) -> list[str]:
    """Cards, receipts, attached files (and how many are missing), size."""
    files = format_number(contents.attachments)
    if contents.missing:
        files = _("{files} ({missing} missing)").format(
            files=files, missing=format_number(contents.missing)
        )
    return [
        format_number(contents.cards),
        format_number(contents.receipts),
        files,
        format_size(contents.size),
    ]
