"""A countdown never says more time than is left, and a time in another zone names it."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from countdown_helpers import add_units, units_in
from hypothesis import given
from hypothesis import strategies as st
from process_helpers import run_python

from companion.domain.card import Card
from companion.domain.expiry import Expiry, expiry_state
from companion.i18n import LANGUAGES, set_language
from companion.i18n.formatting import format_countdown, format_wall_time
from companion.services import cards as cards_service
from companion.services import reminders

INSTANTS = st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC))
GAPS = st.one_of(
    st.integers(0, 3 * 86400),  # the last three days, to the second
    st.integers(0, 120 * 86400),
    st.integers(0, 40 * 366 * 86400),
).map(lambda s: dt.timedelta(seconds=s))


@given(INSTANTS, GAPS, st.sampled_from(LANGUAGES))
def test_a_countdown_never_overstates_the_time_left(
    now: dt.datetime, gap: dt.timedelta, lang: str
) -> None:
    set_language(lang)
    target = now + gap
    text = format_countdown(target, now)
    units = units_in(text, lang)
    if gap <= dt.timedelta(0):
        return
    assert add_units(now, units) <= target, text  # never more than is left
    if gap >= dt.timedelta(minutes=1):
        assert units, text
        # ... and not grossly less: one more of the smallest unit said is too much.
        smallest = units[-1][1]
        assert add_units(now, [*units[:-1], (units[-1][0] + 1, smallest)]) > target, text


@given(INSTANTS, GAPS.filter(lambda g: g > dt.timedelta(0)), st.sampled_from(LANGUAGES))
def test_time_ago_never_overstates_either(
    now: dt.datetime, gap: dt.timedelta, lang: str
) -> None:
    set_language(lang)
    text = format_countdown(now - gap, now)
    assert add_units(now - gap, units_in(text, lang)) <= now, text


@pytest.mark.parametrize(("gap", "lang", "said"), [
    (dt.timedelta(days=1, hours=15), "en", "in 1 day 15 hours"),
    (dt.timedelta(days=1, hours=15, minutes=59), "en", "in 1 day 15 hours"),
    (dt.timedelta(days=1, hours=15), "ru", "через 1 день 15 часов"),
    (dt.timedelta(days=2, hours=12), "zh_Hans", "2天12小时后"),
    (dt.timedelta(days=1, hours=15), "zh_Hans", "1天15小时后"),
    (dt.timedelta(days=9, hours=12), "en", "in 9 days"),
    (dt.timedelta(days=19, hours=12), "en", "in 19 days"),
    (dt.timedelta(days=2, hours=21), "ru", "через 2 дня 21 час"),
    (dt.timedelta(hours=2, minutes=5), "ru", "через 2 часа 5 минут"),
    (dt.timedelta(minutes=21), "ru", "через 21 минуту"),
    (dt.timedelta(seconds=59), "en", "in under a minute"),
    (dt.timedelta(days=400), "en", "in 13 months"),
    (dt.timedelta(days=3 * 366), "ru", "через 3 года"),
])
def test_countdowns_the_issue_named(gap: dt.timedelta, lang: str, said: str) -> None:
    set_language(lang)
    now = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
    assert format_countdown(now + gap, now) == said


def test_an_expiry_equal_to_now_is_expired() -> None:
    expiry = Expiry(dt.datetime(2026, 12, 2, 23, 59), "Europe/Moscow")
    now = expiry.instant
    assert expiry_state(expiry, now) == "expired"
    assert format_countdown(expiry.instant, now) == "just now"


# ----- the computer in another zone -------------------------------------------------
@pytest.fixture
def in_new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def moscow_card() -> Card:
    """A fresh card each time: saving a card gives the object its id."""
    return Card("MTS SIM", expiry=Expiry(dt.datetime(2026, 12, 2, 23, 59), "Europe/Moscow"))


def test_the_wall_time_names_its_zone_when_the_computer_differs(in_new_york: None) -> None:
    when = moscow_card().expiry.aware  # type: ignore[union-attr]
    assert format_wall_time(when) == "12/2/26, 11:59\u202fPM Moscow Time"
    set_language("ru")
    assert format_wall_time(when) == "02.12.2026, 23:59 (Москва)"
    set_language("zh_Hans")
    assert format_wall_time(when) == "莫斯科时间 2026/12/2 23:59"
    # In the computer's own zone there is nothing to add.
    set_language("en")
    assert format_wall_time(when.astimezone()) == "12/2/26, 3:59\u202fPM"


def test_the_banner_names_moscow_and_does_not_overstate(
    main_window: Any, ctx: Any, clock: Any, in_new_york: None
) -> None:
    card = moscow_card()
    cards_service.save_card(ctx, card)
    # The 1-day reminder seen with 1 day 15 hours left.
    clock.set(card.expiry.instant - dt.timedelta(days=1, hours=15))  # type: ignore[union-attr]
    main_window.reminders.check()
    (text,) = main_window.reminder_banner.texts()
    assert text == "MTS SIM expires in 1 day 15 hours (12/2/26, 11:59\u202fPM Moscow Time)."


def test_the_receipts_paid_column_names_the_zone(ctx: Any, qtbot: Any, in_new_york: None) -> None:
    from receipts_helpers import make_receipt

    from companion.services.receipts import ReceiptsService
    from companion.ui.receipts.receipts_page import ReceiptsPage

    ReceiptsService(ctx).log(make_receipt(minor=50000))
    page = ReceiptsPage(ctx, lambda _key: None)
    qtbot.addWidget(page)
    page.refresh()
    paid = page.model.index(0, 0).data()
    assert paid == "11/24/26, 2:30\u202fPM Moscow Time"


def test_the_dashboard_line_uses_the_zones_name(ctx: Any, in_new_york: None) -> None:
    from companion.ui.cards.card_text import expiry_line

    line = expiry_line(moscow_card(), "America/New_York")
    assert line.startswith("Wed, Dec 2, 2026, 11:59\u202fPM (Moscow Time)")
    assert "3:59\u202fPM on this computer" in line


_RU_DUE = "MTS SIM: срок истекает"


@pytest.mark.parametrize(("env_lang", "lang", "zone_words"), [
    ("en_US.UTF-8", "en", "Moscow Time"),
    ("ru_RU.UTF-8", "ru", "Москва"),
    ("zh_CN.UTF-8", "zh_Hans", "莫斯科时间"),
])
def test_companion_reminders_in_new_york_names_moscow_and_never_overstates(
    ctx: Any, data_dir: Path, env_lang: str, lang: str, zone_words: str
) -> None:
    """The terminal list, as a child process with the computer in New York."""
    now = dt.datetime.now(dt.UTC)
    moscow = (now + dt.timedelta(days=1, hours=15, minutes=30)).astimezone(
        Expiry(dt.datetime(2026, 1, 1), "Europe/Moscow").aware.tzinfo
    )
    expiry = Expiry(moscow.replace(tzinfo=None, second=0, microsecond=0), "Europe/Moscow")
    cards_service.save_card(ctx, Card("MTS SIM", expiry=expiry))
    reminders.sync_all(ctx)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env.update(TZ="America/New_York", LANG=env_lang, LC_ALL=env_lang, LANGUAGE=lang)
    done = run_python(
        "-m", "companion", "--data-dir", str(data_dir), "reminders", "--peek", env=env
    )
    finished = dt.datetime.now(dt.UTC)
    assert done.returncode == 0, done.stderr
    due = [line for line in done.stdout.splitlines() if line.startswith("  ! ")]
    assert len(due) == 1, done.stdout
    line = due[0]
    assert zone_words in line, line
    countdown = line.split("(")[0].split("（")[0]
    units = units_in(countdown, lang)
    assert units == [(1, "day"), (15, "hour")], line
    assert add_units(finished, units) <= expiry.instant


ZONES = st.sampled_from(["Europe/Moscow", "America/New_York", "Pacific/Kiritimati",
                         "Asia/Vladivostok", "Europe/Kaliningrad", "UTC"])


@given(INSTANTS, GAPS, ZONES, st.sampled_from(LANGUAGES))
def test_the_dashboard_countdown_never_overstates(
    now: dt.datetime, gap: dt.timedelta, zone: str, lang: str
) -> None:
    """What the card list says, for a card whose expiry is typed in any zone."""
    from zoneinfo import ZoneInfo

    from companion.ui.cards.card_text import countdown

    set_language(lang)
    wall = (now + gap).astimezone(ZoneInfo(zone)).replace(tzinfo=None, second=0, microsecond=0)
    card = Card("SIM", expiry=Expiry(wall, zone))
    text = countdown(card, now)
    if card.expiry.instant <= now:  # type: ignore[union-attr]
        return
    assert add_units(now, units_in(text, lang)) <= card.expiry.instant, text  # type: ignore[union-attr]


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform, on opening a dialog
def test_renewal_history_and_renew_dialog_name_moscow_in_new_york(
    main_window: Any, ctx: Any, in_new_york: None
) -> None:
    from companion.domain.expiry import Period

    card_id = cards_service.save_card(ctx, moscow_card())
    cards_service.renew_card(ctx, card_id, Period("days", 30))
    main_window.show_section("cards")
    page = main_window.page("cards")
    page.refresh()
    page.select_card(card_id)
    history = page.history.item(0).text()
    assert "until Fri, Jan 1, 2027, 11:59\u202fPM Moscow Time" in history
    page.open_renew_dialog()
    assert "(Moscow Time)" in page.dialog.preview.text()
    page.dialog.reject()
