"""Monthly alert run: spikes per stratum, novelty, significant seizures and reporting changes.

One run evaluates one month ``M`` (a ``date`` on the first of the month) over the store and returns
:class:`Alert` records, which :func:`store_alerts` writes to the ``alerts`` table.

Strata (counts of distinct cases, and articles, per month):

* ``member_category``: reporting Member x product category;
* ``region_category``: WCO region x product category;
* ``route``: departure -> destination country;
* ``brand_provenance``: brand x departure country.

Missing months. A Member's month is *covered* when the coverage view says ``reported`` or
``nil_return``, or when it lies within the seizure-month span of one of the Member's submissions (a
yearly file with no seizure in August reports a zero for August). Other months are missing: in a
Member's own strata they are NaN (dropped from baselines, never counted as zero); in aggregate strata
the Member contributes nothing that month.

Reporting changes and category spikes. Each Member's total monthly case count is scanned for level
shifts (ratio of the means of up to ``shift_window`` months either side of a candidate month of at
least ``shift_min_ratio``, tested by a dispersion-scaled Poisson likelihood ratio) and for gaps
(``gap_min_months`` or more uncovered months after the Member had reported). Each change gives one
``reporting_change`` alert. The change must not fire category alerts, which is ensured in two ways:

1. Regime adjustment: the counts of a Member before a detected level shift are multiplied by the
   ratio of the levels (after / before), so every stratum series the Member contributes to is
   expressed at the current reporting level before any spike method sees it;
2. Share guard: while a shift is still unconfirmed (the Member's total in ``M`` is at least
   ``shift_min_ratio`` times its median of the previous twelve covered months, or a change was
   detected within ``shift_guard_months`` before ``M``), a Member x category spike is kept only if
   the category's share of the Member's cases is itself anomalous (binomial upper tail below
   ``share_pvalue`` against the share over the previous twelve covered months).

Reading the store. A run reads the store once: the current cases up to ``M`` and their goods lines go
into two temporary tables with only the columns the alerts use (see :func:`load_lines`), from which one
aggregate query per grouping gives every stratum's monthly counts, the novelty keys are compared against
one reduction of the history to each key's last month, and the significant seizures are ranked.

Spike methods (``cen_pipeline.alerts.methods``) run on the last period only, on all strata at once where
the method allows (EARS, the CUSUM's in-control fits). Farrington and EARS
C1/C2 give p-values, adjusted by Benjamini-Hochberg across the strata evaluated for that method and
measure; an alarm needs both the method's own threshold and a BH rejection. EARS C3 has no p-value of
its own and uses that of C2 for the BH step; NB CUSUM alarms on its decision interval. Strata that
cannot alarm are pruned first (fewer than ``prune_min_cases`` cases in the last ``prune_periods``
periods and a current count of at most ``prune_max_current``).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

import duckdb
import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import stats

from cen_pipeline.alerts.methods import (
    AlertMethodConfig,
    NbInControlModel,
    benjamini_hochberg,
    ears,
    farrington_flexible,
    fit_nb_in_control,
    fit_nb_rows,
    nb_cusum,
)
from cen_pipeline.core.duck import unordered

FloatArray = NDArray[np.float64]

STRATUM_TYPES: tuple[str, ...] = ("member_category", "region_category", "route", "brand_provenance")
SPIKE_METHODS: tuple[str, ...] = ("farrington", "ears_c1", "ears_c2", "ears_c3", "nb_cusum")
SEVERITY_ORDER: dict[str, int] = {"high": 0, "medium": 1, "low": 2, "info": 3}


@dataclass(frozen=True, slots=True)
class AlertConfig:
    """Every parameter of the alert run, with the statistical methods' own in ``methods``."""

    methods: AlertMethodConfig = field(default_factory=AlertMethodConfig)
    stratum_types: tuple[str, ...] = STRATUM_TYPES
    case_methods: tuple[str, ...] = SPIKE_METHODS
    article_methods: tuple[str, ...] = ("farrington", "ears_c1")
    min_agreeing_methods: int = 2
    seasonal_methods: tuple[str, ...] = ("farrington", "nb_cusum")
    prune_min_cases: int = 5
    prune_periods: int = 4
    prune_max_current: int = 2
    cusum_monitor: int = 12
    cusum_max_missing: float = 0.2
    cusum_ml_dispersion: bool = False
    screen_farrington: bool = True
    novelty_min_history: int = 24
    dormant_months: int = 24
    brand_min_cases: int = 25
    brand_new_min_cases: int = 2
    article_min_cases: int = 3
    unknown_countries: tuple[str, ...] = ("ZZ", "XX")
    significant_percentile: float = 99.5
    significant_history: int = 36
    significant_min_lines: int = 30
    significant_max: int = 20
    health_safety_percentile: float = 95.0
    shift_min_ratio: float = 3.0
    shift_window: int = 12
    shift_min_before: int = 6
    shift_min_after: int = 3
    shift_pvalue: float = 1e-6
    shift_guard_months: int = 3
    share_pvalue: float = 1e-3
    gap_min_months: int = 6
    regime_window: int = 24
    regime_min_months: int = 18
    report_recent_months: int = 12
    max_case_refs: int = 50
    chart_months: int = 36

    @property
    def history_months(self) -> int:
        """Months before ``M`` the spike methods need (Farrington's b years plus w; CUSUM training)."""
        m = self.methods
        return max(m.b * m.freq + m.w, m.cusum_train + self.cusum_monitor - 1, self.chart_months)


DEFAULT = AlertConfig()


# The fields of an alert a user sees, in the order of the JSON and CSV renderings.
ALERT_FIELDS: tuple[str, ...] = (
    "alert_id",
    "period",
    "kind",
    "method",
    "measure",
    "stratum_type",
    "stratum",
    "observed",
    "expected",
    "upper_bound",
    "score",
    "p_value",
    "p_adjusted",
    "severity",
    "regions",
    "case_refs",
    "explanation",
)


@dataclass(slots=True)
class Alert:
    """One alert: what fired, on which stratum and month, and the evidence behind it."""

    kind: str  # spike | novelty | significant | reporting_change
    method: str
    measure: str
    stratum_type: str
    stratum: str
    period: date
    observed: float | None = None
    expected: float | None = None
    upper_bound: float | None = None
    score: float | None = None
    p_value: float | None = None
    p_adjusted: float | None = None
    severity: str = "medium"
    explanation: str = ""
    case_refs: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    series_start: date | None = None
    series: list[float | None] = field(default_factory=list)
    key: str = ""
    stored_id: str = ""

    def as_record(self) -> dict[str, Any]:
        """The fields a user sees (:data:`ALERT_FIELDS`), with the period as ``YYYY-MM``."""
        rec = {f: getattr(self, f) for f in ALERT_FIELDS}
        rec["period"] = month_label(self.period)
        return rec

    @property
    def alert_id(self) -> str:
        if self.stored_id:
            return self.stored_id
        text = "|".join(
            (self.method, self.measure, self.stratum_type, self.stratum, self.key or self.period.isoformat())
        )
        return hashlib.sha1(text.encode()).hexdigest()[:16]


# --------------------------------------------------------------------------------------------------
# Months
# --------------------------------------------------------------------------------------------------


def month_start(d: date) -> date:
    return date(d.year, d.month, 1)


def add_months(d: date, n: int) -> date:
    return month_of_index(month_index(d) + n)


