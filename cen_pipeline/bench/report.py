"""Timing of the annual report over a synthetic store of N goods lines.

The store is filled with SQL directly by `bench_transforms.fill` (no feed file), then two steps are timed
apart: the build of the analysis tables (`run_models`), and `write_report` for the latest year (its own tables
over that year and the year before, the figures, the text and charts, report.html, tables.xlsx and the CSV
files, and report.pdf).

Usage: python -m cen_pipeline.bench report [--lines N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from cen_pipeline.analysis.transform import run_models
from cen_pipeline.bench.transforms import fill
from cen_pipeline.report.annual import ReportRequest, write_report
from cen_pipeline.store.db import connect

YEAR = 2025  # the last year of the synthetic store (2019-2025)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time the annual report over N synthetic goods lines.")
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--db", type=Path, help="Where to build the store (default: a temporary folder).")
    parser.add_argument("--keep", action="store_true", help="Keep the store (with --db) and reuse it.")
    parser.add_argument("--out", type=Path, help="Where to write the report (default: a temporary folder).")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.duckdb"
        reuse = args.keep and path.exists()
        if path.exists() and not reuse:
            path.unlink()
        with connect(path) as con:
            if reuse:
                print(f"reusing {path}")
            else:
                start = time.perf_counter()
                fill(con, args.lines)
                print(f"fill: {time.perf_counter() - start:.1f} s (not timed)")
            start = time.perf_counter()
            run_models(con)
            models = time.perf_counter() - start
        print(f"model build over {args.lines:,} goods lines: {models:.1f} s")
        start = time.perf_counter()
        result = write_report(
            ReportRequest(db=path, year=YEAR, out=args.out or Path(tmp) / "report", replace=True)
        )
        total = time.perf_counter() - start
        for step, seconds in result.seconds.items():
            print(f"  {step:24} {seconds:8.2f} s")
        print(f"report annual (HTML + PDF + XLSX) over {args.lines:,} goods lines: {total:.1f} s")
        if args.db and not args.keep:
            path.unlink()


if __name__ == "__main__":
    main()
