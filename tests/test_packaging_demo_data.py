"""The screenshot demo data is made through the services, like the app's own
(issue 22): it wrote raw SQL against the first ``cards`` layout and hid any
failure behind a broad ``except``, so a schema change silently left the
screenshots without cards. Here it seeds a fresh data folder, and the app's
services open the result and read back exactly what was meant.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from companion.domain.expiry import Expiry, RenewalRule
from companion.domain.money import Money
from companion.domain.receipt_query import ReceiptFilter
from companion.paths import data_paths
from companion.services import cards as cards_service
from companion.services import reminders
from companion.services.context import open_context
from companion.services.receipts import ReceiptsService

SCRIPT = Path(__file__).resolve().parent.parent / "packaging" / "demo_data.py"


def _demo_data() -> ModuleType:
    spec = importlib.util.spec_from_file_location("demo_data_under_test", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_the_demo_data_opens_with_the_apps_services(tmp_path: Path) -> None:
    demo = _demo_data()
    folder = tmp_path / "data"
    ctx = open_context(data_paths(folder), clock=demo.demo_clock)
    try:
        made = demo.seed(ctx)
    finally:
        ctx.close()

    again = open_context(data_paths(folder), clock=demo.demo_clock)  # as the app opens it
    try:
        cards = {c.label: c for c in cards_service.list_cards(again)}
        assert set(cards) == {"MTS travel SIM", "Beeline eSIM", "Troika"}
        mts = cards["MTS travel SIM"]
        assert mts.id == made.mts
        assert mts.expiry == Expiry(dt.datetime(2026, 11, 27, 23, 59), "Europe/Moscow")
        assert (mts.renewal, mts.plan_price) == (RenewalRule("monthly", 1), Money(35000, "RUB"))
        assert mts.number == "+79165550123"
        assert cards["Troika"].number == "001234567890"
        assert cards["Troika"].expiry is None
        # Saved through the service, so its reminders were planned too.
        soon = reminders.upcoming(again, dt.timedelta(days=30))
        assert {n.card_label for n in soon} >= {"MTS travel SIM", "Beeline eSIM"}

        receipts = ReceiptsService(again).repo
        assert receipts.count(ReceiptFilter()) == 5
        linked = {}
        for i in range(1, 6):
            receipt = receipts.get(i)
            assert receipt is not None
            linked[receipt.reference or receipt.vendor] = receipt.card_id
        assert linked["SBP 4021-7781"] == made.mts
        assert linked["BL-20261119-553"] == made.beeline
        assert linked["T-118 204"] == made.troika
        assert linked["ORD-88213"] is None
        settings = again.settings.load()
        assert settings.welcome_done and settings.default_currency == "RUB"
    finally:
        again.close()


def test_the_demo_data_hides_no_failure() -> None:
    tree = ast.parse(SCRIPT.read_text(encoding="utf-8"))
    handlers = [node for node in ast.walk(tree) if isinstance(node, ast.ExceptHandler)]
    assert handlers == []
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)]
    assert not [s for s in strings if isinstance(s, str) and "INSERT" in s.upper()]
