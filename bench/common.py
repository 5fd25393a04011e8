"""Shared pieces of the benchmarks: import paths, timing statistics and the results table."""

from __future__ import annotations

import gc
import math
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
for _p in (str(REPO), str(REPO / "tests"), str(BENCH)):
    if _p not in sys.path:
        sys.path.insert(0, _p)


def percentile(samples: list[float], q: float) -> float:
    """The nearest-rank percentile (q in 0..100) of ``samples``."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def timed(func: Callable[[], Any], repeat: int, warmup: int = 1) -> list[float]:
    """Milliseconds of ``repeat`` calls of ``func``, after ``warmup`` untimed ones."""
    for _ in range(warmup):
        func()
    samples = []
    gc.collect()
    for _ in range(repeat):
        t0 = time.perf_counter()
        func()
        samples.append((time.perf_counter() - t0) * 1000)
    return samples


@dataclass
class Figure:
    """One line of the results: ours next to the naive baseline, in the same run."""

    section: str
    name: str
    median: float
    p95: float
    unit: str = "ms"
    base_name: str = ""
    base_median: float | None = None
    base_p95: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.base_median is None or not self.median:
            return None
        if self.unit == "ms":
            return self.base_median / self.median  # times faster than the baseline
        return self.median / self.base_median  # e.g. ours / floor, or a speed-up

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["ratio"] = self.ratio
        return out


def make_figure(
    section: str,
    name: str,
    ours: list[float],
    base: list[float] | None = None,
    base_name: str = "",
    **kwargs: Any,
) -> Figure:
    return Figure(
        section,
        name,
        statistics.median(ours),
        percentile(ours, 95),
        base_name=base_name,
        base_median=statistics.median(base) if base else None,
        base_p95=percentile(base, 95) if base else None,
        **kwargs,
    )


def _num(value: float | None, unit: str = "ms") -> str:
    if value is None:
        return "-"
    if unit == "ms":
        return f"{value:.1f}" if value < 100 else f"{value:.0f}"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def table(figures: list[Figure]) -> str:
    """A Markdown table of the figures."""
    lines = [
        "| section | measurement | median | p95 | unit | baseline | base median | base p95 "
        "| ratio | target | met |",
        "|---|---|---:|---:|---|---|---:|---:|---:|---|---|",
    ]
    for f in figures:
        ratio = f.ratio
        met = "-" if f.met is None else ("yes" if f.met else "**no**")
        lines.append(
            f"| {f.section} | {f.name} | {_num(f.median, f.unit)} | {_num(f.p95, f.unit)} "
            f"| {f.unit} | {f.base_name or '-'} | {_num(f.base_median, f.unit)} "
            f"| {_num(f.base_p95, f.unit)} | {f'{ratio:.1f}x' if ratio else '-'} "
            f"| {f.target or '-'} | {met} |"
        )
    notes = [f"- {f.section} / {f.name}: {f.note}" for f in figures if f.note]
    return "\n".join(lines + (["", *notes] if notes else []))
