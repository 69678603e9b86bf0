"""The metrics the quality expectations read, computed where the data is: one DuckDB query per batch.

The query returns one row per submission and one column per metric (named as `Expectation.metric`), so a
submission of a million goods lines costs one aggregate scan in DuckDB and hands Great Expectations a frame of
a few numbers. A metric that cannot be computed is NULL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

from cen_pipeline.core.duck import insert_rows
from cen_pipeline.quality.suites import (
    CASE_COMPLETENESS_FIELDS,
    EXAMPLE_GROUPS,
    EXAMPLE_REFS_PER_GROUP,
    LINE_COMPLETENESS_FIELDS,
    MIN_CASES_FOR_DUPLICATES,
    SIZE_MIN_HISTORY_MONTHS,
    STALE_MONTHS,
    SUBMISSION_SUITE,
    UNIT_VALUE_FENCE,
    UNIT_VALUE_MIN_HISTORY,
    UNIT_VALUE_MIN_SPREAD,
)


def prefix(catalog: str | None) -> str:
    """How store tables are named on the connection: `store.` when the store is attached under that name."""
    return f"{catalog}." if catalog else ""


_CASE_COLUMNS = (
    "submission_id",
    "reporting_member",
    "case_ref",
    "version",
    "seizure_date",
    "office_name",
    "locode",
    "origin_country",
    "departure_country",
    "destination_country",
)
_LINE_COLUMNS = (
    "reporting_member",
    "case_ref",
    "version",
    "product_category",
    "quantity",
    "unit",
    "value",
    "currency",
    "value_basis",
)


# What makes two cases of a submission near-duplicates: the same seizure date, office and goods lines
# (product categories with quantities). The lines as a multiset: a sum of their hashes is independent of their
# order and, unlike a sorted list, needs no memory per case beyond one number.
_SIGNATURE = (
    "hash(c.seizure_date, coalesce(c.office_name, c.locode, ''), sum(hash(l.product_category, l.quantity)))"
)


def metrics_sql(catalog: str | None = None) -> str:
    """The metrics of the submissions listed in the temporary table `quality_batch(sid)`."""
    p = prefix(catalog)
    case_fill = ", ".join(
        f"avg(({f} IS NOT NULL)::INT)::DOUBLE AS completeness__{f}" for f in CASE_COMPLETENESS_FIELDS
    )
    line_fill = ", ".join(
        f"avg(({f} IS NOT NULL)::INT)::DOUBLE AS completeness__{f}" for f in LINE_COMPLETENESS_FIELDS
    )
    # Only the columns the metrics read: DuckDB may keep these relations whole in memory while it reads
    # them several times, and a submission may be millions of lines.
    case_cols = ", ".join(f"c.{f}" for f in dict.fromkeys((*_CASE_COLUMNS, *CASE_COMPLETENESS_FIELDS)))
    line_cols = ", ".join(f"l.{f}" for f in dict.fromkeys((*_LINE_COLUMNS, *LINE_COMPLETENESS_FIELDS)))
    return f"""
    WITH sub_cases AS (
        SELECT {case_cols} FROM {p}cases c JOIN quality_batch b ON c.submission_id = b.sid WHERE NOT c.withdrawn),
    sub_lines AS (
        SELECT c.submission_id, {line_cols} FROM {p}goods_lines l
        JOIN sub_cases c USING (reporting_member, case_ref, version)),
    case_metrics AS (
        SELECT submission_id, count(*) AS n_cases, {case_fill},
               mode(year(seizure_date)) AS main_year,
               median(seizure_date) AS median_date,
               count(DISTINCT date_trunc('month', seizure_date)) AS n_months,
               any_value(reporting_member) AS member
        FROM sub_cases GROUP BY submission_id),
    line_metrics AS (SELECT submission_id, {line_fill} FROM sub_lines GROUP BY submission_id),
    dates AS (
        SELECT c.submission_id,
               avg((year(c.seizure_date) <> m.main_year)::INT)::DOUBLE AS outside_main_year,
               avg((c.seizure_date < m.median_date - INTERVAL {STALE_MONTHS} MONTH)::INT)::DOUBLE AS stale
        FROM sub_cases c JOIN case_metrics m USING (submission_id) GROUP BY c.submission_id),
    signatures AS (
        SELECT c.submission_id, c.case_ref, {_SIGNATURE} AS signature
        FROM sub_cases c JOIN sub_lines l USING (submission_id, reporting_member, case_ref, version)
        GROUP BY c.submission_id, c.case_ref, c.seizure_date, c.office_name, c.locode),
    duplicates AS (
        SELECT submission_id,
               CASE WHEN count(*) >= {MIN_CASES_FOR_DUPLICATES}
                    THEN (1 - count(DISTINCT signature) / count(*))::DOUBLE END AS near_duplicates
        FROM signatures GROUP BY submission_id),
    countries AS (
        SELECT submission_id,
               CASE WHEN count(country) > 0 THEN avg((country = 'ZZ')::INT)::DOUBLE END AS unknown_share
        FROM (SELECT submission_id, unnest([origin_country, departure_country, destination_country]) AS country
              FROM sub_cases)
        GROUP BY submission_id),
    priced AS (
        SELECT submission_id, product_category, unit, currency, value_basis,
               ln(value::DOUBLE / quantity::DOUBLE) AS log_uv
        FROM sub_lines WHERE value > 0 AND quantity > 0),
    history AS (
        SELECT b.sid AS submission_id, l.product_category, l.unit, l.currency, l.value_basis,
               quantile_cont(ln(l.value::DOUBLE / l.quantity::DOUBLE), 0.25) AS q1,
               quantile_cont(ln(l.value::DOUBLE / l.quantity::DOUBLE), 0.75) AS q3, count(*) AS n
        FROM quality_batch b
        JOIN {p}cases c ON c.submission_id < b.sid AND NOT c.withdrawn
        JOIN {p}goods_lines l USING (reporting_member, case_ref, version)
        WHERE l.value > 0 AND l.quantity > 0
          AND (l.product_category, l.unit, l.currency, l.value_basis) IN
              (SELECT (product_category, unit, currency, value_basis) FROM priced)
        GROUP BY ALL HAVING count(*) >= {UNIT_VALUE_MIN_HISTORY}),
    unit_values AS (
        SELECT p.submission_id,
               avg((p.log_uv < h.q1 - {UNIT_VALUE_FENCE} * greatest(h.q3 - h.q1, {UNIT_VALUE_MIN_SPREAD})
                 OR p.log_uv > h.q3 + {UNIT_VALUE_FENCE} * greatest(h.q3 - h.q1, {UNIT_VALUE_MIN_SPREAD}))::INT
               )::DOUBLE AS unit_value_outliers
        FROM priced p JOIN history h USING (submission_id, product_category, unit, currency, value_basis)
        GROUP BY p.submission_id),
    past_months AS (
        SELECT b.sid AS submission_id, date_trunc('month', c.seizure_date) AS month,
               count(DISTINCT c.case_ref) AS cases
        FROM quality_batch b JOIN case_metrics m ON m.submission_id = b.sid
        JOIN {p}cases c ON c.reporting_member = m.member AND c.submission_id < b.sid AND NOT c.withdrawn
        GROUP BY ALL),
    size AS (
        SELECT m.submission_id,
               (m.n_cases / m.n_months) / median(h.cases) AS cases_per_month_vs_history
        FROM case_metrics m JOIN past_months h USING (submission_id)
        GROUP BY m.submission_id, m.n_cases, m.n_months
        HAVING count(*) >= {SIZE_MIN_HISTORY_MONTHS})
    SELECT b.sid AS submission_id, cm.n_cases,
           {", ".join(f"cm.completeness__{f}" for f in CASE_COMPLETENESS_FIELDS)},
           {", ".join(f"lm.completeness__{f}" for f in LINE_COMPLETENESS_FIELDS)},
           uv.unit_value_outliers AS plausibility__unit_value_outliers,
           d.outside_main_year AS dates__outside_main_year,
           d.stale AS dates__stale,
           dup.near_duplicates AS duplicates__near_duplicates,
           co.unknown_share AS countries__unknown_share,
           s.cases_per_month_vs_history::DOUBLE AS size__cases_per_month_vs_history
    FROM quality_batch b
    LEFT JOIN case_metrics cm ON cm.submission_id = b.sid
    LEFT JOIN line_metrics lm ON lm.submission_id = b.sid
    LEFT JOIN unit_values uv ON uv.submission_id = b.sid
    LEFT JOIN dates d ON d.submission_id = b.sid
    LEFT JOIN duplicates dup ON dup.submission_id = b.sid
    LEFT JOIN countries co ON co.submission_id = b.sid
    LEFT JOIN size s ON s.submission_id = b.sid
    ORDER BY b.sid"""


def submission_metrics(
    con: duckdb.DuckDBPyConnection, submission_ids: Sequence[int], catalog: str | None = None
) -> list[dict[str, Any]]:
    """One dict of metrics per submission (in the order of the ids), computed in one query."""
    con.execute("CREATE OR REPLACE TEMP TABLE quality_batch (sid BIGINT)")
    insert_rows(con, "quality_batch", [(int(s),) for s in submission_ids])
    cursor = con.execute(metrics_sql(catalog))
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    # Not in a `finally`: after a failed query the caller's transaction is aborted and rolls the table back,
    # and a DROP there would hide the error behind "transaction is aborted".
    con.execute("DROP TABLE quality_batch")
    metric_names = {e.metric for e in SUBMISSION_SUITE}
    missing = metric_names - set(names)
    if missing:  # the suite and the query must agree
        raise RuntimeError(f"metrics not computed: {sorted(missing)}")
    return rows


# A quantity as a person writes it: 7, 1.5 (not 7.0000).
_QUANTITY = (
    "CASE WHEN contains(l.quantity::VARCHAR, '.') THEN rtrim(rtrim(l.quantity::VARCHAR, '0'), '.') "
    "ELSE l.quantity::VARCHAR END"
)


def near_duplicate_examples_sql(catalog: str | None = None) -> str:
    """The largest groups of near-duplicate cases of the submissions in `quality_batch(sid)`: per group its
    size, first case references, and what its cases share (seizure date, office, goods lines)."""
    p = prefix(catalog)
    return f"""
    WITH sub_cases AS (
        SELECT c.submission_id, c.reporting_member, c.case_ref, c.version, c.seizure_date, c.office_name,
               c.locode
        FROM {p}cases c JOIN quality_batch b ON c.submission_id = b.sid WHERE NOT c.withdrawn),
    signatures AS (
        SELECT c.submission_id, c.case_ref, {_SIGNATURE} AS signature,
               strftime(c.seizure_date, '%Y-%m-%d') || ', ' || coalesce(c.office_name, c.locode, 'no office')
                   || ': ' || string_agg(l.product_category || ' ' || {_QUANTITY} || ' ' || l.unit, ' + '
                                         ORDER BY l.product_category, l.quantity, l.unit) AS shared
        FROM sub_cases c JOIN {p}goods_lines l USING (reporting_member, case_ref, version)
        GROUP BY c.submission_id, c.case_ref, c.seizure_date, c.office_name, c.locode),
    groups AS (
        SELECT submission_id, count(*) AS cases, min(case_ref) AS first_ref,
               min(case_ref, {EXAMPLE_REFS_PER_GROUP}) AS case_refs,  -- the first few, in order
               arg_min(shared, case_ref) AS shared
        FROM signatures GROUP BY submission_id, signature HAVING count(*) > 1)
    SELECT submission_id, cases, case_refs, shared FROM (
        SELECT *, row_number() OVER (PARTITION BY submission_id ORDER BY cases DESC, first_ref) AS rank
        FROM groups)
    WHERE rank <= {EXAMPLE_GROUPS}
    ORDER BY submission_id, rank"""


def near_duplicate_examples(
    con: duckdb.DuckDBPyConnection, submission_ids: Sequence[int], catalog: str | None = None
) -> dict[int, list[tuple[int, list[str], str]]]:
    """Per submission, its largest groups of near-duplicate cases as (cases, first references, shared)."""
    out: dict[int, list[tuple[int, list[str], str]]] = {}
    if not submission_ids:
        return out
    con.execute("CREATE OR REPLACE TEMP TABLE quality_batch (sid BIGINT)")
    insert_rows(con, "quality_batch", [(int(s),) for s in submission_ids])
    rows = con.execute(near_duplicate_examples_sql(catalog)).fetchall()
    con.execute("DROP TABLE quality_batch")
    for sid, cases, refs, shared in rows:
        out.setdefault(int(sid), []).append((int(cases), [str(r) for r in refs], str(shared)))
    return out
