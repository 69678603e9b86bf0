"""Time the quality step on a submission of a million goods lines beside the ingest of the same file.

    python -m cen_pipeline.bench quality [--lines N]

Writes the benchmark file with `samples.write_big_csv`, ingests it into a new store, then runs the quality gate
on the stored submission: the metrics query in DuckDB, the Great Expectations import and suite set-up, and
the GX validation, each timed.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path


def run(lines: int, folder: Path) -> dict[str, float]:
    from cen_pipeline.batch import ingest_file
    from cen_pipeline.quality import gx_runner
    from cen_pipeline.quality.metrics import submission_metrics
    from cen_pipeline.samples import write_big_csv
    from cen_pipeline.store.db import connect

    feed, db = folder / "big.csv", folder / "bench.duckdb"
    db.unlink(missing_ok=True)
    write_big_csv(feed, lines)
    figures: dict[str, float] = {}
    start = time.perf_counter()
    result = ingest_file(feed, db)
    figures["ingest_s"] = time.perf_counter() - start
    assert result.submission_id is not None, result
    sid = result.submission_id
    con = connect(db)
    try:
        start = time.perf_counter()
        submission_metrics(con, [sid])
        figures["metrics_query_s"] = time.perf_counter() - start
        start = time.perf_counter()
        gx_runner._runner()
        figures["gx_import_and_setup_s"] = time.perf_counter() - start
        start = time.perf_counter()
        con.execute("BEGIN")
        results = gx_runner.gate_submission(con, sid)
        con.execute("COMMIT")
        figures["quality_gate_s"] = time.perf_counter() - start
    finally:
        con.close()
    figures["quality_total_s"] = (
        figures["metrics_query_s"] + figures["gx_import_and_setup_s"] + figures["quality_gate_s"]
    )
    figures["goods_lines"] = float(result.lines_accepted)
    figures["expectations_failed"] = float(sum(not r.success for r in results))
    return figures


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    lines = int(args[0]) if args else 1_000_000
    if len(args) > 1:
        folder = Path(args[1])
        folder.mkdir(parents=True, exist_ok=True)
        figures = run(lines, folder)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            figures = run(lines, Path(tmp))
    for key, value in figures.items():
        print(f"{key:24} {value:10.2f}")
    ratio = figures["quality_total_s"] / figures["ingest_s"]
    print(f"{'quality / ingest':24} {ratio:10.2f}")


if __name__ == "__main__":
    main()
