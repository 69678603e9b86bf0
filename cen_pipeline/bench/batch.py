"""`make bench` step `batch`: a RILO's batch of many small Member files stored by one `cen ingest` call,
beside DuckDB's plain load of the same files into one table.

Usage: python -m cen_pipeline.bench batch [--lines FILES]
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from cen_pipeline.bench.ingest import Figure, cen, measure, python, report
from cen_pipeline.samples.big import split_by_case, write_big_csv

LINES_PER_FILE = 100


def plain_load_all(files: list[Path], db: Path) -> list[str]:
    """DuckDB's own load of every file into one table of a fresh database: the yardstick."""
    db.unlink(missing_ok=True)
    names = [str(f) for f in files]
    return python(
        f"import duckdb; c = duckdb.connect({str(db)!r}); c.execute('SET enable_progress_bar=false'); "
        f"c.execute('CREATE TABLE t AS SELECT * FROM read_csv(?)', [{names!r}]); c.close()"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=1000, help="files in the batch")
    parser.add_argument("--dir", type=Path, default=Path("out/bench"))
    args = parser.parse_args(argv)
    folder = args.dir / f"batch-{args.lines}"
    if folder.exists():
        shutil.rmtree(folder)
    big = args.dir / f"batch-{args.lines}.csv"
    write_big_csv(big, args.lines * LINES_PER_FILE, seed=13)
    files = split_by_case(big, folder, LINES_PER_FILE)
    baseline = measure(
        "DuckDB plain read_csv of the files into one table",
        plain_load_all(files, args.dir / "plain-batch.duckdb"),
    )
    store = args.dir / "batch.duckdb"
    for leftover in (store, Path(str(store) + ".wal")):
        leftover.unlink(missing_ok=True)
    batch = measure(
        "cen ingest of the files in one call",
        cen("ingest", *map(str, files), "--db", str(store), "--format", "json"),
    )
    figures: list[Figure] = [baseline, batch]
    report(
        figures, baseline, f"{len(files)} files of about {LINES_PER_FILE} goods lines (target: <= 3x plain)"
    )
    print(f"  {batch.seconds / len(files):.3f} s a file, each stored in a transaction of its own")


if __name__ == "__main__":
    main()
