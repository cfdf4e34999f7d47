"""Calendar export, start at login and the headless commands."""

from __future__ import annotations

import datetime as dt
import json
import plistlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import icalendar

from companion.desktop.autostart import Autostart
from companion.domain.card import Card
from companion.domain.expiry import Expiry, Period
from companion.services import cards as cards_service
from companion.services.ics import build_calendar, export_calendar


def _cards(ctx: Any) -> tuple[int, int]:
    a = cards_service.save_card(
        ctx, Card("MTS; main, SIM", operator_name="MTS",
                  expiry=Expiry(dt.datetime(2026, 12, 10, 23, 59), "Europe/Moscow"))
    )
    b = cards_service.save_card(
        ctx, Card("Travel eSIM", kind="travel_esim", esim_activation_code="LPA:1$x$SECRET",
                  esim_install_by=dt.date(2026, 12, 1), lead_days=(2,),
                  expiry=Expiry(dt.datetime(2027, 1, 5, 12, 0), "Asia/Shanghai"))
    )
    return a, b


def _events(text: str) -> list[Any]:
    cal = icalendar.Calendar.from_ical(text)
    return [c for c in cal.walk("VEVENT")]


def test_calendar_parses_with_right_times_alarms_and_uids(ctx: Any) -> None:
    _cards(ctx)
    events = _events(build_calendar(ctx))
    assert len(events) == 3
    mts = next(e for e in events if str(e["SUMMARY"]) == "MTS; main, SIM expires")
    assert mts.decoded("DTSTART") == dt.datetime(2026, 12, 10, 20, 59, tzinfo=dt.UTC)
    triggers = sorted(a.decoded("TRIGGER") for a in mts.walk("VALARM"))
    # 7, 3, 1 days before and the day itself, each at 09:00 Moscow (06:00 UTC)
    start = dt.datetime(2026, 12, 10, 20, 59, tzinfo=dt.UTC)
    assert [start + t for t in triggers] == [
        dt.datetime(2026, 12, d, 6, 0, tzinfo=dt.UTC) for d in (3, 7, 9, 10)
    ]
    esim = next(e for e in events if str(e["SUMMARY"]) == "Travel eSIM expires")
    assert len(esim.walk("VALARM")) == 1  # the card's own lead list: 2 days
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == 3


def test_activation_code_only_when_asked(ctx: Any) -> None:
    _cards(ctx)
    assert "SECRET" not in build_calendar(ctx)
    assert "SECRET" in build_calendar(ctx, include_activation_codes=True).replace("\r\n ", "")


def test_re_export_is_stable_and_renewal_keeps_uid(ctx: Any, clock: Any) -> None:
    a, _b = _cards(ctx)
    first = build_calendar(ctx)
    clock.advance(dt.timedelta(hours=5))
    again = build_calendar(ctx)

    def without_stamps(text: str) -> list[str]:
        return [line for line in text.splitlines() if not line.startswith("DTSTAMP:")]

    assert without_stamps(again) == without_stamps(first)
    # DTSTAMP is when the file was written.
    assert {e.decoded("DTSTAMP") for e in _events(again)} == {clock()}
    before = {str(e["UID"]): e for e in _events(first)}
    cards_service.renew_card(ctx, a, Period("days", 30))
    after = {str(e["UID"]): e for e in _events(build_calendar(ctx))}
    assert before.keys() == after.keys()
    moved = [u for u in after if after[u].decoded("DTSTART") != before[u].decoded("DTSTART")]
    assert len(moved) == 1
    assert int(after[moved[0]]["SEQUENCE"]) > int(before[moved[0]]["SEQUENCE"])


def test_lines_are_folded_and_crlf(ctx: Any) -> None:
    cards_service.save_card(
        ctx, Card("Очень длинное название карты " * 4,
                  expiry=Expiry(dt.datetime(2026, 12, 10, 23, 59), "Europe/Moscow"))
    )
    raw = build_calendar(ctx).encode("utf-8")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_export_file_written(ctx: Any, tmp_path: Path) -> None:
    _cards(ctx)
    assert export_calendar(ctx, tmp_path / "out" / "cards.ics") == (3, 0)
    assert len(_events((tmp_path / "out" / "cards.ics").read_text("utf-8"))) == 3


def test_xdg_autostart_written_and_fully_removed(tmp_path: Path) -> None:
    auto = Autostart("linux", tmp_path / "config", ["/opt/my app/companion", "--minimized"])
    assert not auto.is_enabled()
    auto.enable()
    text = (tmp_path / "config" / "autostart").glob("*.desktop").__next__().read_text()
    assert 'Exec="/opt/my app/companion" --minimized' in text
    assert auto.is_enabled()
    auto.disable()
    assert not auto.is_enabled()
    assert list((tmp_path / "config" / "autostart").iterdir()) == []


def test_launch_agent_on_macos(tmp_path: Path) -> None:
    auto = Autostart("darwin", tmp_path, ["/Applications/C.app/c", "--minimized"])
    auto.enable()
    assert auto.path is not None
    data = plistlib.loads(auto.path.read_bytes())
    assert data["ProgramArguments"] == ["/Applications/C.app/c", "--minimized"]
    assert data["RunAtLoad"] is True
    auto.disable()
    assert not auto.path.exists()


class FakeRegistry:
    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def set(self, name: str, value: str) -> None:
        self.values[name] = value

    def delete(self, name: str) -> None:
        self.values.pop(name, None)


def test_windows_run_entry(tmp_path: Path) -> None:
    reg = FakeRegistry()
    auto = Autostart("win32", tmp_path, [r"C:\Program Files\C\c.exe", "--minimized"], reg)
    auto.enable()
    assert reg.values == {"TravelCardCompanion": r'"C:\Program Files\C\c.exe" --minimized'}
    auto.disable()
    assert reg.values == {}


def _run_cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys, json\n"
        "from companion.cli import main\n"
        f"rc = main(['--data-dir', {str(data_dir)!r}, *{list(args)!r}])\n"
        "qt = sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
        "print(json.dumps({'rc': rc, 'qt': qt}))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )


def test_headless_commands_print_and_never_import_qt(
    ctx: Any, data_dir: Path, tmp_path: Path
) -> None:
    cards_service.save_card(
        ctx, Card("Beeline SIM", expiry=Expiry(dt.datetime(2001, 1, 1, 0, 0), "Europe/Moscow"))
    )
    result = _run_cli(data_dir, "reminders", "--peek")
    *lines, last = result.stdout.strip().splitlines()
    assert json.loads(last) == {"rc": 0, "qt": []}
    assert "Beeline SIM expired" in "\n".join(lines)
    out = tmp_path / "x.ics"
    result = _run_cli(data_dir, "export", "ics", str(out))
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"rc": 0, "qt": []}
    assert len(_events(out.read_text("utf-8"))) == 1
