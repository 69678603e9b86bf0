"""How the month's alerts and the annual report grow with the store: `cen alerts` for one month and
`cen report annual` for the last year, each run as a user runs it over synthetic stores of 1M and 10M goods
lines (`bench.transforms.fill`, seven years of ten Members, the analysis tables built as an ingest leaves
them), and the ratio of the two sizes. Ten times the data should cost at most ten times the time.

    python -m cen_pipeline.bench growth [--lines N]   (N: the small store; the large one is ten times N)
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from cen_pipeline.analysis.transform import run_models
from cen_pipeline.bench.ingest import Figure, cen, measure
from cen_pipeline.bench.transforms import fill
from cen_pipeline.store.db import connect

MONTH, YEAR = "2025-06", 2025  # within the last year of the synthetic store (2019-2025)
GROWTH = 10


def build(db: Path, lines: int) -> None:
    for leftover in (db, Path(f"{db}.wal")):
        leftover.unlink(missing_ok=True)
    with connect(db) as con:
        fill(con, lines)
        run_models(con)


def timed(db: Path, lines: int, folder: Path) -> tuple[Figure, Figure]:
    start = time.perf_counter()
    build(db, lines)
    print(f"  built a store of {lines:,} goods lines in {time.perf_counter() - start:.0f} s (not timed)")
    alerts = measure(f"cen alerts --month {MONTH}", cen("alerts", "--db", str(db), "--month", MONTH))
    out = folder / f"report-{lines}"
    shutil.rmtree(out, ignore_errors=True)
    report = measure(
        f"cen report annual --year {YEAR}",
        cen("report", "annual", "--db", str(db), "--year", str(YEAR), "--out", str(out)),
    )
    return alerts, report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--lines", type=int, default=1_000_000, help="goods lines of the small store")
    parser.add_argument("--dir", type=Path, default=Path("out/bench"))
    args = parser.parse_args(argv)
    args.dir.mkdir(parents=True, exist_ok=True)
    sizes = (args.lines, args.lines * GROWTH)
    runs = {n: timed(args.dir / f"growth-{n}.duckdb", n, args.dir) for n in sizes}
    small, large = sizes
    print(f"\n  {'command':34} {small:>12,} {large:>12,}   ratio  peak MiB (large)")
    for i in range(2):
        a, b = runs[small][i], runs[large][i]
        ratio = b.seconds / a.seconds if a.seconds else float("nan")
        failed = "" if a.exit_code == b.exit_code == 0 else f"  (exit {a.exit_code}, {b.exit_code})"
        print(f"  {a.name:34} {a.seconds:11.1f}s {b.seconds:11.1f}s {ratio:7.2f}  {b.peak_mib:8.0f}{failed}")
    print(f"  (target: at most {GROWTH}x for {GROWTH} times the goods lines)")
    for n in sizes:
        for leftover in (args.dir / f"growth-{n}.duckdb", args.dir / f"growth-{n}.duckdb.wal"):
            leftover.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
