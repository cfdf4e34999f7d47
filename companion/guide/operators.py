"""Operator facts from ``operators.toml``: the one place a code is written.

Both the guide pages and the card editor read from here, so when an operator
changes a code only the data file changes.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

from companion.guide.content_errors import GuideContentError, load_toml
from companion.i18n import N_
from companion.paths import guide_dir

CONFIDENCE_LEVELS = ("H", "M", "L")
#: What each kind of fact may hold. A code or number is put inside a link and a
#: QR code, a site becomes a link: a value outside these shapes could break out
#: of the Markdown around it, or send the reader somewhere else.
FACT_SHAPES: dict[str, re.Pattern[str]] = {
    "ussd": re.compile(r"^[*#0-9]{2,30}$"),
    "phone": re.compile(r"^\+?[0-9][0-9 ()-]{1,30}$"),
    "site": re.compile(r"^[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63}){1,4}$"),
    "days": re.compile(r"^[0-9]{1,3}$"),
    "app": re.compile(r"^[^\n\r]{1,100}$"),
    "text": re.compile(r"^[^\n\r]{1,200}$"),
}
_MONTH = re.compile(r"^20[0-9]{2}-(0[1-9]|1[0-2])$")


def is_month(text: str) -> bool:
    """``YYYY-MM`` of this century: the month a fact or page was last checked."""
    return bool(_MONTH.match(text))


class Fact(NamedTuple):
    value: str
    kind: str  # ussd | phone | site | app | text | days
    confidence: str  # H | M | L

    @property
    def unconfirmed(self) -> bool:
        return self.confidence == "L"

    def tel_uri(self) -> str:
        """A ``tel:`` URI; ``#`` must be escaped or phones drop the rest."""
        raw = self.value if self.kind == "ussd" else "".join(
            c for c in self.value if c.isdigit() or c == "+"
        )
        return "tel:" + raw.replace("#", "%23")


class Operator(NamedTuple):
    id: str
    names: tuple[str, ...]
    display: dict[str, str]
    checked: str
    facts: dict[str, Fact]

    def display_name(self, lang: str) -> str:
        return self.display.get(lang) or self.display.get("en") or self.id

    def fact(self, field: str) -> Fact | None:
        return self.facts.get(field)


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise GuideContentError(N_("In operators.toml, {field} must be a list of text."), field=where)
    return tuple(value)


def _string_table(value: object, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise GuideContentError(
            N_("In operators.toml, {field} must be a table of text."), field=where
        )
    return {str(k): v for k, v in value.items()}


def _fact(value: dict[str, object], where: str) -> Fact:
    raw, kind, conf = value.get("value"), value.get("kind", "text"), value.get("conf", "L")
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise GuideContentError(
            N_("In operators.toml, the value of {field} must be text."), field=where
        )
    if not isinstance(kind, str) or kind not in FACT_SHAPES:
        raise GuideContentError(
            N_("In operators.toml, {field} has an unknown kind \"{kind}\"."), field=where, kind=kind
        )
    if not isinstance(conf, str) or conf not in CONFIDENCE_LEVELS:
        raise GuideContentError(
            N_("In operators.toml, {field} has an unknown confidence \"{conf}\" (H, M or L)."),
            field=where,
            conf=conf,
        )
    text = str(raw)
    if not FACT_SHAPES[kind].match(text):
        raise GuideContentError(
            N_("In operators.toml, \"{value}\" in {field} is not a valid {kind}."),
            field=where,
            value=text[:40],
            kind=kind,
        )
    return Fact(text, kind, conf)


def parse_operators(data: dict[str, object]) -> dict[str, Operator]:
    """Every operator, each value checked for its type and shape;
    GuideContentError (a ValueError) says which one is wrong."""
    raw_ops = data.get("operators")
    if not isinstance(raw_ops, dict):
        raise GuideContentError(N_("The file operators.toml has no [operators] table."))
    result: dict[str, Operator] = {}
    for op_id, raw in raw_ops.items():
        if not isinstance(raw, dict):
            raise GuideContentError(
                N_("In operators.toml, the operator \"{id}\" is not a table."), id=op_id
            )
        if not re.fullmatch(r"[a-z0-9_]{1,32}", op_id):
            raise GuideContentError(
                N_("In operators.toml, the operator id \"{id}\" is not allowed."), id=op_id
            )
        facts: dict[str, Fact] = {}
        for key, value in raw.items():
            if isinstance(value, dict) and "value" in value:
                facts[key] = _fact(value, f"{op_id}.{key}")
        checked = raw.get("checked", "")
        if not isinstance(checked, str) or (checked and not is_month(checked)):
            raise GuideContentError(
                N_("In operators.toml, {field} must be a month written YYYY-MM."),
                field=f"{op_id}.checked",
            )
        result[op_id] = Operator(
            id=op_id,
            names=_strings(raw.get("names", []), f"{op_id}.names"),
            display=_string_table(raw.get("display", {}), f"{op_id}.display"),
            checked=checked,
            facts=facts,
        )
    return result


def load_operators_file(path: Path) -> dict[str, Operator]:
    """Read and check ``path``; raise GuideContentError naming what is wrong."""
    return parse_operators(load_toml(path, path.name))


@cache
def bundled_operators() -> dict[str, Operator]:
    return load_operators_file(guide_dir() / "operators.toml")
