"""`make check-spark`: Spark in local mode reads the Parquet lake and reproduces the store's figures.

Usage: python -m cen_pipeline.store.spark_check LAKE_DIR DB. Exit 0 when the per-year, per-region counts and sums
agree, 1 otherwise. pyspark is installed by the make target only: the pipeline itself never needs it.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

from cen_pipeline.store.db import connect


def store_figures(db: Path) -> dict[tuple[int, str], tuple[int, int, Decimal]]:
    con = connect(db, read_only=True)
    try:
        rows = con.execute(
            """SELECT year(c.seizure_date), c.wco_region, count(DISTINCT c.reporting_member || c.case_ref), count(*),
                      sum(l.quantity)
               FROM current_cases c JOIN current_lines l USING (reporting_member, case_ref, version) GROUP BY ALL"""
        ).fetchall()
    finally:
        con.close()
    return {(int(y), str(r)): (int(c), int(n), Decimal(q)) for y, r, c, n, q in rows}


def spark_figures(lake: Path) -> dict[tuple[int, str], tuple[int, int, Decimal]]:
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    spark = SparkSession.builder.master("local[2]").appName("cen-lake-check").getOrCreate()
    try:
        lines = spark.read.parquet(str(lake / "goods_lines"))  # Hive partitions year=/region= are discovered
        figures = (
            lines.groupBy("year", "region")
            .agg(
                F.countDistinct(F.concat("reporting_member", "case_ref")).alias("cases"),
                F.count("*").alias("lines"),
                F.sum("quantity").alias("quantity"),
            )
            .collect()
        )
    finally:
        spark.stop()
    return {
        (int(r["year"]), str(r["region"])): (int(r["cases"]), int(r["lines"]), Decimal(r["quantity"]))
        for r in figures
    }


def main() -> None:
    lake, db = Path(sys.argv[1]), Path(sys.argv[2])
    expected, got = store_figures(db), spark_figures(lake)
    for key in sorted(expected):
        mark = "ok" if got.get(key) == expected[key] else "DIFFERS"
        print(f"{key[0]} {key[1]:5} store {expected[key]} spark {got.get(key)} {mark}")
    if got != expected:
        print("Spark's figures differ from the store's", file=sys.stderr)
        sys.exit(1)
    print(f"Spark reproduced {len(expected)} year x region figures from the lake")


if __name__ == "__main__":
    main()
