"""Every count the app says in a sentence is grouped as the language groups it.

Found by the numbers audit: Russian read "Показано 12345 чеков" and "Найдено
12345 строк" where the delete question already said "100 000": each message
put its raw int into the sentence. Counts now go through the one number
formatter (``format_number``); the int still chooses the plural form. The
tests read the screens a user reads; the last one scans the source so a new
``ngettext(..., n).format(n=n)`` cannot slip back in.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from benchmarks.receipts import generate_receipts
from companion.i18n import _, set_language
from companion.i18n.formatting import format_number
from companion.services.context import AppContext
from companion.services.reminders import Notice
from companion.ui.receipts.receipts_import_dialog import ImportDialog
from companion.ui.receipts.receipts_page import ReceiptsPage
from companion.ui.reminders.reminder_banner import MAX_ROWS, ReminderBanner

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

#: What babel writes for 12,345 in each app language (Russian groups with a no-break space).
GROUPED = {"en": "12,345", "ru": "12\xa0345", "zh_Hans": "12,345"}


def test_the_grouping_the_tests_expect_is_babels() -> None:
    for lang, text in GROUPED.items():
        assert format_number(12345, lang) == text


# ----- the receipt log -------------------------------------------------------------------
@pytest.mark.parametrize(("lang", "expected"), [
    ("ru", "Показано 12\xa0345 чеков"),
    ("zh_Hans", "显示 12,345 张收据"),
    ("en", "12,345 receipts shown"),
])
def test_the_receipt_count_under_the_log_is_grouped(
    qtbot: QtBot, ctx: AppContext, lang: str, expected: str
) -> None:
    generate_receipts(ctx.conn, 12345)
    set_language(lang)
    page = ReceiptsPage(ctx, lambda _key: None)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    text = page.totals_label.text()
    assert text.startswith(expected), text
    assert "12345" not in text


# ----- the CSV import dialog -------------------------------------------------------------
HEADER = "paid_at,zone,amount,currency,method,card,reference\r\n"
ROWS = 12345
#: Rows from this index on alternate good and bad, so there are more than a
#: thousand bad lines, each with a five-digit line number.
BAD_FROM = 10000


def _csv(tmp_path: Path) -> Path:
    start = dt.datetime(2024, 1, 1, 10, 0)
    lines = []
    for i in range(ROWS):
        paid = (start + dt.timedelta(hours=i)).isoformat() + "+03:00"
        amount = "oops" if i >= BAD_FROM and i % 2 else "5.00"
        lines.append(f"{paid},Europe/Moscow,{amount},RUB,sbp,,R{i}\r\n")
    path = tmp_path / "many.csv"
    path.write_text(HEADER + "".join(lines), "utf-8")
    return path


def _expected_counts() -> tuple[int, int, int, int]:
    """(bad rows, good rows, first bad line, bad lines past the first 20 listed)."""
    bad = [i for i in range(ROWS) if i >= BAD_FROM and i % 2]
    return len(bad), ROWS - len(bad), bad[0] + 2, len(bad) - 20


@pytest.mark.parametrize("lang", ["ru", "zh_Hans"])
def test_the_import_dialog_groups_counts_and_line_numbers(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path, lang: str
) -> None:
    bad, good, first_bad, more = _expected_counts()
    assert min(bad, good, first_bad, more) >= 1000  # each one groups
    set_language(lang)
    dialog = ImportDialog(ctx, _csv(tmp_path))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.reading, timeout=30000)
    found = dialog.message.text()
    assert (
        found.startswith("Найдено 12\xa0345 строк.") if lang == "ru"
        else found.startswith("找到 12,345 行。")
    ), found

    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=60000)
    summary = dialog.message.text()
    if lang == "ru":
        assert f"Готовы к импорту {format_number(good, 'ru')} строки." in summary, summary
        assert f"В {format_number(bad, 'ru')} строках есть ошибки" in summary, summary
    else:
        assert f"{format_number(good, 'zh_Hans')} 行可以导入。" in summary, summary
        assert f"有 {format_number(bad, 'zh_Hans')} 行存在问题" in summary, summary
    first_item = dialog.errors.item(0).text()
    assert first_item.startswith(
        f"Строка {format_number(first_bad, 'ru')}," if lang == "ru"
        else f"第 {format_number(first_bad, 'zh_Hans')} 行，"
    ), first_item

    dialog.skip_errors.setChecked(True)
    with qtbot.waitSignal(dialog.imported, timeout=120000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    result = dialog.message.text()
    # Lines listed as "10 003, 10 005, …" and "and 1 152 more", counted from the data.
    listed = _(", ").join(format_number(first_bad + 2 * k, lang) for k in range(3))
    assert listed in result, result
    and_more = f"и ещё {format_number(more, 'ru')}" if lang == "ru" else (
        f"等另外 {format_number(more, 'zh_Hans')} 项"
    )
    assert and_more in result, result
    assert format_number(good, lang) in result
    stored = ctx.conn.execute("SELECT COUNT(*) FROM receipts").fetchone()[0]
    assert stored == good
    for raw in (str(good), str(bad), str(first_bad), str(more)):
        assert raw not in summary + result + first_item


#: 12,343 good rows after the header: the next line is line 12,345.
_BEFORE = HEADER.encode() + b"2026-11-01T10:00:00+03:00,UTC,5,RUB,sbp,,R\r\n" * 12343


@pytest.mark.parametrize(("tail", "says"), [
    (b"2026\x00", "в строке 12\xa0345 двоичные данные"),
    ("2026-11-01,UTC,5,RUB,sbp,,Ж\r\n".encode("cp1251"), "ошибка в строке 12\xa0345"),
    (b'2026-11-01,UTC,5,RUB,sbp,,"open\r\n', "CSV в строке 12\xa0345"),
    (b"," * 1000 + b"\r\n", "Строка 12\xa0345 делится больше чем на 1\xa0000 столбцов"),
])
def test_a_file_refused_far_down_names_its_line_grouped(tail: bytes, says: str) -> None:
    """The file-level refusals of the CSV reader, in Russian, at line 12,345."""
    from companion.services.receipts_io.receipts_csv_read import CsvFileError, parse_csv_bytes

    set_language("ru")
    with pytest.raises(CsvFileError) as caught:
        parse_csv_bytes(_BEFORE + tail)
    assert says in str(caught.value), str(caught.value)


# ----- the reminder banner ----------------------------------------------------------------
@pytest.mark.parametrize(("lang", "expected"), [
    ("ru", "И ещё 1\xa0234 напоминания."),
    ("zh_Hans", "还有 1,234 条提醒。"),
    ("en", "And 1,234 more reminders."),
])
def test_the_banners_and_n_more_is_grouped(
    qtbot: QtBot, ctx: AppContext, lang: str, expected: str
) -> None:
    set_language(lang)
    banner = ReminderBanner(ctx, lambda: None)
    qtbot.addWidget(banner)
    due = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
    banner.notices = [
        Notice(i + 1, i + 1, f"Card {i}", "expiry", f"Card {i} expires soon.", due, False)
        for i in range(MAX_ROWS + 1234)
    ]
    banner.rebuild()
    more = banner.findChild(QLabel, "reminderMore")
    assert more is not None and more.text() == expected


# ----- the source: no raw count in a plural message ----------------------------------------
def _is_format_of(call: ast.Call, names: dict[str, ast.Call]) -> ast.Call | None:
    """The ngettext call whose text ``call`` (a ``.format(...)``) fills, if any."""
    if not (isinstance(call.func, ast.Attribute) and call.func.attr == "format"):
        return None
    target = call.func.value
    if isinstance(target, ast.Call) and isinstance(target.func, ast.Name):
        return target if target.func.id == "ngettext" else None
    if isinstance(target, ast.Name):
        return names.get(target.id)
    return None


def _raw(value: ast.expr, count: ast.expr | None) -> bool:
    """Whether ``value`` puts a number into the sentence as Python writes it."""
    if count is not None and ast.dump(value) == ast.dump(count):
        return True  # .format(n=count) with ngettext(..., count)
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
        return value.func.id in ("len", "int", "str", "sum", "max", "min")
    if isinstance(value, ast.Constant):
        return isinstance(value.value, int)
    if isinstance(value, ast.UnaryOp | ast.BinOp):
        return True  # arithmetic: a number
    if isinstance(value, ast.Name):
        return value.id.isupper()  # a module constant such as MAX_COLUMNS
    return False


def raw_counts(source: str, filename: str = "<src>") -> list[str]:
    """Every ``ngettext(...)`` filled with a bare number, as "file:line name=value"."""
    found: list[str] = []
    tree = ast.parse(source)
    scopes = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.Module)]
    for scope in scopes:
        # A message kept in a variable is followed within its function only.
        names: dict[str, ast.Call] = {}
        for node in ast.walk(scope) if isinstance(scope, ast.FunctionDef) else ():
            if (
                isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                and isinstance(node.value.func, ast.Name) and node.value.func.id == "ngettext"
            ):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        names[target.id] = node.value
        for node in ast.walk(scope):
            if not isinstance(node, ast.Call):
                continue
            plural = _is_format_of(node, names)
            if plural is None:
                continue
            count = plural.args[2] if len(plural.args) > 2 else None
            for keyword in node.keywords:
                if _raw(keyword.value, count):
                    found.append(
                        f"{filename}:{node.lineno} {keyword.arg}={ast.unparse(keyword.value)}"
                    )
    return sorted(set(found))


def test_the_scan_finds_a_raw_count() -> None:
    """The scan itself is tested, so the check below cannot pass by finding nothing."""
    bad = '''
def a(n): return ngettext("{n} x", "{n} xs", n).format(n=n)
def b(rows): return ngettext("{n} x", "{n} xs", len(rows)).format(n=len(rows), p=path)
def c(x):
    message = ngettext("{n} x", "{n} xs", x.count)
    return message.format(n=x.count)
def d(k): return ngettext("{most} x", "{most} xs", LIMIT).format(most=LIMIT)
def e(h): return ngettext("{n} x", "{n} xs", -h).format(n=-h)
'''
    assert [line.split(" ", 1)[1] for line in raw_counts(bad)] == [
        "n=n", "n=len(rows)", "n=x.count", "most=LIMIT", "n=-h",
    ]
    good = '''
def a(n): return ngettext("{n} x", "{n} xs", n).format(n=format_number(n))
def b(n, path):
    text = format_number(n)
    return ngettext("{n} in {p}", "{n} in {p}", n).format(n=text, p=path, lines=line_list(n))
'''
    assert raw_counts(good) == []


def test_no_plural_message_in_the_app_is_filled_with_a_raw_count() -> None:
    root = Path(__file__).resolve().parents[1] / "companion"
    found: list[str] = []
    for path in sorted(root.rglob("*.py")):
        found += raw_counts(path.read_text("utf-8"), str(path.relative_to(root.parent)))
    assert found == [], "\n".join(found)
