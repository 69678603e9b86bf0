"""A large valid canonical feed for benchmarks, written by DuckDB without holding it in memory: `big_csv_sql`
and `write_big_csv`.

Every choice is a hash of the case or line number, so the same seed and length write the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from cen_pipeline.contract.models import FEED_FIELDS
from cen_pipeline.core.duck import sql_str
from cen_pipeline.samples.goods import CATEGORIES
from cen_pipeline.samples.members import MEMBER
from cen_pipeline.samples.reference import CONVEYANCE_PLACE, QUANTITY_SCALE, fx

BIG_MEMBERS = ("FR", "DE", "ES", "US", "JP", "KR", "MX", "MA", "ZA", "NG")
BIG_DEPARTURES = ("CN", "CN", "CN", "CN", "HK", "HK", "TR", "AE", "VN", "IN", "TH", "SG")
BIG_CONVEYANCES = (
    "postal",
    "postal",
    "postal",
    "postal",
    "express_courier",
    "express_courier",
    "express_courier",
    "air_cargo",
    "sea_container",
    "road",
    "air_passenger",
)
# Ways of cutting a block of ten lines into four cases (2.5 lines per case on average): the case of each line.
_BLOCK_PATTERNS = (
    (0, 1, 1, 2, 2, 2, 3, 3, 3, 3),
    (0, 0, 0, 0, 1, 1, 1, 2, 2, 3),
    (0, 0, 1, 1, 2, 2, 2, 3, 3, 3),
    (0, 0, 0, 1, 2, 2, 2, 2, 3, 3),
    (0, 0, 1, 1, 1, 1, 2, 3, 3, 3),
)


def _sql_list(values: Iterable[Any]) -> str:
    return (
        "["
        + ", ".join("'" + str(v).replace("'", "''") + "'" if isinstance(v, str) else str(v) for v in values)
        + "]"
    )


def _line_numbers(pattern: Sequence[int]) -> list[int]:
    return [pattern[: j + 1].count(case) for j, case in enumerate(pattern)]


def big_csv_sql(path: Path, lines: int, seed: int = 7) -> str:
    """The DuckDB statement that writes the big feed: every choice is a hash of the case or line number."""
    members = [MEMBER[c] for c in BIG_MEMBERS]
    cats = [c for c in CATEGORIES if c.weight >= 1]
    weighted = [i for i, c in enumerate(cats) for _ in range(max(1, round(c.weight)))]

    def pick(values: Sequence[Any], key: str, salt: str) -> str:
        return f"{_sql_list(values)}[1 + (hash({key}, {seed}, '{salt}') % {len(values)})::INTEGER]"

    def by(values: Sequence[Any], index: str) -> str:
        return f"{_sql_list(values)}[1 + {index}]"

    places = [CONVEYANCE_PLACE[c] for c in BIG_CONVEYANCES]
    scale = [QUANTITY_SCALE[c] for c in BIG_CONVEYANCES]
    desks = [
        m.offices.get(CONVEYANCE_PLACE[c]) or m.offices["airport"] for m in members for c in BIG_CONVEYANCES
    ]
    offices = [name for name, _ in desks]
    locodes = [code for _, code in desks]
    brands = [b for c in cats for b, _ in (c.brands * 4)[:4]]
    holders = [h for c in cats for _, h in (c.brands * 4)[:4]]
    hs = [h for c in cats for h in (c.hs * 3)[:3]]
    columns = {
        "case_ref": "m_code || '-' || year(day)::VARCHAR || '-' || lpad(c::VARCHAR, 9, '0')",
        "reporting_member": "m_code",
        "seizure_date": "strftime(day, '%Y-%m-%d')",
        "submission_date": f"strftime(day + (2 + hash(c, {seed}, 'lag') % 40)::INTEGER, '%Y-%m-%d')",
        "office_name": f"{_sql_list(offices)}[1 + m * {len(BIG_CONVEYANCES)} + v]",
        "locode": f"{_sql_list(locodes)}[1 + m * {len(BIG_CONVEYANCES)} + v]",
        "location_type": by(places, "v"),
        "conveyance": by(BIG_CONVEYANCES, "v"),
        "traffic": "CASE WHEN v = 10 THEN 'passenger' ELSE 'freight' END",
        "direction": "'import'",
        "detection_method": pick(
            (
                "risk_profiling",
                "risk_profiling",
                "risk_profiling",
                "intelligence",
                "random_control",
                "scanner",
                "right_holder_info",
            ),
            "c",
            "det",
        ),
        "concealment_method": pick(("none", "misdeclared", "misdeclared", "mixed_with_genuine"), "c", "con"),
        "procedure_initiation": pick(("application", "application", "application", "ex_officio"), "c", "ini"),
        "outcome": pick(
            (
                "destroyed_standard",
                "destroyed_standard",
                "destroyed_small_consignment",
                "released_no_reaction",
                "court_case",
            ),
            "c",
            "out",
        ),
        "origin_country": "CASE WHEN dep IN ('HK', 'AE', 'SG') THEN 'CN' ELSE dep END",
        "departure_country": "dep",
        "transit_countries": f"CASE WHEN hash(c, {seed}, 'tr') % 20 = 0 AND dep IN ('CN', 'VN', 'IN', 'TH') "
        f"THEN {pick(('AE', 'SG', 'AE|TR'), 'c', 'trl')} END",
        "destination_country": "m_code",
        "small_consignment": "CASE WHEN v < 7 THEN 'true' ELSE 'false' END",
        "ecommerce": "CASE WHEN v < 7 THEN 'true' END",
        "description": f"CASE WHEN hash(c, {seed}, 'des') % 6 = 0 THEN "
        f"{pick(('Parcel declared as a gift', 'Goods declared as samples', 'Misdeclared consignment'), 'c', 'dt')}"
        " END",
        "line_no": "line_no",
        "product_category": by([c.code for c in cats], "k"),
        "hs_code": f"{_sql_list(hs)}[1 + k * 3 + (hash(i, {seed}, 'hs') % 3)::INTEGER]",
        "brand": f"{_sql_list(brands)}[1 + k * 4 + b]",
        "right_holder": f"{_sql_list(holders)}[1 + k * 4 + b]",
        "ipr_types": f"CASE WHEN hash(i, {seed}, 'ipr') % 6 = 0 THEN 'trade_mark|design' ELSE 'trade_mark' END",
        "quantity": "qty::VARCHAR",
        "unit": by([c.unit for c in cats], "k"),
        "articles": "qty::BIGINT::VARCHAR",
        "value": f"CASE WHEN hash(i, {seed}, 'val') % 8 <> 0 THEN "
        f"round(qty * {by([c.price_eur for c in cats], 'k')} * {by([fx(m.currency, 2024) for m in members], 'm')}"
        f" * {by([0.12 if m.basis == 'declared' else 1.0 for m in members], 'm')}, 2)::DECIMAL(18, 2)::VARCHAR END",
        "currency": f"CASE WHEN hash(i, {seed}, 'val') % 8 <> 0 THEN {by([m.currency for m in members], 'm')} END",
        "value_basis": f"CASE WHEN hash(i, {seed}, 'val') % 8 <> 0 THEN {by([m.basis for m in members], 'm')} END",
    }
    select = ",\n  ".join(f"{columns.get(f, 'NULL::VARCHAR')} AS {f}" for f in FEED_FIELDS)
    cases = _sql_list([list(p) for p in _BLOCK_PATTERNS]).replace("'", "")
    numbers = _sql_list([_line_numbers(p) for p in _BLOCK_PATTERNS]).replace("'", "")
    days = (date(2025, 12, 31) - date(2019, 1, 1)).days + 1
    return f"""COPY (
WITH base AS (
  SELECT i, i // 10 AS blk, (i % 10)::INTEGER AS j, (hash(i // 10, {seed}, 'pat') % {len(_BLOCK_PATTERNS)})::INTEGER AS p
  FROM range({int(lines)}) t(i)
), keyed AS (
  SELECT i, blk * 4 + {cases}[1 + p][1 + j] AS c, {numbers}[1 + p][1 + j] AS line_no FROM base
), lines AS (
  SELECT *,
    (hash(c, {seed}, 'm') % {len(members)})::INTEGER AS m,
    (hash(c, {seed}, 'v') % {len(BIG_CONVEYANCES)})::INTEGER AS v,
    DATE '2019-01-01' + (hash(c, {seed}, 'day') % {days})::INTEGER AS day,
    {pick(BIG_DEPARTURES, "c", "dep")} AS dep,
    {_sql_list(weighted)}[1 + (hash(i, {seed}, 'k') % {len(weighted)})::INTEGER] AS k,
    (hash(i, {seed}, 'b') % 4)::INTEGER AS b
  FROM keyed
), sized AS (
  SELECT *, {by([m.code for m in members], "m")} AS m_code,
    greatest(1, round({by(scale, "v")} * (0.2 + (hash(i, {seed}, 'q') % 1000) / 500.0)))::BIGINT AS qty
  FROM lines
)
SELECT
  {select}
FROM sized
) TO {sql_str(str(path))} (FORMAT csv, HEADER true)"""


def write_big_csv(path: Path, lines: int, seed: int = 7) -> None:
    """Write a valid canonical CSV of `lines` goods lines (about 2.5 per case), streamed by DuckDB."""
    import duckdb

    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute(big_csv_sql(path, lines, seed))
    finally:
        con.close()


def split_by_case(path: Path, folder: Path, lines_per_file: int) -> list[Path]:
    """`path` cut into files of about `lines_per_file` lines in `folder`, each case whole in one file."""
    import csv

    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    with path.open(newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        ref = header.index("case_ref")
        part: list[list[str]] = []
        for line in reader:
            if len(part) >= lines_per_file and line[ref] != part[-1][ref]:
                files.append(_write_part(folder, len(files), header, part))
                part = []
            part.append(line)
        if part:
            files.append(_write_part(folder, len(files), header, part))
    return files


def _write_part(folder: Path, index: int, header: list[str], rows: list[list[str]]) -> Path:
    import csv

    target = folder / f"part-{index:04d}.csv"
    with target.open("w", newline="") as f:
        csv.writer(f).writerows([header, *rows])
    return target
