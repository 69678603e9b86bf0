"""The quality scorecard: per Member, RILO, WCO region and overall, for one year or all years.

Figures (each a share from 0 to 1 unless stated):
- completeness: filled optional long-form fields (`suites.COMPLETENESS_FIELDS`) over all such cells of the
  current cases (case fields once per case, goods-line fields once per line);
- validity: rows accepted over distinct rows read (the copies of a repeated row are set aside, not invalid),
  from each Member's rows of the submissions (`submission_members`);
- timeliness: days from seizure to submission (the case's submission date, else the day its submission was
  received): median, 90th percentile, and the shares within 30 and 90 days;
- coverage: months reported (cases or a nil return) over the months of the coverage view;
- the expectations that failed most often (`quality_results`).

Beside the figures, `findings` lists the failed expectations a reader must look at case by case: the warnings
that come with examples (groups of near-duplicate cases with their references) and the blocking failures
that refused a submission whole.

A year selects cases by seizure date and submissions by the year most of their cases were seized in (or
the year they were received, when they stored no case). The figures are written to `quality_scorecard`,
replacing the earlier figures of the same year, for the annual report's data-quality annex.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from cen_pipeline.core.settings import WAIT_SECONDS
from cen_pipeline.quality.suites import CASE_COMPLETENESS_FIELDS, LINE_COMPLETENESS_FIELDS, expectation
from cen_pipeline.quality.tables import Example, ensure_tables, examples_from_json

LEVELS = ("member", "rilo", "region", "all")
TOP_FAILED = 3


@dataclass(frozen=True)
class ScoreRow:
    level: str  # member, rilo, region, all
    code: str
    name: str
    wco_region: str | None
    rilo: str | None
    year: int | None
    submissions: int
    cases: int
    goods_lines: int
    completeness: float | None
    validity: float | None
    rows_read: int
    rows_accepted: int
    timeliness_median_days: float | None
    timeliness_p90_days: float | None
    within_30_days: float | None
    within_90_days: float | None
    coverage: float | None
    months_reported: int
    months: int
    expectations_failed: int
    top_failed: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Finding:
    """A failed expectation of one submission shown case by case: a warning with examples, or a refusal."""

    submission_id: int
    file_name: str | None
    member: str | None
    wco_region: str | None
    rilo: str | None
    expectation: str
    severity: str  # warning (the submission was stored) or blocking (it was refused whole)
    observed: float | None
    threshold: str
    description: str
    examples: tuple[Example, ...]

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["examples"] = [e.as_dict() for e in self.examples]
        return out

    def headline(self) -> str:
        observed = "n/a" if self.observed is None else f"{self.observed:.4g}"
        what = "refused the submission whole" if self.severity == "blocking" else "warning"
        return (
            f"{self.member or '?'} {self.file_name or self.submission_id}: {self.expectation} = {observed}, "
            f"threshold {self.threshold} ({what}): {self.description}"
        )

    def in_scope(self, row: ScoreRow) -> bool:
        """Whether the finding belongs to the Members a scorecard row counts."""
        return {
            "member": self.member,
            "rilo": self.rilo,
            "region": self.wco_region,
        }.get(row.level, row.code) == row.code


_FINDINGS = """
    WITH sub_year AS (
        SELECT submission_id, mode(year(seizure_date)) AS year FROM cases WHERE NOT withdrawn GROUP BY ALL)
    SELECT q.submission_id, s.file_name, sm.member, m.wco_region, m.rilo, q.expectation, q.blocking,
           q.observed, q.threshold, q.examples
    FROM quality_results q JOIN submissions s USING (submission_id)
    JOIN submission_members sm USING (submission_id)
    LEFT JOIN members m ON m.code = sm.member
    LEFT JOIN sub_year y USING (submission_id)
    WHERE NOT q.success AND (q.blocking OR q.examples IS NOT NULL)
      AND (?::INTEGER IS NULL OR coalesce(y.year, year(s.received_at)) = ?)
    ORDER BY sm.member, q.submission_id, q.expectation"""


def findings(con: duckdb.DuckDBPyConnection, year: int | None = None) -> list[Finding]:
    """The warnings with examples and the refusals of the submissions of `year` (NULL: all years)."""
    ensure_tables(con)
    out = []
    for sid, file_name, member, region, rilo, name, blocking, observed, threshold, examples in con.execute(
        _FINDINGS, [year, year]
    ).fetchall():
        try:
            description = expectation(name).description
        except KeyError:  # an expectation the suite no longer has
            description = ""
        out.append(
            Finding(
                int(sid),
                file_name,
                member,
                region,
                rilo,
                name,
                "blocking" if blocking else "warning",
                None if observed is None else float(observed),
                threshold or "",
                description,
                examples_from_json(examples),
            )
        )
    return out


def _sets(*extra: str) -> str:
    tail = "".join(f", {e}" for e in extra)
    return f"GROUPING SETS ((member{tail}), (rilo{tail}), (wco_region{tail})" + (
        f", ({', '.join(extra)}))" if extra else ", ())"
    )


_LEVEL = """CASE WHEN grouping(member) = 0 THEN 'member' WHEN grouping(rilo) = 0 THEN 'rilo'
                 WHEN grouping(wco_region) = 0 THEN 'region' ELSE 'all' END AS level,
            coalesce(member, rilo, wco_region, 'ALL') AS code"""


def scorecard_sql() -> str:
    """The scorecard of the year given as the one parameter (NULL: all years)."""
    case_filled = " + ".join(f"(c.{f} IS NOT NULL)::INT" for f in CASE_COMPLETENESS_FIELDS)
    line_filled = " + ".join(f"({f} IS NOT NULL)::INT" for f in LINE_COMPLETENESS_FIELDS)
    n_case, n_line = len(CASE_COMPLETENESS_FIELDS), len(LINE_COMPLETENESS_FIELDS)
    return f"""
    WITH params AS (SELECT ?::INTEGER AS year),
    mem AS (
        SELECT DISTINCT sm.member, coalesce(m.name, sm.member) AS name, m.wco_region, m.rilo
        FROM submission_members sm JOIN submissions s USING (submission_id)
        LEFT JOIN members m ON m.code = sm.member
        WHERE s.kind = 'data'),
    groups AS (
        SELECT {_LEVEL}, any_value(name) AS name, any_value(wco_region) AS region_of, any_value(rilo) AS rilo_of
        FROM mem GROUP BY {_sets()}),
    line_fill AS (
        SELECT reporting_member, case_ref, version, count(*) AS n_lines, sum({line_filled}) AS filled
        FROM current_lines GROUP BY ALL),
    case_facts AS (
        SELECT m.member, m.wco_region, m.rilo,
               ({case_filled}) + coalesce(lf.filled, 0) AS filled,
               {n_case} + {n_line} * coalesce(lf.n_lines, 0) AS cells, coalesce(lf.n_lines, 0) AS n_lines,
               date_diff('day', c.seizure_date, coalesce(c.submission_date, s.received_at::DATE)) AS days
        FROM current_cases c JOIN mem m ON m.member = c.reporting_member
        LEFT JOIN submissions s ON s.submission_id = c.submission_id
        LEFT JOIN line_fill lf USING (reporting_member, case_ref, version)
        WHERE (SELECT year FROM params) IS NULL OR year(c.seizure_date) = (SELECT year FROM params)),
    case_figures AS (
        SELECT {_LEVEL}, count(*) AS cases, sum(n_lines) AS goods_lines,
               sum(filled) / sum(cells) AS completeness,
               quantile_cont(days, 0.5) AS t_median, quantile_cont(days, 0.9) AS t_p90,
               avg((days <= 30)::INT) AS within_30, avg((days <= 90)::INT) AS within_90
        FROM case_facts GROUP BY {_sets()}),
    sub_year AS (
        SELECT submission_id, mode(year(seizure_date)) AS year FROM cases WHERE NOT withdrawn GROUP BY ALL),
    sub_facts AS (
        SELECT s.submission_id, m.member, m.wco_region, m.rilo, sm.rows_read, sm.rows_accepted,
               sm.rows_read - coalesce(sm.rows_repeated, 0) AS rows_distinct
        FROM submissions s JOIN submission_members sm USING (submission_id) JOIN mem m ON m.member = sm.member
        LEFT JOIN sub_year y USING (submission_id)
        WHERE s.kind = 'data' AND ((SELECT year FROM params) IS NULL
              OR coalesce(y.year, year(s.received_at)) = (SELECT year FROM params))),
    sub_figures AS (
        SELECT {_LEVEL}, count(*) AS submissions, sum(rows_read) AS rows_read,
               sum(rows_accepted) AS rows_accepted, sum(rows_accepted) / nullif(sum(rows_distinct), 0) AS validity
        FROM sub_facts GROUP BY {_sets()}),
    cov_figures AS (
        SELECT {_LEVEL}, count(*) FILTER (WHERE v.status <> 'not_reported') AS months_reported,
               count(*) AS months
        FROM coverage v JOIN mem m USING (member)
        WHERE (SELECT year FROM params) IS NULL OR year(v.month) = (SELECT year FROM params)
        GROUP BY {_sets()}),
    failed AS (
        SELECT {_LEVEL}, q.expectation, count(*) AS n
        FROM (SELECT submission_id, expectation, success FROM quality_results) q
        JOIN sub_facts f USING (submission_id)
        WHERE NOT q.success
        GROUP BY {_sets("expectation")}),
    failed_figures AS (
        SELECT level, code, sum(n) AS failed,
               string_agg(expectation || ' (' || n || ')', ', ' ORDER BY n DESC, expectation)
                   FILTER (WHERE rank <= {TOP_FAILED}) AS top_failed
        FROM (SELECT *, row_number() OVER (PARTITION BY level, code ORDER BY n DESC, expectation) AS rank
              FROM failed)
        GROUP BY level, code)
    SELECT g.level, g.code,
           CASE g.level WHEN 'member' THEN g.name
                        WHEN 'region' THEN coalesce(r.label_en, g.code)
                        WHEN 'all' THEN 'All Members' ELSE g.code END AS name,
           CASE WHEN g.level IN ('member', 'region') THEN g.region_of END AS wco_region,
           CASE WHEN g.level IN ('member', 'rilo') THEN g.rilo_of END AS rilo,
           (SELECT year FROM params) AS year,
           coalesce(sf.submissions, 0) AS submissions, coalesce(cf.cases, 0) AS cases,
           coalesce(cf.goods_lines, 0) AS goods_lines, cf.completeness, sf.validity,
           coalesce(sf.rows_read, 0) AS rows_read, coalesce(sf.rows_accepted, 0) AS rows_accepted,
           cf.t_median AS timeliness_median_days, cf.t_p90 AS timeliness_p90_days,
           cf.within_30 AS within_30_days, cf.within_90 AS within_90_days,
           cov.months_reported / nullif(cov.months, 0) AS coverage,
           coalesce(cov.months_reported, 0) AS months_reported, coalesce(cov.months, 0) AS months,
           coalesce(ff.failed, 0) AS expectations_failed, coalesce(ff.top_failed, '') AS top_failed
    FROM groups g
    LEFT JOIN case_figures cf USING (level, code)
    LEFT JOIN sub_figures sf USING (level, code)
    LEFT JOIN cov_figures cov USING (level, code)
    LEFT JOIN failed_figures ff USING (level, code)
    LEFT JOIN codelists r ON r.list_name = 'wco_region' AND r.code = g.code AND g.level = 'region'
    ORDER BY list_position(['member', 'rilo', 'region', 'all'], g.level), g.code"""


def compute(con: duckdb.DuckDBPyConnection, year: int | None = None) -> list[ScoreRow]:
    """The scorecard of every Member, RILO and region that ever submitted data (without storing it)."""
    ensure_tables(con)
    cursor = con.execute(scorecard_sql(), [year])
    names = [d[0] for d in cursor.description]
    rows = []
    for values in cursor.fetchall():
        record = dict(zip(names, values, strict=True))
        for key in ("completeness", "validity", "coverage", "within_30_days", "within_90_days"):
            record[key] = None if record[key] is None else float(record[key])
        for key in ("timeliness_median_days", "timeliness_p90_days"):
            record[key] = None if record[key] is None else float(record[key])
        for key in (
            "submissions",
            "cases",
            "goods_lines",
            "rows_read",
            "rows_accepted",
            "months_reported",
            "months",
            "expectations_failed",
        ):
            record[key] = int(record[key])
        rows.append(ScoreRow(**record))
    return rows


def store_scorecard(con: duckdb.DuckDBPyConnection, rows: list[ScoreRow], year: int | None) -> None:
    """Replace the stored scorecard of `year` (NULL: all years) with `rows`."""
    ensure_tables(con)
    now = datetime.now(UTC).replace(tzinfo=None)
    con.execute("BEGIN")
    try:
        con.execute("DELETE FROM quality_scorecard WHERE year IS NOT DISTINCT FROM ?", [year])
        if rows:
            fields = list(ScoreRow.__dataclass_fields__)
            placeholders = ", ".join("?" for _ in range(len(fields) + 1))
            con.executemany(
                f"INSERT INTO quality_scorecard ({', '.join(fields)}, computed_at) VALUES ({placeholders})",
                [(*(getattr(r, f) for f in fields), now) for r in rows],
            )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def select(rows: list[ScoreRow], region: str | None = None, member: str | None = None) -> list[ScoreRow]:
    """The rows of one region (code or English name) or one Member, with the groups they belong to."""
    out = rows
    if region:
        wanted = region.strip().lower()
        codes = {
            r.wco_region for r in rows if r.level == "region" and wanted in (r.code.lower(), r.name.lower())
        }
        out = [
            r for r in out if r.wco_region in codes or (r.level == "rilo" and _rilo_in(rows, r.code, codes))
        ]
    if member:
        m = next((r for r in rows if r.level == "member" and r.code == member.upper()), None)
        if m is None:
            return []
        out = [
            r
            for r in out
            if (r.level == "member" and r.code == m.code)
            or (r.level == "rilo" and r.code == m.rilo)
            or (r.level == "region" and r.code == m.wco_region)
        ]
    return out


def _rilo_in(rows: list[ScoreRow], rilo: str, regions: set[str | None]) -> bool:
    return any(r.level == "member" and r.rilo == rilo and r.wco_region in regions for r in rows)


@dataclass(frozen=True)
class Scorecard:
    """The scorecard as a reader asks for it: its rows in the selection, with their findings."""

    rows: list[ScoreRow]
    findings: list[Finding]


def unchecked_submissions(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Data submissions with stored cases and no quality results yet."""
    from cen_pipeline.quality.tables import ensure_tables

    ensure_tables(con)
    rows = con.execute(
        """SELECT DISTINCT c.submission_id FROM cases c JOIN submissions s USING (submission_id)
           WHERE s.kind = 'data' AND NOT c.withdrawn
             AND c.submission_id NOT IN (SELECT submission_id FROM quality_results)
           ORDER BY 1"""
    ).fetchall()
    return [int(r[0]) for r in rows]


def scorecard(
    db: Path,
    year: int | None = None,
    region: str | None = None,
    member: str | None = None,
    check: bool = True,
    wait: float = WAIT_SECONDS,
) -> Scorecard:
    """The scorecard of the store at `db` for `year`, stored as `quality_scorecard`, then selected for a
    region or a Member (with its RILO and region). With `check`, submissions never checked are checked first,
    each in its own transaction (the figures of the expectations come from that run)."""
    from cen_pipeline.store.db import StoreMissing, connect

    if not db.exists():
        raise StoreMissing(f"no store at {db} (ingest a file first, or set --db / CEN_DB)")
    con = connect(db, wait=wait)
    try:
        pending = unchecked_submissions(con) if check else []
        if pending:
            from cen_pipeline.quality.gx_runner import check_submissions

            con.execute("BEGIN")
            check_submissions(con, pending)
            con.execute("COMMIT")
        rows = compute(con, year)
        store_scorecard(con, rows, year)
        found = findings(con, year)
    finally:
        con.close()
    shown = select(rows, region, member)
    members = {r.code for r in shown if r.level == "member"}
    return Scorecard(shown, [f for f in found if f.member in members])
