"""Benchmark of one monthly alert run over a synthetic store of about 10 million goods lines.

``python -m cen_pipeline.bench alerts [--lines N]`` builds the store with
SQL inserts (ten Members, 2019-2025, Poisson-like monthly volumes with a fourth-quarter peak, about 2.5
goods lines per case) and times :func:`cen_pipeline.alerts.engine.run_month` for one month, all methods
and strata.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from cen_pipeline.alerts import engine
from cen_pipeline.alerts.months import parse_month
from cen_pipeline.store.db import connect

MEMBERS = ("FR", "DE", "ES", "US", "MX", "JP", "KR", "IN", "MA", "ZA")
CATEGORIES = (
    "clothing",
    "sport_shoes",
    "bags_wallets",
    "medicines",
    "watches",
    "clothing_accessories",
    "perfumes_cosmetics",
    "jewellery",
    "phone_accessories",
    "sunglasses",
    "toys",
    "mobile_phones",
    "games",
    "labels_tags",
    "other_shoes",
    "electrical_household",
    "sporting_articles",
    "foodstuffs",
    "cigarettes",
    "vehicle_parts",
)
DEPARTURES = ("CN", "HK", "TR", "AE", "VN", "IN", "TH", "SG", "MY", "ID")


def build(db: Path, lines: int) -> float:
    """Create the synthetic store at ``db`` (replacing it); return the seconds taken."""
    t0 = time.perf_counter()
    for p in (db, db.with_suffix(db.suffix + ".wal")):
        p.unlink(missing_ok=True)
    cases = lines * 2 // 5
    con = connect(db)
    mem = "[" + ", ".join(f"'{m}'" for m in MEMBERS) + "]"
    cat = "[" + ", ".join(f"'{c}'" for c in CATEGORIES) + "]"
    dep = "[" + ", ".join(f"'{d}'" for d in DEPARTURES) + "]"
    con.execute(
        "INSERT INTO submissions (submission_id, member, file_name, kind, status) "
        f"SELECT i + 1, m, m || '.csv', 'feed', 'accepted' FROM (SELECT unnest({mem}) AS m, generate_subscripts({mem}, 1) AS i)"
    )
    # Seizure day: uniform over 2019-2025 with a fourth-quarter surplus (hash-based, reproducible).
    con.execute(
        f"""
        INSERT INTO cases (reporting_member, case_ref, version, submission_id, is_current, withdrawn, line_count,
                           seizure_date, location_type, conveyance, procedure_initiation, departure_country,
                           destination_country, concealment_method)
        SELECT {mem}[1 + (i % {len(MEMBERS)})], 'B-' || i, 1, 1 + (i % {len(MEMBERS)}), true, false, 2,
               CASE WHEN (hash(i, 'q') % 10)::BIGINT < 2
                    THEN (DATE '2019-10-01' + to_years((hash(i, 'y') % 7)::INTEGER) + to_days((hash(i, 'd') % 92)::INTEGER))::DATE
                    ELSE (DATE '2019-01-01' + to_days((hash(i, 'd') % 2557)::INTEGER))::DATE END,
               'airport', 'postal', 'ex_officio', {dep}[1 + ((hash(i, 'dep') % {len(DEPARTURES)}))::BIGINT],
               {mem}[1 + (i % {len(MEMBERS)})], 'misdeclared'
        FROM range({cases}) t(i)
        """
    )
    con.execute(
        f"""
        INSERT INTO goods_lines (reporting_member, case_ref, version, line_no, product_category, brand, ipr_types,
                                 quantity, unit, articles, value, currency, health_safety)
        SELECT {mem}[1 + (c % {len(MEMBERS)})], 'B-' || c, 1, 1 + (j // {cases}),
               {cat}[1 + ((hash(j, 'cat') % {len(CATEGORIES)}))::BIGINT], 'Brand' || ((hash(j, 'b') % 50))::BIGINT, 'trade_mark',
               1 + (hash(j, 'q') % 200)::BIGINT, 'pieces', 1 + (hash(j, 'q') % 200)::BIGINT, 10 + (hash(j, 'v') % 5000)::BIGINT, 'EUR', false
        FROM (SELECT j, j % {cases} AS c FROM range({lines}) t(j))
        """
    )
    con.close()
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/cen-alerts-bench.duckdb"))
    parser.add_argument("--month", default="2025-06")
    parser.add_argument(
        "--reuse", action="store_true", help="Time an existing store instead of building one."
    )
    args = parser.parse_args(argv)
    if not args.reuse:
        built = build(args.db, args.lines)
        print(f"built {args.lines:,} goods lines in {built:.1f} s")
    with connect(args.db, read_only=True) as con:
        t0, c0 = time.perf_counter(), time.process_time()
        alerts = engine.run_month(con, parse_month(args.month))
        took, cpu = time.perf_counter() - t0, time.process_time() - c0
    # The processor time, next to the elapsed time, tells a slow run from a busy machine.
    print(f"alerts for {args.month}: {len(alerts)} alert(s) in {took:.1f} s ({cpu:.1f} s of processor time)")


if __name__ == "__main__":
    main()
