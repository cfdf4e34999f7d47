"""One measured quantity and how it compares to its target.

Why not pytest-benchmark: these numbers are reported, not asserted; a slow,
shared CI machine must never fail the build because of them.
"""

from __future__ import annotations

import json
import platform
import statistics
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass
class Result:
    name: str
    unit: str
    median: float
    p95: float
    target: str
    passed: bool
    runs: int

    @classmethod
    def from_samples(
        cls, name: str, samples: list[float], unit: str, limit: float, target: str | None = None,
        use_p95: bool = False,
    ) -> Result:
        ordered = sorted(samples)
        median = statistics.median(ordered)
        p95 = percentile(ordered, 95)
        checked = p95 if use_p95 else median
        return cls(name, unit, median, p95, target or f"< {limit:g} {unit}", checked < limit,
                   len(samples))


def percentile(ordered: list[float], pct: float) -> float:
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def print_table(results: list[Result]) -> None:
    header = f"{'measurement':44} {'median':>10} {'p95':>10} {'unit':>5}  {'target':18} result"
    print(header)
    print("-" * len(header))
    for r in results:
        verdict = "pass" if r.passed else "MISS"
        print(f"{r.name:44} {r.median:10.2f} {r.p95:10.2f} {r.unit:>5}  {r.target:18} {verdict}")


def write_json(results: list[Result], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "machine": {
            "python": platform.python_version(),
            "system": platform.platform(),
            "processor": platform.processor() or platform.machine(),
        },
        "results": [asdict(r) for r in results],
    }
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
