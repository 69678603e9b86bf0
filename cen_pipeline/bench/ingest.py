"""`make bench`: speed and memory figures measured in one run, each step a separate process.

Ratios are what to quote: every figure of a run is taken on the same machine at the same time.
Usage: python -m cen_pipeline.bench ingest [--lines N]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from cen_pipeline.bench.peak import MARK
from cen_pipeline.samples import write_big_csv


@dataclass
class Figure:
    name: str
    seconds: float
    peak_mib: float
    exit_code: int


def measure(name: str, argv: list[str]) -> Figure:
    """Run a command as a child process; its wall time and peak resident memory (its own: see bench.peak)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "cen_pipeline.bench.peak", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    err, _, peak = done.stderr.rpartition(MARK)
    if done.returncode not in (0, 1):
        print(f"  {name} failed ({done.returncode}): {err.strip()[:400]}", file=sys.stderr)
    kib = int(peak) if peak.strip().isdigit() else 0
    return Figure(name, seconds, kib / 1024, done.returncode)


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def cen(*args: str) -> list[str]:
    return [sys.executable, "-m", "cen_pipeline", *args]


def plain_load(csv: Path, db: Path, delimiter: str = ",") -> list[str]:
    """DuckDB's own load of the file into a table of a fresh database: the yardstick."""
    db.unlink(missing_ok=True)
    return python(
        f"import duckdb; c = duckdb.connect({str(db)!r}); c.execute('SET enable_progress_bar=false'); "
        f'c.execute("CREATE TABLE t AS SELECT * FROM read_csv({str(csv)!r}, delim={delimiter!r})"); c.close()'
    )


def guard_seconds(csv: Path) -> float | None:
    """The seconds the personal-data guard takes on `csv`, screened alone in a child process."""
    done = subprocess.run(
        [sys.executable, "-m", "cen_pipeline.bench.guard_share", str(csv)], capture_output=True, text=True
    )
    found = re.search(r"in ([0-9.]+) s", done.stdout)
    if done.returncode or not found:
        print(f"  the guard alone failed: {done.stderr.strip()[:400]}", file=sys.stderr)
        return None
    return float(found.group(1))


def report(figures: list[Figure], baseline: Figure, title: str) -> None:
    print(f"\n{title}")
    print(f"  {'step':44} {'seconds':>8} {'x plain':>8} {'peak MiB':>9}")
    for f in figures:
        ratio = f.seconds / baseline.seconds if baseline.seconds else float("nan")
        print(f"  {f.name:44} {f.seconds:8.2f} {ratio:8.2f} {f.peak_mib:9.0f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, default=Path("out/bench"))
    parser.add_argument("--only", default="validate")
    args = parser.parse_args(argv)
    steps = set(args.only.split(","))
    args.dir.mkdir(parents=True, exist_ok=True)
    csv = args.dir / f"bench-{args.lines}.csv"
    if not csv.exists():
        t = time.perf_counter()
        write_big_csv(csv, args.lines)
        print(
            f"generated {csv} ({args.lines:,} goods lines, {csv.stat().st_size / 2**20:.0f} MiB) "
            f"in {time.perf_counter() - t:.1f} s"
        )
    baseline = measure("DuckDB plain read_csv into a table", plain_load(csv, args.dir / "plain.duckdb"))
    figures = [baseline]
    guard = None
    if "validate" in steps:
        figures.append(
            measure("cen validate", cen("validate", str(csv), "--format", "json", "--max-errors", "10"))
        )
        guard = guard_seconds(csv)
    if "ingest" in steps:
        store = args.dir / "ingest.duckdb"
        for leftover in (store, Path(str(store) + ".wal")):
            leftover.unlink(missing_ok=True)
        figures.append(
            measure(
                "cen ingest into a fresh store",
                cen("ingest", str(csv), "--db", str(store), "--format", "json"),
            )
        )
        # A fixed cost within the ingest, whatever the file: importing GX and building the quality suite.
        figures.append(
            measure(
                "GX set-up alone (every ingest pays it)",
                [sys.executable, "-m", "cen_pipeline.quality"],
            )
        )
    report(
        figures,
        baseline,
        f"{args.lines:,} goods lines, measured in this run (targets at 1M lines: validate <= 1.3x plain, "
        "ingest <= 1.5x plain, < 1 GiB each; at 10M lines: ingest < 2 GiB)",
    )
    if guard is not None:
        validate = next(f for f in figures if f.name == "cen validate")
        print(
            f"  the personal-data guard alone (its SQL screen of the text columns): {guard:.2f} s, "
            f"{guard / validate.seconds:.0%} of validate, {guard / baseline.seconds:.2f}x plain"
        )


if __name__ == "__main__":
    main()
