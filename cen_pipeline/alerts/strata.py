"""Stratum series: the regime-adjusted monthly counts of cases and articles of every stratum, and how a
stratum and its key read in an explanation.

Strata (counts of distinct cases, and articles, per month):

* ``member_category``: reporting Member x product category;
* ``region_category``: WCO region x product category;
* ``route``: departure -> destination country;
* ``brand_provenance``: brand x departure country.

Missing months. A Member's month is *covered* when the coverage view says ``reported`` or
``nil_return``, or when it lies within the seizure-month span of one of the Member's submissions (a
yearly file with no seizure in August reports a zero for August). Other months are missing: in a
Member's own strata they are NaN (dropped from baselines, never counted as zero), and so are they in
every aggregate stratum the Member feeds once it has begun reporting: the others' sum alone would read
its silence as a fall. Before its first report a Member contributes nothing; in the month judged, the
Members that reported it are counted (a lower bound).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from cen_pipeline.alerts.config import DEFAULT, AlertConfig
from cen_pipeline.alerts.methods.common import FloatArray
from cen_pipeline.alerts.months import add_months, month_index
from cen_pipeline.alerts.reporting import MemberHistory

# Each stratum type's key as an SQL expression over the run's tables, and the condition for having one.
STRATUM_KEYS: dict[str, tuple[str, str]] = {
    "member_category": ("member || '|' || category", "category IS NOT NULL"),
    "region_category": ("region || '|' || category", "category IS NOT NULL AND region IS NOT NULL"),
    "route": ("dep || '>' || dest", "dep IS NOT NULL AND dest IS NOT NULL"),
    "brand_provenance": ("brand || '|' || dep", "brand IS NOT NULL AND dep IS NOT NULL"),
}

# Each stratum type: its grouping, and the columns and separator its key is made of.
_STRATUM_PARTS: dict[str, tuple[str, str, str, str]] = {
    "member_category": ("member_category", "member", "|", "a"),
    "region_category": ("member_category", "region", "|", "a"),
    "route": ("route", "a", ">", "b"),
    "brand_provenance": ("brand_provenance", "a", "|", "b"),
}


@dataclass(frozen=True, slots=True)
class StratumSeries:
    """Cases and articles per stratum (rows) and month (columns) from ``start`` to ``M``."""

    stratum_type: str
    keys: list[str]
    start: date
    cases: FloatArray
    articles: FloatArray
    raw_current: FloatArray
    members: list[list[str]]
    regions: list[list[str]]


def _stratum_counts(
    con: duckdb.DuckDBPyConnection, first: int, m: int, stypes: Sequence[str]
) -> pd.DataFrame:
    """Distinct cases and articles per grouping, Member and month index from ``first`` to ``m``."""
    groupings = {_STRATUM_PARTS[s][0] for s in stypes}
    window = f"t BETWEEN {first:d} AND {m:d}"
    parts = []
    if "member_category" in groupings:
        parts.append(
            f"""SELECT 'member_category' AS grouping, member, any_value(region) AS region, category AS a,
                       NULL AS b, t, count(DISTINCT case_id) AS cases, sum(coalesce(articles, 0)) AS articles
                FROM _alert_lines WHERE {window} AND category IS NOT NULL GROUP BY ALL"""
        )
    if "route" in groupings:
        # A route is a case-level key: its cases are counted on the cases, its articles on the lines.
        parts.append(
            f"""WITH by_case AS (
                    SELECT member, any_value(region) AS region, dep, dest, t, count(*) AS cases FROM _alert_cases
                    WHERE {window} AND dep IS NOT NULL AND dest IS NOT NULL GROUP BY ALL),
                by_line AS (
                    SELECT member, dep, dest, t, sum(coalesce(articles, 0)) AS articles FROM _alert_lines
                    WHERE {window} AND dep IS NOT NULL AND dest IS NOT NULL GROUP BY ALL)
                SELECT 'route' AS grouping, member, region, dep AS a, dest AS b, t, cases,
                       coalesce(articles, 0) AS articles
                FROM by_case LEFT JOIN by_line USING (member, dep, dest, t)"""
        )
    if "brand_provenance" in groupings:
        parts.append(
            f"""SELECT 'brand_provenance' AS grouping, member, any_value(region) AS region, brand AS a, dep AS b,
                       t, count(DISTINCT case_id) AS cases, sum(coalesce(articles, 0)) AS articles
                FROM _alert_lines WHERE {window} AND brand IS NOT NULL AND dep IS NOT NULL GROUP BY ALL"""
        )
    if not parts:
        return pd.DataFrame()
    return con.execute(" UNION ALL ".join(f"({p})" for p in parts)).df()


@dataclass(frozen=True, slots=True)
class _Windows:
    """Each Member's row (``pos``; the last row serves Members without a history) and, on the ``n`` months
    from ``start``: its regime weight, its coverage (1 covered, 0 not), and its silence (a month not covered
    after its first covered one: before that it was not yet reporting; never the month judged)."""

    pos: dict[str, int]
    weight: FloatArray
    cov: FloatArray
    silent: np.ndarray


def _member_windows(
    histories: dict[str, MemberHistory], weights: dict[str, FloatArray], start: date, n: int
) -> _Windows:
    pos = {m: i for i, m in enumerate(histories)}
    w = np.ones((len(histories) + 1, n))
    cov = np.zeros((len(histories) + 1, n))
    silent = np.zeros((len(histories) + 1, n), dtype=bool)
    for member, hist in histories.items():
        offset = month_index(start) - month_index(hist.start)
        lo, hi = max(0, -offset), min(n, hist.totals.size - offset)
        if lo < hi:
            covered = ~np.isnan(hist.totals)
            began = np.cumsum(covered) > 0
            w[pos[member], lo:hi] = weights[member][offset + lo : offset + hi]
            cov[pos[member], lo:hi] = covered[offset + lo : offset + hi]
            silent[pos[member], lo:hi] = (~covered & began)[offset + lo : offset + hi]
    silent[:, n - 1] = False  # the month judged counts the Members that reported it (a lower bound)
    return _Windows(pos, w, cov, silent)


def load_strata(
    con: duckdb.DuckDBPyConnection,
    month: date,
    histories: dict[str, MemberHistory],
    weights: dict[str, FloatArray],
    config: AlertConfig = DEFAULT,
    current_scale: dict[str, float] | None = None,
) -> list[StratumSeries]:
    """Regime-adjusted monthly series of every stratum type over the window the methods need.

    Reads the run's tables (see :func:`~cen_pipeline.alerts.tables.load_lines`).
    """
    start = add_months(month, -config.history_months)
    n = config.history_months + 1
    counts = _stratum_counts(con, month_index(start), month_index(month), config.stratum_types)
    out: list[StratumSeries] = []
    if counts.empty:
        return out
    counts["t"] = counts["t"].to_numpy(dtype=np.int64) - month_index(start)
    windows = _member_windows(histories, weights, start, n)
    pos, wmat = windows.pos, windows.weight
    midx = counts["member"].map(pos).fillna(len(histories)).to_numpy(dtype=np.int64)
    w = wmat[midx, counts["t"].to_numpy()]
    # An unconfirmed jump of a Member's total in M counts at the Member's usual level in aggregates.
    for member, factor in (current_scale or {}).items():
        w[(counts["member"] == member).to_numpy() & (counts["t"] == n - 1).to_numpy()] /= factor
    counts["w"] = w
    for stype in config.stratum_types:
        grouping, left, sep, right = _STRATUM_PARTS[stype]
        sub = counts[(counts["grouping"] == grouping) & counts[left].notna()]
        if not sub.empty:
            key = sub[left] + sep + sub[right]
            out.append(_stratum_series(stype, sub, key, start, n, windows))
    return out


def _stratum_series(
    stype: str,
    sub: pd.DataFrame,
    key: pd.Series,
    start: date,
    n: int,
    windows: _Windows,
) -> StratumSeries:
    """One stratum type's series from its rows of counts (one per Member, key and month)."""
    pos, wmat, cov, silent = windows.pos, windows.weight, windows.cov, windows.silent
    codes, uniques = pd.factorize(key, sort=True)
    keys = [str(k) for k in uniques]
    cols = sub["t"].to_numpy(dtype=np.int64)
    flat = codes * n + cols
    raw_cases = sub["cases"].to_numpy(dtype=float)
    # A Member's own strata are counted as reported; the regime adjustment applies to aggregates only.
    w = np.ones(len(sub)) if stype == "member_category" else sub["w"].to_numpy(dtype=float)
    size = len(keys) * n
    cases = np.asarray(np.bincount(flat, weights=raw_cases * w, minlength=size), dtype=np.float64)
    cases = cases.reshape(len(keys), n)
    arts = np.asarray(
        np.bincount(flat, weights=sub["articles"].to_numpy(dtype=float) * w, minlength=size), dtype=np.float64
    ).reshape(len(keys), n)
    cur = cols == n - 1
    raw = np.bincount(codes[cur], weights=raw_cases[cur], minlength=len(keys)).astype(np.float64)
    members: list[set[str]] = [set() for _ in keys]
    regions: list[set[str]] = [set() for _ in keys]
    for r, m, reg in zip(
        codes[cur], sub["member"].to_numpy()[cur], sub["region"].to_numpy()[cur], strict=True
    ):
        members[r].add(str(m))
        if isinstance(reg, str):
            regions[r].add(reg)
    if stype != "member_category":
        # A month a feeding Member left unreported after it began reporting is missing in the aggregate, not
        # the others' sum: its silence would read as a fall and lower the baseline.
        feeders = sub["member"].map(pos).to_numpy()
        known = ~pd.isna(feeders)
        fed = np.zeros((len(keys), len(pos) + 1), dtype=bool)
        fed[codes[known], feeders[known].astype(np.int64)] = True
        gaps = (fed.astype(np.float64) @ silent.astype(np.float64)) > 0
        cases[gaps] = np.nan
        arts[gaps] = np.nan
    if stype == "member_category":
        for i, k in enumerate(keys):
            member = k.split("|", 1)[0]
            if member in pos:
                p = pos[member]
                # Uncovered months, and months of an earlier reporting regime, are missing.
                missing = (cov[p] == 0.0) | (wmat[p] != wmat[p, n - 1])
                cases[i, missing] = np.nan
                arts[i, missing] = np.nan
                if not members[i]:
                    members[i].add(member)
    return StratumSeries(
        stype, keys, start, cases, arts, raw, [sorted(s) for s in members], [sorted(s) for s in regions]
    )


_STRATUM_TEXT = {
    "member_category": "{0} seizures of {1}",
    "region_category": "{1} seizures in the {0} region",
    "route": "seizures on the route {0} to {1}",
    "brand_provenance": "seizures of {0} goods departing from {1}",
}


def describe_stratum(stype: str, key: str) -> str:
    return fill_key(_STRATUM_TEXT[stype], key)


def fill_key(template: str, key: str) -> str:
    """``template`` with the two parts of a key (``a|b`` or ``a>b``; ``?`` where the second is missing)."""
    parts = key.replace(">", "|").split("|", 1)
    return template.format(*[*parts, "?"][:2])
