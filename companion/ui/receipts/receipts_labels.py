"""Translated names for stored keys (payment methods), shared by the form,
the filters, the table and the PDF report."""

from __future__ import annotations

from companion.i18n import N_, _

_METHOD_LABELS: dict[str, str] = {
    "ru_bank_card_online": N_("Russian bank card online"),
    "sbp": N_("SBP (Faster Payments)"),
    "operator_app": N_("Operator app"),
    "bank_app": N_("Bank app"),
    "cash_operator_shop": N_("Cash at an operator shop"),
    "payment_terminal": N_("Payment terminal"),
    "voucher": N_("Voucher or scratch card"),
    "travel_esim_store": N_("Travel eSIM store"),
    "paypal": N_("PayPal"),
    "alipay": N_("Alipay"),
    "wechat_pay": N_("WeChat Pay"),
    "other": N_("Other"),
}


def method_label(key: str) -> str:
    return _(_METHOD_LABELS.get(key, key))
