"""The receipt form's longer fields, each built in one place.

Why apart from the form: the form's own module holds what a receipt means
(checking, loading, the SMS); how wide a combo box is or which currencies
come first is layout, and kept here it stays out of the way of both.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from companion.domain.zone_names import has_reversed_sign, known_zones
from companion.i18n import _
from companion.i18n.formatting import currency_name, known_currencies

COMMON_CURRENCIES = ("RUB", "USD", "EUR", "CNY", "KZT", "TRY", "AED", "GBP", "JPY")
COMMON_ZONES = (
    "Europe/Moscow",
    "Europe/Kaliningrad",
    "Europe/Samara",
    "Asia/Yekaterinburg",
    "Asia/Novosibirsk",
    "Asia/Krasnoyarsk",
    "Asia/Irkutsk",
    "Asia/Vladivostok",
    "Asia/Shanghai",
    "UTC",
)


def buddy(text: str, target: QWidget) -> QLabel:
    """A row label whose Alt+letter focuses ``target`` (rows holding layouts)."""
    label = QLabel(text)
    label.setBuddy(target)
    return label


def zone_combo() -> QComboBox:
    """The common zones first, then every other known one; any can be typed.

    As wide as a common zone's name, not as the longest of all ~600
    ("America/Argentina/ComodRivadavia"), which made the form wider than
    its dialog; the list itself opens as wide as it needs.
    """
    box = QComboBox()
    box.setEditable(True)
    box.setAccessibleName(_("Time zone"))
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(len("Asia/Yekaterinburg"))
    box.addItems(list(COMMON_ZONES) + sorted(
        z for z in known_zones() - set(COMMON_ZONES) if not has_reversed_sign(z)
    ))
    return box


def currency_combo() -> QComboBox:
    """The common currencies first, then every ISO code; each names itself in a tooltip."""
    box = QComboBox()
    box.setEditable(True)
    box.setAccessibleName(_("Currency"))
    others = sorted(known_currencies() - set(COMMON_CURRENCIES))
    for code in (*COMMON_CURRENCIES, *others):
        box.addItem(code, code)
        box.setItemData(box.count() - 1, currency_name(code), Qt.ItemDataRole.ToolTipRole)
    return box