def month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def month_of_index(k: int) -> date:
    """The month whose :func:`month_index` is ``k``."""
    return date(k // 12, k % 12 + 1, 1)


def parse_month(text: str) -> date:
    """``YYYY-MM`` (or a full ISO date) to the first of that month."""
    parts = text.strip().split("-")
    if len(parts) < 2:
        raise ValueError(f"not a month: {text!r} (expected YYYY-MM)")
    return date(int(parts[0]), int(parts[1]), 1)


def month_label(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def data_months(con: duckdb.DuckDBPyConnection) -> tuple[date, date] | None:
    """First and last month with a current case in the store."""
    row = con.execute(
        "SELECT min(seizure_date), max(seizure_date) FROM cases WHERE is_current AND NOT withdrawn"
    ).fetchone()
    if not row or row[0] is None:
        return None
    return month_start(row[0]), month_start(row[1])


# --------------------------------------------------------------------------------------------------
# Member coverage and reporting changes
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemberHistory:
    """A Member's monthly totals from the first store month to ``M`` (NaN where not covered)."""

    member: str
    region: str | None
    start: date
    totals: FloatArray


@dataclass(frozen=True, slots=True)
class ReportingChange:
    member: str
    kind: str  # level_shift | gap
    month: date  # first month of the new level, or first missing month
    before: float
    after: float
    statistic: float
    resumed: date | None = None

    @property
    def ratio(self) -> float:
        return self.after / self.before if self.before > 0 else math.inf


def member_histories(con: duckdb.DuckDBPyConnection, until: date) -> dict[str, MemberHistory]:
    df = con.execute(
        """
        WITH spans AS (
            SELECT reporting_member AS member, date_trunc('month', min(seizure_date))::DATE AS lo,
                   date_trunc('month', max(seizure_date))::DATE AS hi
            FROM cases GROUP BY reporting_member, submission_id)
        SELECT c.member, c.month, coalesce(c.cases, 0) AS cases,
               c.status <> 'not_reported' OR EXISTS (
                   SELECT 1 FROM spans s WHERE s.member = c.member AND c.month BETWEEN s.lo AND s.hi) AS covered,
               m.wco_region
        FROM coverage c LEFT JOIN members m ON m.code = c.member
        WHERE c.month <= ?
        ORDER BY c.member, c.month
        """,
        [until],
    ).df()
    out: dict[str, MemberHistory] = {}
    if df.empty:
        return out
    start = month_start(pd.Timestamp(df["month"].min()).date())
    n = month_index(until) - month_index(start) + 1
    for member, grp in df.groupby("member", sort=True):
        totals = np.full(n, np.nan)
        idx = np.array([month_index(pd.Timestamp(m).date()) - month_index(start) for m in grp["month"]])
        vals = np.where(grp["covered"].to_numpy(dtype=bool), grp["cases"].to_numpy(dtype=float), np.nan)
        totals[idx] = vals
        region = grp["wco_region"].iloc[0]
        out[str(member)] = MemberHistory(str(member), None if pd.isna(region) else str(region), start, totals)
    return out


def _lr_term(s: float, k: int, pooled: float) -> float:
    return s * math.log(s / k / pooled) if s > 0 else 0.0


def detect_level_shifts(
    totals: FloatArray, config: AlertConfig = DEFAULT
) -> list[tuple[int, float, float, float]]:
    """Level shifts in a Member's monthly totals: ``(position, mean before, mean after, LR statistic)``.

    For each candidate month the means of up to ``shift_window`` covered months before and from it
    are compared; a candidate needs a ratio of at least ``shift_min_ratio`` either way and a Poisson
    likelihood-ratio statistic, divided by the within-segment dispersion, beyond the ``shift_pvalue``
    chi-square quantile. The best candidate wins and its neighbourhood is excluded (greedy), so one
    shift yields one position.
    """
    y = np.asarray(totals, dtype=np.float64)
    n = y.size
    win = config.shift_window
    crit = float(stats.chi2.isf(config.shift_pvalue, 1))
    candidates: list[tuple[float, int, float, float]] = []
    for t in range(1, n):
        before = y[max(0, t - win) : t]
        after = y[t : t + win]
        before = before[~np.isnan(before)]
        after = after[~np.isnan(after)]
        if before.size < config.shift_min_before or after.size < config.shift_min_after or np.isnan(y[t]):
            continue
        m1, m2 = float(before.mean()), float(after.mean())
        ratio = (m2 + 0.5) / (m1 + 0.5)
        if 1.0 / config.shift_min_ratio < ratio < config.shift_min_ratio:
            continue
        s1, s2 = float(before.sum()), float(after.sum())
        pooled = (s1 + s2) / (before.size + after.size)
        if pooled <= 0:
            continue

        lr = 2.0 * (_lr_term(s1, before.size, pooled) + _lr_term(s2, after.size, pooled))
        disp = []
        for seg, mean in ((before, m1), (after, m2)):
            if seg.size > 1 and mean > 0:
                disp.append(float(seg.var(ddof=1)) / mean)
        phi = max(1.0, float(np.mean(disp))) if disp else 1.0
        stat = lr / phi
        if stat >= crit:
            candidates.append((stat, t, m1, m2))
    chosen: list[tuple[int, float, float, float]] = []
    for stat, t, m1, m2 in sorted(candidates, reverse=True):
        if all(abs(t - c[0]) > win for c in chosen):
            chosen.append((t, m1, m2, stat))
    return sorted(chosen)


def detect_gaps(totals: FloatArray, config: AlertConfig = DEFAULT) -> list[tuple[int, int | None]]:
    """Runs of uncovered months after the Member had reported: ``(first missing, resumed or None)``."""
    covered = ~np.isnan(np.asarray(totals, dtype=np.float64))
    out: list[tuple[int, int | None]] = []
    seen = False
    t = 0
    n = covered.size
    while t < n:
        if covered[t]:
            seen = True
            t += 1
            continue
        start = t
        while t < n and not covered[t]:
            t += 1
        if seen and t - start >= config.gap_min_months:
            out.append((start, t if t < n else None))
    return out


def reporting_changes(history: MemberHistory, config: AlertConfig = DEFAULT) -> list[ReportingChange]:
    out: list[ReportingChange] = []
    for t, m1, m2, stat in detect_level_shifts(history.totals, config):
        out.append(ReportingChange(history.member, "level_shift", add_months(history.start, t), m1, m2, stat))
    for start, end in detect_gaps(history.totals, config):
        before = history.totals[max(0, start - 12) : start]
        after = history.totals[end : end + 12] if end is not None else np.array([])
        out.append(
            ReportingChange(
                history.member,
                "gap",
                add_months(history.start, start),
                float(np.nanmean(before)) if np.any(~np.isnan(before)) else 0.0,
                float(np.nanmean(after)) if np.any(~np.isnan(after)) else 0.0,
                float((end if end is not None else history.totals.size) - start),
                None if end is None else add_months(history.start, end),
            )
        )
    return out


def regime_weights(history: MemberHistory, changes: Sequence[ReportingChange]) -> FloatArray:
    """Factor per month that brings a Member's counts to its latest reporting level.

    Months before a level shift get the ratio of the levels (after / before) in aggregate strata; in
    the Member's own strata they are treated as missing (see :func:`load_strata`).
    """
    w = np.ones(history.totals.size)
    for ch in changes:
        if ch.kind != "level_shift" or ch.before <= 0 or ch.after <= 0:
            continue
        t = month_index(ch.month) - month_index(history.start)
        w[:t] *= ch.after / ch.before
    return w


# --------------------------------------------------------------------------------------------------
# Stratum series
# --------------------------------------------------------------------------------------------------

# Each run reads the store once into two temporary tables holding only the columns the alerts use:
# ``_alert_cases``, the current cases seized up to the end of ``M``, and ``_alert_lines``, their goods lines
# with the case columns the line-level keys need. ``t`` is the month index (year * 12 + month - 1) and
# ``case_id`` the case row's id, so distinct cases are counted on an integer. The store accepts a case with
# its goods lines only (a withdrawal keeps no current case), so counting cases by a case-level key
# reads ``_alert_cases`` alone.
_CASES = """
    CREATE OR REPLACE TEMP TABLE _alert_cases AS
    SELECT c.rowid AS case_id, c.reporting_member AS member, c.case_ref, c.version,
           (year(c.seizure_date) * 12 + month(c.seizure_date) - 1)::INTEGER AS t,
           m.wco_region AS region, c.departure_country AS dep, c.destination_country AS dest,
           c.transit_countries AS transit, c.concealment_method AS concealment, c.conveyance
    FROM cases c LEFT JOIN members m ON m.code = c.reporting_member
    WHERE c.is_current AND NOT c.withdrawn AND c.seizure_date < ?
"""
_LINES = """
    CREATE OR REPLACE TEMP TABLE _alert_lines AS
    SELECT c.case_id, c.member, c.t, c.region, c.dep, c.dest, c.concealment, c.conveyance,
           l.line_no, l.product_category AS category, l.brand, l.quantity, l.unit, l.articles, l.value,
           l.currency, l.health_safety
    FROM goods_lines l
    JOIN _alert_cases c ON c.member = l.reporting_member AND c.case_ref = l.case_ref AND c.version = l.version
"""
# The goods lines of ``M`` with their case reference (``{m}``: the month index of ``M``).
_MONTH_LINES = """(SELECT l.*, c.case_ref FROM (SELECT * FROM _alert_lines WHERE t = {m:d}) l
    JOIN _alert_cases c ON c.case_id = l.case_id)"""


_RUN_TABLES: tuple[str, ...] = ("_alert_cases", "_alert_lines", "_alert_seen", "_alert_novel")


def load_lines(con: duckdb.DuckDBPyConnection, month: date) -> None:
    """Read the cases seized before the end of ``month``, and their goods lines, into the run's tables."""
    con.execute(_CASES, [add_months(month, 1)])
    con.execute(_LINES)


_STRATUM_KEYS: dict[str, tuple[str, str]] = {
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


def _member_windows(
    histories: dict[str, MemberHistory], weights: dict[str, FloatArray], start: date, n: int
) -> tuple[dict[str, int], FloatArray, FloatArray]:
    """Each Member's regime weight and coverage (1 covered, 0 not) on the ``n`` months from ``start``."""
    pos = {m: i for i, m in enumerate(histories)}
    w = np.ones((len(histories) + 1, n))  # the last row serves Members without a history
    cov = np.zeros((len(histories) + 1, n))
    for member, hist in histories.items():
        offset = month_index(start) - month_index(hist.start)
        lo, hi = max(0, -offset), min(n, hist.totals.size - offset)
        if lo < hi:
            w[pos[member], lo:hi] = weights[member][offset + lo : offset + hi]
            cov[pos[member], lo:hi] = ~np.isnan(hist.totals[offset + lo : offset + hi])
    return pos, w, cov


def load_strata(
    con: duckdb.DuckDBPyConnection,
    month: date,
    histories: dict[str, MemberHistory],
    weights: dict[str, FloatArray],
    config: AlertConfig = DEFAULT,
    current_scale: dict[str, float] | None = None,
) -> list[StratumSeries]:
    """Regime-adjusted monthly series of every stratum type over the window the methods need.

    Reads the run's tables (see :func:`load_lines`).
    """
    start = add_months(month, -config.history_months)
    n = config.history_months + 1
    counts = _stratum_counts(con, month_index(start), month_index(month), config.stratum_types)
    out: list[StratumSeries] = []
    if counts.empty:
        return out
    counts["t"] = counts["t"].to_numpy(dtype=np.int64) - month_index(start)
    pos, wmat, cov = _member_windows(histories, weights, start, n)
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
            out.append(_stratum_series(stype, sub, key, start, n, wmat, cov, pos))
    return out


def _stratum_series(
    stype: str,
    sub: pd.DataFrame,
    key: pd.Series,
    start: date,
    n: int,
    wmat: FloatArray,
    cov: FloatArray,
    pos: dict[str, int],
) -> StratumSeries:
    """One stratum type's series from its rows of counts (one per Member, key and month)."""
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


# --------------------------------------------------------------------------------------------------
# Spike detection on the last period
# --------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Eval:
    row: int
    method: str
    measure: str
    observed: float
    expected: float
    upper: float
    score: float
    pvalue: float
    alarm: bool


def _prune(cases: FloatArray, config: AlertConfig) -> NDArray[np.bool_]:
    """Strata that can alarm in the last period."""
    recent = np.nansum(cases[:, -config.prune_periods :], axis=1)
    current = cases[:, -1]
    keep = ~((recent < config.prune_min_cases) & (current <= config.prune_max_current))
    return np.asarray(keep & ~np.isnan(current) & (current > 0), dtype=np.bool_)


def _ears_batch(
    ys: FloatArray, method: str, cfg: AlertMethodConfig
) -> list[tuple[float, float, float, float, bool] | None]:
    """EARS on the last month of each row: expected, bound, score, p-value and alarm (``None``: not evaluable)."""
    out: list[tuple[float, float, float, float, bool] | None] = [None] * ys.shape[0]
    first = cfg.ears_baseline + (0 if method == "C1" else 2 if method == "C2" else 4)
    if ys.shape[1] <= first:
        return out
    ok = np.flatnonzero(~np.isnan(ys[:, -first - 1 :]).any(axis=1))
    if not ok.size:
        return out
    y = ys[ok]
    # C3 is held to the C1/C2 level here (its own default level is far looser for monthly strata).
    res = ears(y, method, at=-1, config=cfg, alpha=cfg.ears_alpha)
    # The p-value and score come from the C1 or C2 baseline (C3 has none of its own and borrows C2's).
    lag = 0 if method == "C1" else 2
    base = y[:, -1 - lag - cfg.ears_baseline : y.shape[1] - 1 - lag]
    mean = base.mean(axis=1)
    sd = np.maximum(base.std(axis=1, ddof=1), cfg.ears_min_sigma)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(sd > 0, (y[:, -1] - mean) / sd, np.nan)
    p = np.where(sd > 0, stats.norm.sf(score), np.nan)
    for k, i in enumerate(ok):
        out[i] = (
            float(res.expected[k, 0]),
            float(res.upperbound[k, 0]),
            float(score[k]),
            float(p[k]),
            bool(res.alarm[k, 0]),
        )
    return out


def _cusum_batch(ys: FloatArray, config: AlertConfig) -> list[tuple[float, float, float, bool] | None]:
    """NB CUSUM on the last month of each row: expected, bound, score and alarm (``None``: not evaluable).

    The in-control model is fitted on the ``cusum_train`` months before the ``cusum_monitor`` monitored
    ones, a few missing months filled with the training mean.
    """
    cfg = config.methods
    mon = config.cusum_monitor
    out: list[tuple[float, float, float, bool] | None] = [None] * ys.shape[0]
    n = ys.shape[1]
    train = ys[:, max(0, n - mon - cfg.cusum_train) : n - mon]
    if train.shape[1] < 2 * cfg.freq or not ys.shape[0]:
        return out
    miss = np.isnan(train)
    fit = np.flatnonzero(
        ~np.isnan(ys[:, -1])
        & (miss.mean(axis=1) <= config.cusum_max_missing)
        & (np.nansum(train, axis=1) >= config.prune_min_cases)
    )
    if not fit.size:
        return out
    with np.errstate(all="ignore"):
        filled = np.where(miss[fit], np.nanmean(train[fit], axis=1)[:, None], train[fit])
        mean = filled.mean(axis=1)
        disp = np.where(mean > 0, np.maximum((filled.var(axis=1, ddof=1) - mean) / (mean * mean), 1e-6), 1e-6)
    if config.cusum_ml_dispersion:
        models = [_ml_model(row, cfg) for row in filled]
    else:
        betas = fit_nb_rows(filled, disp, freq=cfg.freq, harmonics=cfg.cusum_harmonics)
        models = [
            NbInControlModel(tuple(float(v) for v in b), float(a), cfg.freq, cfg.cusum_harmonics, False)
            for b, a in zip(betas, disp, strict=True)
        ]
    positions = np.arange(train.shape[1], train.shape[1] + mon)
    for row, model in zip(fit, models, strict=True):
        if model is None or not all(math.isfinite(b) for b in model.beta) or not math.isfinite(model.alpha):
            continue
        monitored = ys[row, -mon:]
        ok = ~np.isnan(monitored)
        mu0 = model.mean(positions)[ok]
        res = nb_cusum(monitored[ok], mu0, max(model.alpha, 1e-8), shift=cfg.cusum_shift, h=cfg.cusum_h)
        out[row] = (
            float(mu0[-1]),
            float(res.upperbound[-1]),
            float(res.statistic[-1] / cfg.cusum_h),
            bool(res.alarm[-1]),
        )
    return out


def _ml_model(train: FloatArray, cfg: AlertMethodConfig) -> NbInControlModel | None:
    """The in-control model with its dispersion estimated by maximum likelihood."""
    try:
        with np.errstate(all="ignore"):
            return fit_nb_in_control(train, freq=cfg.freq, harmonics=cfg.cusum_harmonics)
    except (ValueError, np.linalg.LinAlgError, FloatingPointError):
        return None


def evaluate_strata(
    ys: FloatArray, rows: Sequence[int], methods: Iterable[str], config: AlertConfig, measure: str
) -> list[list[_Eval]]:
    """The spike methods on the last month of each of ``rows`` of ``ys`` (one list of results per row).

    EARS runs on all rows at once; Farrington, the costliest, only where another method alarmed and
    agreement of two methods is needed (it could not make an alert alone).
    """
    cfg = config.methods
    ordered = sorted(methods, key=lambda m: m == "farrington")
    y = ys[np.asarray(rows, dtype=np.int64)]
    ears_out = {m: _ears_batch(y, m[-2:].upper(), cfg) for m in ordered if m.startswith("ears_")}
    cusum_out = _cusum_batch(y, config) if "nb_cusum" in ordered else []
    screen = config.screen_farrington and config.min_agreeing_methods >= 2 and len(ordered) > 1
    out: list[list[_Eval]] = []
    for k, row in enumerate(rows):
        yk = y[k]
        obs = float(yk[-1])
        evals: list[_Eval] = []
        for method in ordered:
            if method in ears_out:
                e = ears_out[method][k]
                if e is not None and not math.isnan(e[0]):
                    evals.append(_Eval(int(row), method, measure, obs, *e))
            elif method == "nb_cusum":
                c = cusum_out[k]
                if c is not None:
                    evals.append(_Eval(int(row), method, measure, obs, c[0], c[1], c[2], math.nan, c[3]))
            elif method == "farrington" and yk.size > cfg.farrington_start:
                if screen and not any(e.alarm for e in evals):
                    evals.append(
                        _Eval(int(row), method, measure, obs, math.nan, math.nan, math.nan, 1.0, False)
                    )
                    continue
                f = _farrington_eval(yk, cfg)
                if f is not None:
                    evals.append(_Eval(int(row), method, measure, obs, *f))
        out.append(evals)
    return out


def _farrington_eval(y: FloatArray, cfg: AlertMethodConfig) -> tuple[float, float, float, float, bool] | None:
    try:
        with np.errstate(all="ignore"):
            r = farrington_flexible(y, at=-1, config=cfg)
    except (ValueError, np.linalg.LinAlgError):
        return None
    return (
        float(r.expected[0]),
        float(r.upperbound[0]),
        float(r.score[0]),
        float(r.pvalue[0]),
        bool(r.alarm[0]),
    )


_STRATUM_TEXT = {
    "member_category": "{0} seizures of {1}",
    "region_category": "{1} seizures in the {0} region",
    "route": "seizures on the route {0} to {1}",
    "brand_provenance": "seizures of {0} goods departing from {1}",
}

_METHOD_TEXT = {
    "farrington": "the improved Farrington method (five years of the same season)",
    "ears_c1": "EARS C1 (the seven previous months)",
    "ears_c2": "EARS C2 (seven months ending two months earlier)",
    "ears_c3": "EARS C3 (three months of excess)",
    "nb_cusum": "a negative-binomial CUSUM (a sustained doubling)",
}


_METHOD_NAME = {
    "farrington": "Farrington",
    "ears_c1": "EARS C1",
    "ears_c2": "EARS C2",
    "ears_c3": "EARS C3",
    "nb_cusum": "NB CUSUM",
}


def describe_stratum(stype: str, key: str) -> str:
    parts = key.replace(">", "|").split("|", 1)
    return _STRATUM_TEXT[stype].format(*[*parts, "?"][:2])


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 10 or float(v).is_integer() else f"{v:.1f}"


def spike_alerts(
    con: duckdb.DuckDBPyConnection,
    month: date,
    strata: list[StratumSeries],
    guard: dict[str, tuple[float, FloatArray, date | None]],
    config: AlertConfig = DEFAULT,
) -> list[Alert]:
    """Spike alerts of month ``M`` over all strata, BH-adjusted per method and measure."""
    evals: list[tuple[StratumSeries, _Eval]] = []
    for ss in strata:
        mask = _prune(ss.cases, config)
        if ss.stratum_type == "member_category":
            # A Member's own strata need enough months of the current reporting regime.
            recent = ss.cases[:, -config.regime_window :]
            mask &= np.sum(~np.isnan(recent), axis=1) >= config.regime_min_months
        keep = [int(i) for i in np.flatnonzero(mask)]
        with_articles = [i for i in keep if config.article_methods and np.any(np.nan_to_num(ss.articles[i]))]
        by_cases = evaluate_strata(ss.cases, keep, config.case_methods, config, "cases")
        by_articles = dict(
            zip(
                with_articles,
                evaluate_strata(ss.articles, with_articles, config.article_methods, config, "articles"),
                strict=True,
            )
        )
        for i, found in zip(keep, by_cases, strict=True):
            evals += [(ss, e) for e in (*found, *by_articles.get(i, []))]
    # Benjamini-Hochberg per method and measure; C3 borrows C2's p-value for the step.
    padj = np.full(len(evals), np.nan)
    reject = np.ones(len(evals), dtype=bool)
    groups: dict[tuple[str, str], list[int]] = {}
    for k, (_, e) in enumerate(evals):
        groups.setdefault((e.method, e.measure), []).append(k)
    for (method, _), ks in groups.items():
        if method == "nb_cusum":
            continue
        adj, rej = benjamini_hochberg([evals[k][1].pvalue for k in ks], q=config.methods.fdr_q)
        padj[ks] = adj
        reject[ks] = rej
    fired = [bool(e.alarm and reject[k]) for k, (_, e) in enumerate(evals)]
    agree: dict[tuple[str, int, str], list[str]] = {}
    tried: dict[tuple[str, int, str], set[str]] = {}
    for k, (ss, e) in enumerate(evals):
        sk = (ss.stratum_type, e.row, e.measure)
        tried.setdefault(sk, set()).add(e.method)
        if fired[k]:
            agree.setdefault(sk, []).append(e.method)
    alerts: list[Alert] = []
    for k, (ss, e) in enumerate(evals):
        if not fired[k]:
            continue
        sk = (ss.stratum_type, e.row, e.measure)
        methods_fired = agree[sk]
        seasonal_tried = tried[sk] & set(config.seasonal_methods)
        if len(methods_fired) < config.min_agreeing_methods or not set(methods_fired) & seasonal_tried:
            continue
        if e.measure == "articles" and ss.raw_current[e.row] < config.article_min_cases:
            continue
        key = ss.keys[e.row]
        if ss.stratum_type == "member_category" and not _share_ok(ss, e, key, guard, config):
            continue
        severity = (
            "high"
            if (not math.isnan(padj[k]) and padj[k] < 0.001) or e.observed >= 2 * max(e.upper, 1.0)
            else "medium"
        )
        what = describe_stratum(ss.stratum_type, key)
        unit = "cases" if e.measure == "cases" else "articles"
        expl = (
            f"{month_label(month)}: {_fmt(e.observed)} {unit} in {what}, against about {_fmt(e.expected)} expected "
            f"and an alarm threshold of {_fmt(e.upper)} from {_METHOD_TEXT[e.method]}."
        )
        others = [m for m in methods_fired if m != e.method]
        if others:
            expl += " Also flagged by " + ", ".join(_METHOD_NAME[m] for m in others) + "."
        if not math.isnan(padj[k]):
            expl += f" After allowing for the {len(groups[(e.method, e.measure)])} strata tested, the chance of this by accident is {padj[k]:.2g}."
        n_chart = min(config.chart_months, ss.cases.shape[1])
        series = (ss.cases if e.measure == "cases" else ss.articles)[e.row, -n_chart:]
        alerts.append(
            Alert(
                kind="spike",
                method=e.method,
                measure=e.measure,
                stratum_type=ss.stratum_type,
                stratum=key,
                period=month,
                observed=e.observed,
                expected=e.expected,
                upper_bound=e.upper,
                score=e.score,
                p_value=None if math.isnan(e.pvalue) else e.pvalue,
                p_adjusted=None if math.isnan(padj[k]) else float(padj[k]),
                severity=severity,
                explanation=expl,
                regions=ss.regions[e.row],
                members=ss.members[e.row],
                series_start=add_months(month, -n_chart + 1),
                series=[None if math.isnan(v) else round(float(v), 3) for v in series],
            )
        )
    _attach_case_refs(con, month, alerts, config)
    return alerts


def _share_ok(
    ss: StratumSeries,
    e: _Eval,
    key: str,
    guard: dict[str, tuple[float, FloatArray, date | None]],
    config: AlertConfig,
) -> bool:
    """The share guard: during an unconfirmed or recent level shift, keep only anomalous shares."""
    member = key.split("|", 1)[0]
    if member not in guard:
        return True
    ratio, totals, last_change = guard[member]
    recent_change = (
        last_change is not None
        and month_index(ss.start) + ss.cases.shape[1] - 1 - month_index(last_change)
        < config.shift_guard_months
    )
    if ratio < config.shift_min_ratio and not recent_change:
        return True
    y = ss.cases[e.row]
    tot = totals[-y.size :]
    prev = slice(-13, -1)
    ok = ~np.isnan(y[prev]) & ~np.isnan(tot[prev])
    n_prev = float(np.sum(tot[prev][ok]))
    if n_prev <= 0 or np.isnan(tot[-1]):
        return False
    p0 = (float(np.sum(y[prev][ok])) + 0.5) / (n_prev + 1.0)
    raw = float(ss.raw_current[e.row])
    pval = float(stats.binom.sf(raw - 1, int(tot[-1]), p0))
    return pval < config.share_pvalue


def _attach_case_refs(
    con: duckdb.DuckDBPyConnection, month: date, alerts: list[Alert], config: AlertConfig
) -> None:
    need = {(a.stratum_type, a.stratum) for a in alerts}
    if not need:
        return
    types = sorted({t for t, _ in need})
    parts = []
    for stype in types:
        expr, cond = _STRATUM_KEYS[stype]
        parts.append(
            f"SELECT '{stype}' AS stype, {expr} AS key, list(DISTINCT member || ':' || case_ref ORDER BY member || ':' || case_ref) AS refs "
            f"FROM {_MONTH_LINES.format(m=month_index(month))} WHERE {cond} GROUP BY ALL"
        )
    rows = con.execute(" UNION ALL ".join(parts)).fetchall()
    refs = {(r[0], r[1]): list(r[2]) for r in rows}
    for a in alerts:
        a.case_refs = refs.get((a.stratum_type, a.stratum), [])[: config.max_case_refs]


# --------------------------------------------------------------------------------------------------
# Novelty
# --------------------------------------------------------------------------------------------------

_NOVELTY_KEYS: dict[str, tuple[str, str]] = {
    "route": _STRATUM_KEYS["route"],
    "route_transit": (
        "dep || '>' || replace(transit, '|', '>') || '>' || dest",
        "dep IS NOT NULL AND dest IS NOT NULL AND transit IS NOT NULL",
    ),
    "category_concealment": (
        "category || '|' || concealment",
        "category IS NOT NULL AND concealment IS NOT NULL AND concealment NOT IN ('none', 'other')",
    ),
    "category_conveyance": (
        "category || '|' || conveyance",
        "category IS NOT NULL AND conveyance IS NOT NULL",
    ),
    "brand_provenance": _STRATUM_KEYS["brand_provenance"],
}

# Novelty keys made of case columns only (read from the cases, not from every goods line).
_CASE_NOVELTY = frozenset({"route", "route_transit"})

_NOVELTY_TEXT = {
    "route": "the route {0} to {1}",
    "route_transit": "the route {0} via {2} to {1}",
    "category_concealment": "{0} hidden by the method '{1}'",
    "category_conveyance": "{0} carried by {1}",
    "brand_provenance": "{0} goods departing from {1}",
}


class _Rec:
    """Attribute access to one record of a query result."""

    def __init__(self, rec: dict[Any, Any]) -> None:
        self._rec = rec

    def __getattr__(self, name: str) -> Any:
        return self._rec[name]


def _novelty_text(kind: str, key: str) -> str:
    if kind == "route_transit":
        parts = key.split(">")
        return _NOVELTY_TEXT[kind].format(parts[0], parts[-1], ", ".join(parts[1:-1]))
    parts = key.replace(">", "|").split("|", 1)
    return _NOVELTY_TEXT[kind].format(*[*parts, "?"][:2])


def novelty_alerts(con: duckdb.DuckDBPyConnection, month: date, config: AlertConfig = DEFAULT) -> list[Alert]:
    """Routes, concealment methods, conveyances and brand provenances never seen, or dormant, before ``M``.

    Reads the run's tables (see :func:`load_lines`). The history is reduced once to the last month before
    ``M`` of every combination of the key columns; each kind's keys seen in ``M`` are compared against
    that, and only the few new or dormant keys are read again for their cases and chart.
    """
    span = data_months(con)
    if span is None or month_index(month) - month_index(span[0]) < config.novelty_min_history:
        return []
    m, dormant = month_index(month), month_index(month) - config.dormant_months
    chart_from = add_months(month, -config.chart_months + 1)
    # The last month before M and presence in M of every combination of the key columns: routes from the
    # cases, the line-level keys from the goods lines.
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _alert_seen AS
        SELECT dep, dest, transit, NULL AS category, NULL AS concealment, NULL AS conveyance, NULL AS brand,
               max(t) FILTER (WHERE t < {m:d}) AS last_before, bool_or(t = {m:d}) AS now
        FROM _alert_cases GROUP BY dep, dest, transit
        UNION ALL
        SELECT dep, NULL, NULL, category, concealment, conveyance, brand,
               max(t) FILTER (WHERE t < {m:d}), bool_or(t = {m:d})
        FROM _alert_lines GROUP BY dep, category, concealment, conveyance, brand"""
    )
    found = " UNION ALL ".join(
        f"SELECT '{kind}' AS kind, {expr} AS key, max(last_before) AS last_before "
        f"FROM _alert_seen WHERE {cond} GROUP BY ALL HAVING bool_or(now)"
        for kind, (expr, cond) in _NOVELTY_KEYS.items()
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _alert_novel AS SELECT * FROM ({found}) "
        f"WHERE last_before IS NULL OR last_before < {dormant:d}"
    )
    kinds = {str(r[0]) for r in con.execute("SELECT DISTINCT kind FROM _alert_novel").fetchall()}
    if not kinds:
        return []
    keyed = " UNION ALL ".join(
        f"SELECT '{kind}' AS kind, {expr} AS key, case_id, member, t, region, "
        f"{'NULL' if kind in _CASE_NOVELTY else 'brand'} AS brand "
        f"FROM {'_alert_cases' if kind in _CASE_NOVELTY else '_alert_lines'} "
        f"WHERE t BETWEEN {month_index(chart_from):d} AND {m:d} AND {cond} "
        f"AND ({expr}) IN (SELECT key FROM _alert_novel WHERE kind = '{kind}')"
        for kind, (expr, cond) in _NOVELTY_KEYS.items()
        if kind in kinds
    )
    keyed = f"SELECT x.*, c.case_ref FROM ({keyed}) x JOIN _alert_cases c USING (case_id)"
    df = con.execute(
        f"""
        WITH k AS ({keyed}),
        agg AS (
            SELECT kind, key, count(DISTINCT case_id) FILTER (WHERE t = {m:d}) AS n_now,
                   list(DISTINCT member || ':' || case_ref) FILTER (WHERE t = {m:d}) AS refs,
                   list(DISTINCT region) FILTER (WHERE t = {m:d} AND region IS NOT NULL) AS regions,
                   list(DISTINCT member) FILTER (WHERE t = {m:d}) AS members,
                   any_value(brand) AS brand
            FROM k GROUP BY kind, key),
        brands AS (SELECT brand, count(DISTINCT case_id) AS n FROM _alert_lines
                   WHERE t < {m:d} AND brand IN (SELECT brand FROM agg WHERE kind = 'brand_provenance')
                   GROUP BY brand),
        series AS (SELECT kind, key, t, count(DISTINCT case_id) AS n FROM k GROUP BY ALL)
        SELECT agg.*, n.last_before, coalesce(b.n, 0) AS brand_cases,
               (SELECT list({{'t': s.t, 'n': s.n}}) FROM series s WHERE s.kind = agg.kind AND s.key = agg.key) AS ser
        FROM agg JOIN _alert_novel n USING (kind, key)
        LEFT JOIN brands b ON agg.kind = 'brand_provenance' AND b.brand = agg.brand
        ORDER BY agg.kind, agg.key
        """
    ).df()
    new_pairs = set(df.loc[df["kind"] == "route", "key"])
    alerts: list[Alert] = []
    for rec in df.to_dict("records"):
        r = _Rec(rec)
        kind, key = str(r.kind), str(r.key)
        never = r.last_before is None or pd.isna(r.last_before)
        if kind == "brand_provenance" and (
            int(r.brand_cases) < config.brand_min_cases
            or not never
            or int(r.n_now) < config.brand_new_min_cases
        ):
            continue
        if kind in ("category_concealment", "category_conveyance") and not never:
            continue
        if any(code in key.replace("|", ">").split(">") for code in config.unknown_countries):
            continue
        if kind == "route_transit":
            parts = key.split(">")
            if f"{parts[0]}>{parts[-1]}" in new_pairs:
                continue
        what = _novelty_text(kind, key)
        if never:
            expl = f"{month_label(month)}: {what} appears for the first time in the data ({int(r.n_now)} case(s))."
        else:
            last = month_of_index(int(r.last_before))
            expl = (
                f"{month_label(month)}: {what} is seen again ({int(r.n_now)} case(s)) after no case since "
                f"{month_label(last)}."
            )
        if kind == "brand_provenance":
            expl += f" The brand had {int(r.brand_cases)} earlier case(s) from other provenances."
        severity = "medium" if kind in ("route", "route_transit") and never else "low"
        series: list[float | None] = [0.0] * config.chart_months
        ser = r.ser if isinstance(r.ser, list | np.ndarray) else []
        for item in ser:
            t = int(item["t"]) - month_index(chart_from)
            if 0 <= t < len(series):
                series[t] = float(item["n"])
        alerts.append(
            Alert(
                kind="novelty",
                method=f"new_{kind}" if never else f"dormant_{kind}",
                measure="cases",
                stratum_type=kind,
                stratum=key,
                period=month,
                observed=float(r.n_now),
                expected=0.0,
                severity=severity,
                explanation=expl,
                case_refs=sorted(str(x) for x in r.refs)[: config.max_case_refs],
                regions=sorted(str(x) for x in r.regions),
                members=sorted(str(x) for x in r.members),
                series_start=chart_from,
                series=series,
            )
        )
    return alerts


# --------------------------------------------------------------------------------------------------
# Significant seizures
# --------------------------------------------------------------------------------------------------


def significant_alerts(
    con: duckdb.DuckDBPyConnection, month: date, config: AlertConfig = DEFAULT
) -> list[Alert]:
    """Goods lines of ``M`` above the category's historical percentile of quantity (per unit) or value
    (per currency), and health-and-safety lines above a lower percentile; one alert per case."""
    now = month_index(month)
    p, php = config.significant_percentile / 100.0, config.health_safety_percentile / 100.0
    df = con.execute(
        f"""
        WITH hist AS (SELECT * FROM _alert_lines WHERE t >= {now - config.significant_history:d} AND t < {now:d}),
        cur AS {_MONTH_LINES.format(m=now)},
        q AS (SELECT category, unit, quantile_cont(quantity::DOUBLE, ?) AS t, quantile_cont(quantity::DOUBLE, ?) AS th,
                     count(*) AS n FROM hist GROUP BY ALL),
        v AS (SELECT category, currency, quantile_cont(value::DOUBLE, ?) AS t, count(*) AS n
              FROM hist WHERE value IS NOT NULL GROUP BY ALL)
        SELECT cur.member, cur.case_ref, cur.region, cur.category, cur.unit, cur.quantity::DOUBLE AS quantity,
               cur.value::DOUBLE AS value, cur.currency, cur.health_safety,
               q.t AS q_t, q.th AS q_th, v.t AS v_t
        FROM cur
        LEFT JOIN q ON q.category = cur.category AND q.unit = cur.unit AND q.n >= ?
        LEFT JOIN v ON v.category = cur.category AND v.currency = cur.currency AND v.n >= ?
        WHERE cur.quantity > q.t OR cur.value > v.t OR (cur.health_safety AND cur.quantity > q.th)
        ORDER BY cur.member, cur.case_ref, cur.line_no
        """,
        [p, php, p, config.significant_min_lines, config.significant_min_lines],
    ).df()
    alerts: list[Alert] = []
    for (member, case_ref), grp in df.groupby(["member", "case_ref"], sort=True):
        reasons: list[str] = []
        best_ratio, obs, thr, measure = 0.0, 0.0, 0.0, "quantity"
        hs = bool(grp["health_safety"].any())
        for rec in grp.to_dict("records"):
            r = _Rec(rec)
            cat = str(r.category).replace("_", " ")
            for m, val, t, label in (
                ("quantity", r.quantity, r.q_t, f"{_fmt(float(r.quantity))} {r.unit} of {cat}"),
                ("value", r.value, r.v_t, f"{cat} worth {_fmt(float(r.value or 0))} {r.currency}"),
                (
                    "quantity",
                    r.quantity,
                    r.q_th if r.health_safety else math.nan,
                    f"{_fmt(float(r.quantity))} {r.unit} of {cat} (health and safety)",
                ),
            ):
                if val is None or t is None or pd.isna(val) or pd.isna(t) or not float(val) > float(t):
                    continue
                ratio = float(val) / max(float(t), 1e-9)
                reasons.append(f"{label}, above the usual maximum of {_fmt(float(t))}")
                if ratio > best_ratio:
                    best_ratio, obs, thr, measure = ratio, float(val), float(t), m
        if not reasons:
            continue
        region = grp["region"].iloc[0]
        alerts.append(
            Alert(
                kind="significant",
                method="health_safety" if hs else "large_seizure",
                measure=measure,
                stratum_type="case",
                stratum=f"{member}:{case_ref}",
                period=month,
                observed=obs,
                upper_bound=thr,
                score=best_ratio,
                severity="high" if hs else "medium",
                explanation=f"{month_label(month)}: case {case_ref} of {member}: "
                + "; ".join(dict.fromkeys(reasons))
                + ".",
                case_refs=[f"{member}:{case_ref}"],
                regions=[] if pd.isna(region) else [str(region)],
                members=[str(member)],
            )
        )
    # Health-and-safety cases first, then the largest excess, at most ``significant_max`` a month.
    alerts.sort(key=lambda a: (a.method != "health_safety", -(a.score or 0.0)))
    return alerts[: config.significant_max]


# --------------------------------------------------------------------------------------------------
# The monthly run
# --------------------------------------------------------------------------------------------------


def _change_alert(ch: ReportingChange, hist: MemberHistory, month: date, config: AlertConfig) -> Alert:
    t_end = month_index(month) - month_index(hist.start) + 1
    n_chart = min(
        max(config.chart_months, t_end - month_index(ch.month) + month_index(hist.start) + 12), t_end
    )
    series = hist.totals[t_end - n_chart : t_end]
    if ch.kind == "level_shift":
        direction = "rose" if ch.after > ch.before else "fell"
        expl = (
            f"{ch.member}'s reporting volume {direction} from about {_fmt(ch.before)} to {_fmt(ch.after)} cases a month "
            f"from {month_label(ch.month)} (a factor of {ch.ratio:.1f}), across its categories: most likely a change "
            "in how it reports rather than in the traffic. Its category counts before the change are rescaled, so "
            "the change does not raise category alerts."
        )
    else:
        expl = f"{ch.member} sent no data from {month_label(ch.month)}"
        expl += (
            f" to {month_label(add_months(ch.resumed, -1))} and reported again from {month_label(ch.resumed)}."
            if ch.resumed
            else " onwards."
        )
        expl += " These months are treated as missing, not as zero seizures."
    return Alert(
        kind="reporting_change",
        method=f"reporting_{ch.kind}",
        measure="cases",
        stratum_type="member",
        stratum=ch.member,
        period=ch.month,
        observed=ch.after,
        expected=ch.before,
        score=ch.statistic,
        severity="info",
        explanation=expl,
        regions=[hist.region] if hist.region else [],
        members=[ch.member],
        series_start=add_months(month, -n_chart + 1),
        series=[None if math.isnan(v) else float(v) for v in series],
        key=f"{ch.member}|{ch.kind}|{month_label(ch.month)}",
    )


@contextmanager
def _run_tables(con: duckdb.DuckDBPyConnection, month: date) -> Iterator[None]:
    """The run's tables of ``month`` (see :func:`load_lines`), dropped afterwards.

    Every query of the run that needs an order says so, so DuckDB may drop the insertion order meanwhile.
    """
    with unordered(con):
        try:
            load_lines(con, month)
            yield
        finally:
            for table in _RUN_TABLES:
                con.execute(f"DROP TABLE IF EXISTS {table}")


def run_month(con: duckdb.DuckDBPyConnection, month: date, config: AlertConfig = DEFAULT) -> list[Alert]:
    """All alerts of one month, computed from the store as it stands (data after ``M`` is ignored)."""
    month = month_start(month)
    with _run_tables(con, month):
        return _run_month(con, month, config)


def _run_month(con: duckdb.DuckDBPyConnection, month: date, config: AlertConfig) -> list[Alert]:
    histories = member_histories(con, month)
    weights: dict[str, FloatArray] = {}
    guard: dict[str, tuple[float, FloatArray, date | None]] = {}
    alerts: list[Alert] = []
    for member, hist in histories.items():
        changes = reporting_changes(hist, config)
        weights[member] = regime_weights(hist, changes)
        shifts = [c.month for c in changes if c.kind == "level_shift"]
        tot = hist.totals
        prev = tot[-13:-1]
        med = float(np.nanmedian(prev)) if np.any(~np.isnan(prev)) else math.nan
        ratio = (tot[-1] + 0.5) / (med + 0.5) if not (math.isnan(med) or math.isnan(tot[-1])) else 0.0
        guard[member] = (ratio, tot, max(shifts) if shifts else None)
        for ch in changes:
            ref = ch.resumed if ch.resumed is not None else ch.month
            if ch.kind == "gap" and ch.resumed is None:
                ref = add_months(ch.month, config.gap_min_months - 1)
            if 0 <= month_index(month) - month_index(ref) < config.report_recent_months or (
                ch.kind == "gap" and ch.resumed is None
            ):
                alerts.append(_change_alert(ch, hist, month, config))
    unconfirmed = {
        m: g[0]
        for m, g in guard.items()
        if g[0] >= config.shift_min_ratio
        and (g[2] is None or month_index(month) - month_index(g[2]) >= config.shift_guard_months)
    }
    strata = load_strata(con, month, histories, weights, config, unconfirmed)
    alerts += spike_alerts(con, month, strata, guard, config)
    alerts += novelty_alerts(con, month, config)
    alerts += significant_alerts(con, month, config)
    return alerts


def run(con: duckdb.DuckDBPyConnection, months: Iterable[date], config: AlertConfig = DEFAULT) -> list[Alert]:
    """Alerts of several months; a reporting change reported in several of them is kept once."""
    out: dict[str, Alert] = {}
    changes: dict[str, list[Alert]] = {}
    starts = [month_start(m) for m in months]
    if not starts:
        return []
    # The store is read once, up to the last month; each month's queries read those tables up to that month.
    with _run_tables(con, max(starts)):
        found = [a for m in starts for a in _run_month(con, m, config)]
    for a in found:
        if a.kind == "reporting_change":
            same = [
                b
                for b in changes.get(a.stratum, [])
                if b.method == a.method and abs(month_index(b.period) - month_index(a.period)) <= 6
            ]
            if same:
                same[0].period, same[0].observed, same[0].expected = a.period, a.observed, a.expected
                same[0].explanation, same[0].series, same[0].series_start = (
                    a.explanation,
                    a.series,
                    a.series_start,
                )
                continue
            changes.setdefault(a.stratum, []).append(a)
        out[a.alert_id] = a
    return sorted(out.values(), key=sort_key)


def sort_key(a: Alert) -> tuple[date, int, str, str, str]:
    return (a.period, SEVERITY_ORDER.get(a.severity, 9), a.kind, a.stratum, a.method)


def with_config(**changes: Any) -> AlertConfig:
    """The default configuration with some fields replaced (``methods`` fields accepted too)."""
    method_fields = set(AlertMethodConfig.__dataclass_fields__)
    mchanges = {k: v for k, v in changes.items() if k in method_fields}
    rest = {k: v for k, v in changes.items() if k not in method_fields}
    cfg = replace(DEFAULT, **rest)
    if mchanges:
        cfg = replace(cfg, methods=replace(cfg.methods, **mchanges))
    return cfg


# --------------------------------------------------------------------------------------------------
# The alerts table
# --------------------------------------------------------------------------------------------------

ALERTS_DDL = """
CREATE TABLE IF NOT EXISTS alerts (
    alert_id VARCHAR PRIMARY KEY, kind VARCHAR, method VARCHAR, measure VARCHAR, stratum_type VARCHAR,
    stratum VARCHAR, period DATE, observed DOUBLE, expected DOUBLE, upper_bound DOUBLE, score DOUBLE,
    p_value DOUBLE, p_adjusted DOUBLE, severity VARCHAR, explanation VARCHAR, case_refs VARCHAR[],
    regions VARCHAR[], members VARCHAR[], series_start DATE, series DOUBLE[], computed_for DATE,
    first_seen TIMESTAMP, last_seen TIMESTAMP, status VARCHAR)
"""

ALERT_RUNS_DDL = (
    "CREATE TABLE IF NOT EXISTS alert_runs (month DATE PRIMARY KEY, computed_at TIMESTAMP, alerts BIGINT)"
)

# Stored: what a user sees, plus what the bulletin draws and the month the alert was computed for.
ALERT_COLUMNS: tuple[str, ...] = (*ALERT_FIELDS, "members", "series_start", "series", "computed_for")
_LIST_COLUMNS: tuple[str, ...] = ("case_refs", "regions", "members", "series")


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(ALERTS_DDL)
    con.execute(ALERT_RUNS_DDL)


def _row(a: Alert, computed_for: date) -> tuple[object, ...]:
    return (*(getattr(a, c) for c in ALERT_COLUMNS[:-1]), computed_for)


def store_alerts(con: duckdb.DuckDBPyConnection, months: Sequence[date], alerts: Sequence[Alert]) -> None:
    """Upsert the alerts of ``months``; earlier alerts of those months not raised again become ``cleared``.

    ``first_seen`` and a status set by an analyst (anything but ``new``/``cleared``) are kept.
    """
    ensure_tables(con)
    now = datetime.now().replace(microsecond=0)
    cols = ", ".join(ALERT_COLUMNS)
    marks = ", ".join("?" for _ in ALERT_COLUMNS)
    updates = ", ".join(f"{c} = excluded.{c}" for c in ALERT_COLUMNS if c != "alert_id")
    con.execute("BEGIN")
    try:
        ids = [a.alert_id for a in alerts]
        if months:
            con.execute(
                "UPDATE alerts SET status = 'cleared', last_seen = ? WHERE computed_for IN (SELECT unnest(?::DATE[])) "
                "AND status = 'new' AND NOT list_contains(?::VARCHAR[], alert_id)",
                [now, list(months), ids],
            )
        by_id = {a.alert_id: a for a in alerts}
        computed = {a.alert_id: months[-1] if months else a.period for a in alerts}
        for a in alerts:
            if a.period in months:
                computed[a.alert_id] = a.period
        if by_id:  # a quiet month raises none, and is still recorded as computed below
            con.executemany(
                f"INSERT INTO alerts ({cols}, first_seen, last_seen, status) VALUES ({marks}, ?, ?, 'new') "
                f"ON CONFLICT (alert_id) DO UPDATE SET {updates}, last_seen = excluded.last_seen, "
                "status = CASE WHEN alerts.status = 'cleared' THEN 'new' ELSE alerts.status END",
                [(*_row(a, computed[i]), now, now) for i, a in by_id.items()],
            )
        for m in months:
            n = sum(1 for a in alerts if computed[a.alert_id] == m)
            con.execute("INSERT OR REPLACE INTO alert_runs VALUES (?, ?, ?)", [m, now, n])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def has_run(con: duckdb.DuckDBPyConnection, month: date) -> bool:
    try:
        row = con.execute("SELECT count(*) FROM alert_runs WHERE month = ?", [month]).fetchone()
    except duckdb.CatalogException:
        return False
    return bool(row and row[0])


def load_alerts(
    con: duckdb.DuckDBPyConnection,
    months: Sequence[date],
    region: str | None = None,
    ids: Sequence[str] | None = None,
) -> list[Alert]:
    """Stored alerts computed for ``months`` (not cleared), optionally of one WCO region."""
    try:
        sql = f"SELECT {', '.join(ALERT_COLUMNS)} FROM alerts WHERE status <> 'cleared' AND computed_for IN (SELECT unnest(?::DATE[]))"
        params: list[object] = [list(months)]
        if ids is not None:
            sql += " AND list_contains(?::VARCHAR[], alert_id)"
            params.append(list(ids))
        rows = con.execute(sql, params).fetchall()
    except duckdb.CatalogException:
        return []
    out = []
    for r in rows:
        rec = dict(zip(ALERT_COLUMNS, r, strict=True))
        fields = {c: rec[c] for c in ALERT_COLUMNS if c not in ("alert_id", "computed_for")}
        fields.update({c: list(rec[c] or []) for c in _LIST_COLUMNS})
        a = Alert(**fields)
        a.stored_id = str(rec["alert_id"])
        out.append(a)
    if region:
        out = [a for a in out if region in a.regions or region.upper() in (x.upper() for x in a.regions)]
    return sorted(out, key=sort_key)
