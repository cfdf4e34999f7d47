"""Operator facts from ``operators.toml``: the one place a code is written.

Both the guide pages and the card editor read from here, so when an operator
changes a code only the data file changes.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import NamedTuple

from companion.paths import guide_dir

CONFIDENCE_LEVELS = ("H", "M", "L")


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


def parse_operators(data: dict[str, object]) -> dict[str, Operator]:
    raw_ops = data.get("operators")
    if not isinstance(raw_ops, dict):
        raise ValueError("operators.toml has no [operators] table")
    result: dict[str, Operator] = {}
    for op_id, raw in raw_ops.items():
        if not isinstance(raw, dict):
            raise ValueError(f"operator {op_id!r} is not a table")
        facts: dict[str, Fact] = {}
        for key, value in raw.items():
            if isinstance(value, dict) and "value" in value:
                conf = str(value.get("conf", "L"))
                if conf not in CONFIDENCE_LEVELS:
                    raise ValueError(f"{op_id}.{key}: bad confidence {conf!r}")
                facts[key] = Fact(str(value["value"]), str(value.get("kind", "text")), conf)
        result[op_id] = Operator(
            id=op_id,
            names=tuple(str(n) for n in raw.get("names", [])),
            display={str(k): str(v) for k, v in dict(raw.get("display", {})).items()},
            checked=str(raw.get("checked", "")),
            facts=facts,
        )
    return result


def load_operators_file(path: Path) -> dict[str, Operator]:
    import tomllib  # not needed when the guide comes from catalogue_cache

    with path.open("rb") as fh:
        return parse_operators(tomllib.load(fh))


@cache
def bundled_operators() -> dict[str, Operator]:
    return load_operators_file(guide_dir() / "operators.toml")
