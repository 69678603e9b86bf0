"""`make bench`: ingesting the same goods lines as a CSV feed and as an EDIFACT interchange, in one run.

The interchange is written from the CSV by the message writer, so both files hold the same cases. Each
ingest runs in a fresh child process into a fresh store, after a small file of the same kind has been
ingested there first: imports and other start costs are then paid before the clock starts, and what is
compared is the work per goods line. The best of `--repeat` runs counts (other work on the machine only
ever adds time), and the figure to quote is the ratio, EDIFACT over CSV.
Usage: python -m cen_pipeline.bench edi [--lines N]
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

# The target of the issue: the interchange ingests in at most this many times the CSV's time.
TARGET_RATIO = 5.0
_WARM_UP_LINES = 200


def write_edi_from_csv(source: Path, target: Path) -> int:
    """Write the cases of the canonical CSV `source` as an interchange; gives the number of messages."""
    from cen_pipeline.intake.edi.writer import encode_interchange, group_cases, write_interchange

    with source.open(encoding="utf-8", newline="") as f:
        records: list[Mapping[str, object]] = [
            {name: value for name, value in row.items() if value != ""} for row in csv.DictReader(f)
        ]
    cases: Sequence[Sequence[Mapping[str, object]]] = group_cases(records)
    text = write_interchange(cases, "BENCH", "WCOCEN", "BENCH1", prepared=datetime(2025, 1, 1, 12, 0))
    target.write_bytes(encode_interchange(text))
    return len(cases)


def write_pair(directory: Path, lines: int) -> tuple[Path, Path, int]:
    """The CSV feed of `lines` goods lines and the same cases as an interchange."""
    from cen_pipeline.samples import write_big_csv

    feed = directory / f"edi-bench-{lines}.csv"
    interchange = feed.with_suffix(".edi")
    write_big_csv(feed, lines)
    return feed, interchange, write_edi_from_csv(feed, interchange)


def _fresh(db: Path) -> Path:
    for leftover in (db, Path(str(db) + ".wal")):
        leftover.unlink(missing_ok=True)
    return db


def child(path: Path, warm_up: Path, db: Path) -> None:
    """Ingest `warm_up`, then time the ingest of `path` into a fresh store; prints the figures as JSON."""
    from cen_pipeline.batch import ingest_file

    ingest_file(warm_up, _fresh(db.with_suffix(".warm.duckdb")))
    start = time.perf_counter()
    result = ingest_file(path, _fresh(db))
    seconds = time.perf_counter() - start
    print(
        json.dumps(
            {"seconds": seconds, "lines": result.lines_accepted, "quarantined": result.rows_quarantined}
        )
    )


def ingest_seconds(path: Path, warm_up: Path, db: Path) -> tuple[float, int]:
    """Seconds `ingest_file` takes over `path` in a fresh child process, and the goods lines it accepted."""
    argv = [sys.executable, "-m", "cen_pipeline.bench.edi", "--child", str(path), str(warm_up), str(db)]
    run = subprocess.run(argv, capture_output=True, text=True, check=False)
    if run.returncode != 0 or not run.stdout.strip():
        raise RuntimeError(f"ingest of {path} failed: {run.stderr.strip()[-800:]}")
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    if figures["quarantined"]:
        raise RuntimeError(f"ingest of {path} quarantined {figures['quarantined']} rows")
    return float(figures["seconds"]), int(figures["lines"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, default=Path("out/bench"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    args.dir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    feed, interchange, messages = write_pair(args.dir, args.lines)
    small_feed, small_interchange, _ = write_pair(args.dir, _WARM_UP_LINES)
    print(
        f"generated {args.lines:,} goods lines in {messages:,} cases: CSV "
        f"{feed.stat().st_size / 2**20:.1f} MiB, EDIFACT {interchange.stat().st_size / 2**20:.1f} MiB "
        f"({time.perf_counter() - start:.0f} s)"
    )
    best = {"csv": float("inf"), "edi": float("inf")}
    for _ in range(args.repeat):
        # Alternate the two, so that a burst of other work on the machine does not favour one of them.
        for name, path, warm_up in (("csv", feed, small_feed), ("edi", interchange, small_interchange)):
            seconds, lines = ingest_seconds(path, warm_up, args.dir / f"edi-bench-{name}.duckdb")
            if lines != args.lines:
                raise RuntimeError(f"{path} gave {lines} goods lines, not {args.lines}")
            best[name] = min(best[name], seconds)
    ratio = best["edi"] / best["csv"]
    print(f"ingest of {args.lines:,} goods lines into a fresh store, best of {args.repeat}:")
    print(f"  CSV      {best['csv']:8.2f} s")
    print(f"  EDIFACT  {best['edi']:8.2f} s")
    verdict = "met" if ratio <= TARGET_RATIO else "MISSED"
    print(f"  ratio    {ratio:8.2f}x (target <= {TARGET_RATIO:g}x: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
