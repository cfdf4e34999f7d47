"""Deleting the receipt a renewal was bought with, then Undo.

A renewal made with "Log a receipt" in the Renew dialog points at that
receipt (ON DELETE SET NULL). Deleting the receipt empties the pointer, and
Undo used to bring the receipt back without it: the card's history lost
"(receipt logged)" for good. Here through the user's path: the Renew dialog,
the Receipts page's Delete and Ctrl+Z, the card's history read back; and the
same for a Select all delete, and for an Undo that has to give the receipt a
new id.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from receipts_helpers import make_receipt, wait_for_delete_job

from companion.domain.card import Card
from companion.domain.expiry import Expiry, Period, RenewalRule
from companion.domain.money import Money
from companion.paths import data_paths
from companion.services import cards as cards_service
from companion.services.context import AppContext, open_context
from companion.services.receipts import ReceiptsService
from companion.store.database import transaction
from companion.store.receipts_repo import ReceiptsRepo

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)


def _card(ctx: AppContext) -> int:
    return cards_service.save_card(
        ctx,
        Card(
            "Beeline",
            renewal=RenewalRule("days", 30),
            plan_price=Money(50000, "RUB"),
            expiry=Expiry(dt.datetime(2026, 11, 30, 23, 59), "Europe/Moscow"),
        ),
    )


def _renew_with_receipt(window: Any, qtbot: QtBot, reference: str) -> Any:
    """Cards → Renew → "Log a receipt" ticked → Renew; returns the cards page."""
    window.show_section("cards")
    cards = window.page("cards")
    cards.refresh()
    cards.open_renew_dialog()
    dialog = cards.dialog
    dialog.receipt_group.setChecked(True)
    dialog.receipt_form.reference.setText(reference)
    qtbot.mouseClick(dialog.renew_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cards.history.count() >= 1 and "receipt" in _history(cards)[0])
    return cards


def _history(cards: Any) -> list[str]:
    return [cards.history.item(i).text() for i in range(cards.history.count())]


def _receipt_id(ctx: AppContext, reference: str) -> int:
    (rid,) = [
        r[0] for r in ctx.conn.execute("SELECT id FROM receipts WHERE reference = ?", (reference,))
    ]
    return int(rid)


def _renewal_links(ctx: AppContext) -> list[tuple[int, int | None]]:
    return [
        (int(r[0]), r[1])
        for r in ctx.conn.execute("SELECT id, receipt_id FROM renewals ORDER BY id")
    ]


def _receipts_page(window: Any) -> Any:
    window.show_section("receipts")
    page = window.page("receipts")
    page.refresh()
    window.activateWindow()
    return page


def _press_delete_and_answer_yes(qtbot: QtBot, page: Any) -> None:
    seen: list[str] = []

    def answer() -> None:
        box = page.delete_question
        if box is not None and box.isVisible():
            seen.append(box.text())
            box.done(int(QMessageBox.StandardButton.Yes))
            return
        QTimer.singleShot(5, answer)

    QTimer.singleShot(0, answer)
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    wait_for_delete_job(qtbot, page)
    assert seen, "the delete question never showed"


def _ctrl_z(qtbot: QtBot, page: Any) -> None:
    page.window().activateWindow()  # back from the question and the progress dialog
    qtbot.waitUntil(page.window().isActiveWindow)
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_for_delete_job(qtbot, page)


def _back_to_card(window: Any, cards: Any, card_id: int) -> list[str]:
    window.show_section("cards")
    cards.refresh()
    cards.select_card(card_id)
    return _history(cards)


def test_delete_the_renewal_receipt_then_ctrl_z_links_it_again(
    main_window: Any, ctx: AppContext, qtbot: QtBot
) -> None:
    card_id = _card(ctx)
    ReceiptsService(ctx).log(make_receipt(reference="OTHER"))
    cards = _renew_with_receipt(main_window, qtbot, "SBP-RENEW")
    rid = _receipt_id(ctx, "SBP-RENEW")
    (renewal,) = _renewal_links(ctx)
    assert renewal[1] == rid
    before = _history(cards)
    assert before[0].endswith("(receipt logged)")

    page = _receipts_page(main_window)
    page.select_id(rid)
    _press_delete_and_answer_yes(qtbot, page)
    assert ctx.conn.execute("SELECT COUNT(*) FROM receipts WHERE id = ?", (rid,)).fetchone()[0] == 0
    # Meanwhile the renewal itself stays: same period and date, no receipt claimed.
    assert _renewal_links(ctx) == [(renewal[0], None)]
    meanwhile = _back_to_card(main_window, cards, card_id)
    assert meanwhile == [before[0].removesuffix(" (receipt logged)")]

    page = _receipts_page(main_window)
    _ctrl_z(qtbot, page)
    assert _renewal_links(ctx) == [(renewal[0], rid)]
    assert _back_to_card(main_window, cards, card_id) == before


def test_select_all_delete_and_undo_keep_every_renewal_link(
    main_window: Any, ctx: AppContext, qtbot: QtBot
) -> None:
    card_id = _card(ctx)
    receipts = [make_receipt(reference=f"R{i:04d}", day=1 + i % 28) for i in range(2_400)]
    with transaction(ctx.conn):  # past the size where foreign keys are done by hand
        ReceiptsRepo(ctx.conn).insert_many(receipts, NOW)
    cards = _renew_with_receipt(main_window, qtbot, "FIRST")
    _renew_with_receipt(main_window, qtbot, "SECOND")
    cards_service.renew_card(ctx, card_id, Period("days", 30))  # one without a receipt
    links = _renewal_links(ctx)
    assert [rid for _id, rid in links] == [
        _receipt_id(ctx, "FIRST"),
        _receipt_id(ctx, "SECOND"),
        None,
    ]
    before = _back_to_card(main_window, cards, card_id)
    assert sum(line.endswith("(receipt logged)") for line in before) == 2

    page = _receipts_page(main_window)
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    _press_delete_and_answer_yes(qtbot, page)
    assert page.model.rowCount() == 0
    assert _renewal_links(ctx) == [(rid, None) for rid, _r in links]
    meanwhile = _back_to_card(main_window, cards, card_id)
    assert len(meanwhile) == 3 and not any("receipt" in line for line in meanwhile)

    page = _receipts_page(main_window)
    _ctrl_z(qtbot, page)
    assert page.model.rowCount() == 2_402
    assert _renewal_links(ctx) == links
    assert _back_to_card(main_window, cards, card_id) == before


def test_undo_under_a_new_id_links_the_renewal_to_that_id(
    main_window: Any, ctx: AppContext, qtbot: QtBot
) -> None:
    """Another receipt took the deleted one's id meanwhile (a restored
    backup, an import): the receipt comes back under a new id, and the
    renewal follows it there, not to the receipt now holding the old id."""
    card_id = _card(ctx)
    cards = _renew_with_receipt(main_window, qtbot, "SBP-RENEW")
    rid = _receipt_id(ctx, "SBP-RENEW")
    page = _receipts_page(main_window)
    page.select_id(rid)
    _press_delete_and_answer_yes(qtbot, page)
    with transaction(ctx.conn):
        intruder = ReceiptsRepo(ctx.conn).insert(make_receipt(reference="INTRUDER"), NOW)
    assert intruder == rid  # the id was free again
    page = _receipts_page(main_window)
    _ctrl_z(qtbot, page)
    back = _receipt_id(ctx, "SBP-RENEW")
    assert back != rid
    assert [link for _id, link in _renewal_links(ctx)] == [back]
    assert _back_to_card(main_window, cards, card_id)[0].endswith("(receipt logged)")


def test_a_renewal_changed_meanwhile_is_not_linked_again(ctx: AppContext) -> None:
    """Undo links only the very row the delete emptied: a renewal row that
    is gone, or that now holds something else under the same id, is left."""
    card_id = _card(ctx)
    service = ReceiptsService(ctx)
    record = cards_service.renew_card(ctx, card_id, Period("days", 30), make_receipt(reference="A"))
    rid = _receipt_id(ctx, "A")
    batch = service.delete([rid])
    with transaction(ctx.conn):  # the renewal row replaced under the same id
        ctx.conn.execute("DELETE FROM renewals WHERE id = ?", (record.id,))
        ctx.conn.execute(
            "INSERT INTO renewals (id, card_id, renewed_utc, new_expiry_local, expiry_zone, "
            "period) VALUES (?, ?, 'x', '2027-01-01T00:00', 'UTC', '1m')",
            (record.id, card_id),
        )
    service.undo(batch)
    assert _receipt_id(ctx, "A") == rid
    assert _renewal_links(ctx) == [(record.id, None)]


# ----- any interleaving -------------------------------------------------------------------

_step = st.one_of(
    st.tuples(st.just("renew"), st.booleans()),  # with a receipt or without
    st.tuples(st.just("log"), st.just(0)),  # a plain receipt (may take a freed id)
    st.tuples(st.just("delete"), st.lists(st.integers(0, 40), min_size=1, max_size=3)),
    st.tuples(st.just("undo"), st.integers(0, 10)),
)


def test_any_interleaving_brings_every_renewal_link_back(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Renewals with and without receipts, receipts logged, deleted in
    batches and undone in any order: while its receipt is deleted a renewal
    points nowhere, and once every batch is undone each renewal points at
    its own receipt again (found by reference, whatever id it came back
    under)."""
    root = tmp_path_factory.mktemp("renewal-links")
    ctx = open_context(data_paths(root), clock=lambda: NOW)
    card_id = _card(ctx)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(_step, min_size=1, max_size=20))
    def check(steps: list[tuple[object, ...]]) -> None:
        ctx.pending_deletes.clear()
        with ctx.conn:
            ctx.conn.execute("DELETE FROM renewals")
            ctx.conn.execute("DELETE FROM receipts")
        service = ReceiptsService(ctx)
        wanted: dict[int, str | None] = {}  # renewal id -> its receipt's reference
        pending: list[Any] = []
        made = 0
        for step in steps:
            kind = step[0]
            ids = [int(r[0]) for r in ctx.conn.execute("SELECT id FROM receipts ORDER BY id")]
            if kind == "renew":
                made += 1
                receipt = make_receipt(reference=f"N{made}") if step[1] else None
                record = cards_service.renew_card(ctx, card_id, Period("days", 1), receipt)
                assert record.id is not None
                wanted[record.id] = f"N{made}" if receipt is not None else None
            elif kind == "log":
                made += 1
                service.log(make_receipt(reference=f"N{made}"))
            elif kind == "delete" and ids:
                chosen = sorted({ids[int(i) % len(ids)] for i in step[1]})  # type: ignore[union-attr]
                pending.append(service.delete(chosen))
            elif kind == "undo" and pending:
                service.undo(pending.pop(int(step[1]) % len(pending)))  # type: ignore[call-overload]
            _check_links(ctx, wanted)
        while pending:
            service.undo(pending.pop())
        assert _links_by_reference(ctx) == wanted

    try:
        check()
    finally:
        ctx.close()


def _links_by_reference(ctx: AppContext) -> dict[int, str | None]:
    return {
        int(r[0]): r[1]
        for r in ctx.conn.execute(
            "SELECT n.id, r.reference FROM renewals n LEFT JOIN receipts r ON r.id = n.receipt_id"
        )
    }


def _check_links(ctx: AppContext, wanted: dict[int, str | None]) -> None:
    """Each renewal points at its own receipt when that is present, else nowhere."""
    present = {str(r[0]) for r in ctx.conn.execute("SELECT reference FROM receipts")}
    assert _links_by_reference(ctx) == {
        rid: (ref if ref in present else None) for rid, ref in wanted.items()
    }
