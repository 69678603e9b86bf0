"""`python -m cen_pipeline.bench [step ...] [--lines N]`: the benchmarks of every stage, in one run.

With no step named every default step runs at its own size (what `make bench` does). Ratios are what to quote:
the figures of one run are taken on the same machine at the same time.
"""

from __future__ import annotations

import argparse
import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """A benchmark: the module whose `main(argv)` runs it, and its arguments."""

    module: str
    argv: tuple[str, ...]
    lines: int | None  # the default size, which --lines overrides; None when the step has no size
    about: str
    default: bool = True  # run by `make bench`; the others only when named (a detail of a default step)

    def args(self, lines: int | None) -> list[str]:
        argv = list(self.argv)
        if self.lines is None:
            return argv
        size = str(lines or self.lines)
        return [size, *argv] if self.module == "quality" else ["--lines", size, *argv]


STEPS: dict[str, Step] = {
    "ingest": Step("ingest", ("--only", "validate,ingest"), 1_000_000, "validate and ingest beside DuckDB"),
    "batch": Step("batch", (), 1000, "a batch of many 100-line files in one ingest call"),
    "ingest-10m": Step("ingest", ("--only", "ingest"), 10_000_000, "ingest of ten million goods lines"),
    "transforms": Step("transforms", (), 10_000_000, "the analysis-table build"),
    "quality": Step("quality", (), 1_000_000, "the quality gate beside the ingest"),
    "edi-syntax": Step("edi_syntax", (), None, "the EDIFACT tokenizer beside pydifact"),
    "guard": Step("guard", (), None, "the personal-data guard beside Presidio, on the labelled corpus"),
    "edi": Step("edi", (), 100_000, "an interchange's ingest beside the same CSV"),
    "register": Step("register", (), 1_000_000, "a 52-Member register through ingest, quality and alerts"),
    "outbreaks": Step(
        "outbreaks", (), None, "alerts on planted outbreaks, per scenario, beside each method alone"
    ),
    "growth": Step("growth", (), 1_000_000, "cen alerts and cen report annual over 1M and 10M goods lines"),
    "alerts": Step("alerts", ("--db", "out/bench/alerts.duckdb"), 10_000_000, "one month of alerts", False),
    "report": Step(
        "report", ("--db", "out/bench/report.duckdb"), 10_000_000, "the annual report, step by step", False
    ),
    "service": Step("service", (), 100_000, "a file through the submission service beside cen ingest"),
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m cen_pipeline.bench",
        description=__doc__.splitlines()[0] if __doc__ else None,
        epilog="steps: " + "; ".join(f"{name}: {step.about}" for name, step in STEPS.items()),
    )
    parser.add_argument("steps", nargs="*", metavar="step", help="steps to run (all when none is named)")
    parser.add_argument(
        "--lines", type=int, help="goods lines for every step named (each has its own default)"
    )
    args = parser.parse_args(argv)
    unknown = [name for name in args.steps if name not in STEPS]
    if unknown:
        parser.error(f"no step {', '.join(unknown)}; the steps are {', '.join(STEPS)}")
    for name in args.steps or [name for name, step in STEPS.items() if step.default]:
        step = STEPS[name]
        print(f"== {name}: {step.about}", flush=True)
        run: Callable[[list[str]], object] = importlib.import_module(f"cen_pipeline.bench.{step.module}").main
        start = time.perf_counter()
        run(step.args(args.lines))
        print(f"   ({name} took {time.perf_counter() - start:.0f} s)\n", flush=True)


if __name__ == "__main__":
    main()
