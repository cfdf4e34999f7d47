"""What the check found and what the import did, as sentences for the user.

Why in services: the import dialog and any headless caller tell the same
story with the same numbers, and every number is counted from the plan or
the result (the rows actually read and written), never from the file's claims.
Lines are listed, not only counted, so the user can find each row.
"""

from __future__ import annotations

from collections.abc import Sequence

from companion.i18n import _, current_language, ngettext
from companion.i18n.formatting import format_number
from companion.services.receipts_io.receipts_csv_cells import shown
from companion.services.receipts_io.receipts_csv_import import ImportPlan, ImportResult

#: Runs of line numbers (or names) listed before "and N more".
_LISTED = 20


def _sentences(parts: list[str]) -> str:
    """Chinese writes sentences one after another, without a space."""
    return ("" if current_language().startswith("zh") else " ").join(parts)


def _and_more(parts: list[str], total: int) -> str:
    # TRANSLATORS: between the items of a list ("2–4, 9"; names of cards).
    text = _(", ").join(parts)
    if total > len(parts):
        more = total - len(parts)
        text += " " + ngettext("and {n} more", "and {n} more", more).format(n=format_number(more))
    return text


def line_list(lines: Sequence[int]) -> str:
    """``[2, 3, 4, 9]`` -> "2–4, 9" (runs of neighbours shown as ranges)."""
    runs: list[tuple[int, int]] = []
    for line in sorted(set(lines)):
        if runs and line == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], line)
        else:
            runs.append((line, line))
    parts = [
        format_number(a) if a == b else f"{format_number(a)}–{format_number(b)}"
        for a, b in runs[:_LISTED]
    ]
    return _and_more(parts, len(runs))


def name_list(names: Sequence[str]) -> str:
    # TRANSLATORS: a card's name quoted in a sentence.
    parts = [_("“{name}”").format(name=shown(name)) for name in names[:_LISTED]]
    return _and_more(parts, len(names))


def new_rows(plan: ImportPlan) -> int:
    """Rows the import would add when duplicates are left out."""
    return len(plan.receipts) - len(set(plan.duplicates))


def check_summary(plan: ImportPlan) -> str:
    if plan.file_error:
        return plan.file_error
    ready = new_rows(plan)
    sentences: list[str] = []
    if not plan.receipts and not plan.errors:
        sentences.append(_("The file has a header row but no receipts."))
    elif ready == 0 and not plan.errors:
        sentences.append(_("Nothing new to import: every row is already in your log."))
    else:
        sentences.append(
            ngettext("{n} row is ready to import.", "{n} rows are ready to import.", ready).format(
                n=format_number(ready)
            )
        )
    bad = len(plan.error_lines())
    if bad:
        sentences.append(
            ngettext(
                "{n} row has problems (listed below).",
                "{n} rows have problems (listed below).",
                bad,
            ).format(n=format_number(bad))
        )
    dups = len(plan.duplicates)
    if dups:
        sentences.append(
            ngettext(
                "{n} row looks like a receipt already logged (same date, amount and "
                "reference): line {lines}.",
                "{n} rows look like receipts already logged (same date, amount and "
                "reference): lines {lines}.",
                dups,
            ).format(n=format_number(dups), lines=line_list(plan.duplicates))
        )
    missing = len(plan.missing_cards)
    if missing:
        sentences.append(
            ngettext(
                "{n} card named in the file is not in your list: {names}.",
                "{n} cards named in the file are not in your list: {names}.",
                missing,
            ).format(n=format_number(missing), names=name_list(sorted(plan.missing_cards)))
        )
    files = len(plan.attachment_lines)
    if files:
        sentences.append(
            ngettext(
                "{n} row names attached files; a CSV file does not carry files, so they "
                "are not imported (line {lines}).",
                "{n} rows name attached files; a CSV file does not carry files, so they "
                "are not imported (lines {lines}).",
                files,
            ).format(n=format_number(files), lines=line_list(plan.attachment_lines))
        )
    return _sentences(sentences)


def import_summary(result: ImportResult) -> str:
    sentences: list[str] = []
    if result.imported == 0:
        sentences.append(_("Nothing new to import."))
    else:
        sentences.append(
            ngettext("Imported {n} receipt.", "Imported {n} receipts.", result.imported).format(
                n=format_number(result.imported)
            )
        )
    if result.created_cards:
        count = len(result.created_cards)
        sentences.append(
            ngettext("Created {n} card: {names}.", "Created {n} cards: {names}.", count).format(
                n=format_number(count), names=name_list(result.created_cards)
            )
        )
    listed = (
        (
            result.without_card,
            ngettext(
                "Imported {n} row without its card: line {lines}.",
                "Imported {n} rows without their cards: lines {lines}.",
                len(result.without_card),
            ),
        ),
        (
            result.duplicates,
            ngettext(
                "Skipped {n} duplicate: line {lines}.",
                "Skipped {n} duplicates: lines {lines}.",
                len(result.duplicates),
            ),
        ),
        (
            result.skipped_unknown_card,
            ngettext(
                "Skipped {n} row whose card is not in your list: line {lines}.",
                "Skipped {n} rows whose cards are not in your list: lines {lines}.",
                len(result.skipped_unknown_card),
            ),
        ),
        (
            result.skipped_errors,
            ngettext(
                "Skipped {n} row with problems: line {lines}.",
                "Skipped {n} rows with problems: lines {lines}.",
                len(result.skipped_errors),
            ),
        ),
    )
    for lines, template in listed:
        if lines:
            sentences.append(template.format(n=format_number(len(lines)), lines=line_list(lines)))
    if not result.skipped_errors:
        sentences.append(_("No problems."))
    return _sentences(sentences)
