"""Timing of the analysis-table build (`run_models`) over a synthetic store of N goods lines.

The store is made by `store.connect` and filled with SQL directly (no feed file, no validation): about
2.5 goods lines per case, 15 Members, 2019-2025, several currencies and value bases, so every model does
its real work. Only `run_models` is timed; the fill time is printed apart.

Usage: python -m cen_pipeline.bench transforms [--lines N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import duckdb

from cen_pipeline.analysis.transform import run_models
from cen_pipeline.store.db import connect

MEMBERS = ("FR", "DE", "ES", "TR", "US", "MX", "JP", "KR", "IN", "MA", "SA", "KE", "ZA", "NG", "SN")
CURRENCIES = (
    "EUR",
    "EUR",
    "EUR",
    "TRY",
    "USD",
    "MXN",
    "JPY",
    "KRW",
    "INR",
    "MAD",
    "SAR",
    "KES",
    "ZAR",
    "NGN",
    "XOF",
)


def _pick(values: tuple[str, ...], expr: str) -> str:
    items = ", ".join(f"'{v}'" for v in values)
    return f"([{items}])[(1 + ({expr}) % {len(values)})::BIGINT]"


def fill(con: duckdb.DuckDBPyConnection, lines: int) -> int:
    """Insert synthetic current cases and goods lines (case i has 1 + i % 4 lines); returns the cases."""
    cases = max(1, round(lines / 2.5))
    member_sql = _pick(MEMBERS, "i")
    con.execute(
        f"""INSERT INTO cases (reporting_member, case_ref, version, submission_id, is_current, withdrawn,
                line_count, seizure_date, location_type, conveyance, traffic, procedure_initiation, outcome,
                origin_country, departure_country, transit_countries, destination_country,
                small_consignment, ecommerce, detection_method, concealment_method)
            SELECT {member_sql}, 'C' || i, 1, 1, true, false, 1 + i % 4,
                   DATE '2019-01-01' + (hash(i) % 2557)::INTEGER,
                   {_pick(("airport", "seaport", "mail_centre", "express_hub", "land_border"), "hash(i, 1)")},
                   {_pick(("postal", "express_courier", "air_cargo", "sea_container", "road", "air_passenger"), "hash(i, 2)")},
                   CASE WHEN hash(i, 3) % 3 = 0 THEN NULL ELSE 'freight' END,
                   {_pick(("ex_officio", "application"), "hash(i, 4)")},
                   {_pick(("destroyed_standard", "destroyed_small_consignment", "court_case", "pending"), "hash(i, 5)")},
                   {_pick(("CN", "HK", "TR", "AE", "VN", "IN", "TH", "SG"), "hash(i, 6)")},
                   {_pick(("CN", "HK", "TR", "AE", "VN", "IN", "TH", "SG"), "hash(i, 7)")},
                   CASE WHEN hash(i, 8) % 5 = 0 THEN 'AE|TR' END,
                   {member_sql}, hash(i, 9) % 2 = 0, CASE WHEN hash(i, 10) % 4 = 0 THEN NULL ELSE hash(i, 11) % 2 = 0 END,
                   {_pick(("risk_profiling", "intelligence", "random_control", "scanner", "detector_dog"), "hash(i, 12)")},
                   CASE WHEN hash(i, 13) % 3 = 0 THEN NULL ELSE
                        {_pick(("none", "misdeclared", "mixed_with_genuine", "in_luggage", "in_cargo"), "hash(i, 14)")} END
            FROM range({cases}) t(i)"""
    )
    con.execute(
        f"""INSERT INTO goods_lines (reporting_member, case_ref, version, line_no, product_category, hs_code,
                brand, ipr_types, quantity, unit, articles, value, currency, value_basis, health_safety)
            SELECT {member_sql}, 'C' || i, 1, k + 1,
                   {_pick(("clothing", "sport_shoes", "medicines", "toys", "watches", "bags_wallets"), "hash(i, k)")},
                   {_pick(("6109", "6404", "3004", "9503", "9102", "4202"), "hash(i, k)")},
                   {_pick(("Nike", "Adidas", "Lego", "Rolex", "Louis Vuitton"), "hash(i, k, 1)")},
                   CASE WHEN hash(i, k, 2) % 6 = 0 THEN 'trade_mark|design' ELSE 'trade_mark' END,
                   (1 + hash(i, k, 3) % 500)::DECIMAL(18, 4),
                   {_pick(("pieces", "pairs", "packs", "kg"), "hash(i, k, 4)")},
                   CASE WHEN hash(i, k, 5) % 3 = 0 THEN NULL ELSE (1 + hash(i, k, 3) % 500)::BIGINT END,
                   CASE WHEN hash(i, k, 6) % 7 = 0 THEN NULL ELSE (hash(i, k, 7) % 100000 / 100)::DECIMAL(18, 4) END,
                   CASE WHEN hash(i, k, 6) % 7 = 0 THEN NULL ELSE {_pick(CURRENCIES, "i")} END,
                   CASE WHEN hash(i, k, 6) % 7 = 0 THEN NULL ELSE
                        {_pick(("retail", "retail", "retail", "declared", "msrp", "declared", "retail", "declared", "declared", "declared", "declared", "declared", "declared", "declared", "declared"), "i")} END,
                   hash(i, k) % 6 = 2
            FROM range({cases}) t(i), LATERAL (SELECT unnest(range(1 + i % 4)) AS k)"""
    )
    row = con.execute("SELECT count(*) FROM goods_lines").fetchone()
    print(f"goods lines: {row[0] if row else 0:,}  cases: {cases:,}")
    return cases


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Time the analysis-table build over N synthetic goods lines."
    )
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--db", type=Path, help="Where to build the store (default: a temporary folder).")
    parser.add_argument("--keep", action="store_true", help="Keep the store (with --db).")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.duckdb"
        if path.exists():
            path.unlink()
        con = connect(path)
        try:
            start = time.perf_counter()
            fill(con, args.lines)
            print(f"fill: {time.perf_counter() - start:.1f} s (not timed)")
            start, cpu = time.perf_counter(), time.process_time()
            timings = run_models(con)
            total, cpu = time.perf_counter() - start, time.process_time() - cpu
            # A second build with nothing ingested in between is skipped: what `cen ingest` and
            # `cen transform` pay when the store did not change.
            start = time.perf_counter()
            skipped = not run_models(con, force=False)
            unchanged = time.perf_counter() - start
        finally:
            con.close()
        for name, seconds in timings.items():
            print(f"  {name:28} {seconds:8.2f} s")
        # CPU seconds of this process (all its threads): the machine may be shared, wall time is noisy.
        print(f"run_models over {args.lines:,} goods lines: {total:.1f} s ({cpu:.1f} s of CPU)")
        print(f"run_models again, store unchanged: {unchanged:.2f} s ({'skipped' if skipped else 'rebuilt'})")
        if args.db and not args.keep:
            path.unlink()


if __name__ == "__main__":
    main()
