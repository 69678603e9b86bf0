"""Member coverage and reporting changes: each Member's monthly totals, the level shifts and gaps in
them, the regime weights that bring earlier months to the current level, and the ``reporting_change``
alerts."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd
from scipy import stats

from cen_pipeline.alerts.config import DEFAULT, Alert, AlertConfig, format_number
from cen_pipeline.alerts.methods.common import FloatArray
from cen_pipeline.alerts.months import add_months, month_index, month_label, month_start


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
    move: CategoryMove | None = None  # a level shift's evidence: every category moved

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


def category_histories(
    con: duckdb.DuckDBPyConnection, histories: dict[str, MemberHistory]
) -> dict[str, dict[str, FloatArray]]:
    """Each Member's monthly cases per product category on its history's months (from the run's tables)."""
    df = con.execute(
        """SELECT member, category, t, count(DISTINCT case_id) AS cases FROM _alert_lines
           WHERE category IS NOT NULL GROUP BY ALL"""
    ).df()
    out: dict[str, dict[str, FloatArray]] = {}
    for (member, category), grp in df.groupby(["member", "category"], sort=True):
        hist = histories.get(str(member))
        if hist is None:
            continue
        idx = grp["t"].to_numpy(dtype=np.int64) - month_index(hist.start)
        keep = (idx >= 0) & (idx < hist.totals.size)
        series = np.zeros(hist.totals.size)
        series[idx[keep]] = grp["cases"].to_numpy(dtype=float)[keep]
        out.setdefault(str(member), {})[str(category)] = series
    return out


@dataclass(frozen=True, slots=True)
class CategoryMove:
    """How a Member's categories moved between two sets of months: the one that moved most, the factor of
    the Member's total and of its other categories, and whether that one carried the move alone (an
    outbreak, or its end) rather than every category moving (a change in how the Member reports)."""

    category: str
    total: float
    lead: float  # the factor of that category
    others: float
    carried: bool


def category_move(
    categories: dict[str, FloatArray] | None,
    before: np.ndarray,
    after: np.ndarray,
    config: AlertConfig = DEFAULT,
) -> CategoryMove | None:
    """How the categories moved between the months `before` and `after` (positions); None when it cannot
    be told (one category, or others of under one case a month, are read as a reporting change).

    A reporting change moves every category: the others (all but the one that moved most) must move by at
    least ``change_min_other_ratio`` the same way."""
    if not categories or len(categories) < 2 or before.size == 0 or after.size == 0:
        return None
    # Medians: months of the new level among the months before (a change seen a few months late) would
    # raise a mean, and make every category's rise look smaller than the one that rose most.
    b = {c: float(np.median(s[before])) for c, s in categories.items()}
    a = {c: float(np.median(s[after])) for c, s in categories.items()}
    rising = sum(a.values()) >= sum(b.values())
    lead = max(categories, key=lambda c: (a[c] - b[c]) if rising else (b[c] - a[c]))
    others_before = sum(b.values()) - b[lead]
    others_after = sum(a.values()) - a[lead]
    if max(others_before, others_after) < 1.0:
        return None
    factor = (others_after + 0.5) / (others_before + 0.5)
    total = (sum(a.values()) + 0.5) / (sum(b.values()) + 0.5)
    moved = factor >= config.change_min_other_ratio if rising else factor <= 1 / config.change_min_other_ratio
    return CategoryMove(lead, total, (a[lead] + 0.5) / (b[lead] + 0.5), factor, not moved)


def _windows(totals: FloatArray, t: int, config: AlertConfig) -> tuple[np.ndarray, np.ndarray]:
    """The covered months either side of position `t` that a level shift's means are taken over."""
    covered = np.flatnonzero(~np.isnan(totals))
    win = config.shift_window
    return covered[(covered >= t - win) & (covered < t)], covered[(covered >= t) & (covered < t + win)]


def reporting_changes(
    history: MemberHistory,
    config: AlertConfig = DEFAULT,
    categories: dict[str, FloatArray] | None = None,
) -> list[ReportingChange]:
    """A Member's level shifts and gaps; a shift that one category carries (`categories`, the Member's
    category series) is an outbreak and left to the spike methods."""
    out: list[ReportingChange] = []
    for t, m1, m2, stat in detect_level_shifts(history.totals, config):
        move = category_move(categories, *_windows(history.totals, t, config), config)
        if move is not None and move.carried:
            continue
        month = add_months(history.start, t)
        out.append(ReportingChange(history.member, "level_shift", month, m1, m2, stat, move=move))
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
    the Member's own strata they are treated as missing (see :func:`~cen_pipeline.alerts.strata.load_strata`).
    """
    w = np.ones(history.totals.size)
    for ch in changes:
        if ch.kind != "level_shift" or ch.before <= 0 or ch.after <= 0:
            continue
        t = month_index(ch.month) - month_index(history.start)
        w[:t] *= ch.after / ch.before
    return w


def change_alert(ch: ReportingChange, hist: MemberHistory, month: date, config: AlertConfig) -> Alert:
    """The ``reporting_change`` alert of one change, charting the Member's monthly totals around it."""
    t_end = month_index(month) - month_index(hist.start) + 1
    n_chart = min(
        max(config.chart_months, t_end - month_index(ch.month) + month_index(hist.start) + 12), t_end
    )
    series = hist.totals[t_end - n_chart : t_end]
    if ch.kind == "level_shift":
        direction = "rose" if ch.after > ch.before else "fell"
        expl = (
            f"{ch.member}'s reporting volume {direction} from about {format_number(ch.before)} to {format_number(ch.after)} cases a month "
            f"from {month_label(ch.month)} (a factor of {ch.ratio:.1f}), across its categories"
            + (
                f" ({ch.move.category} by a factor of {ch.move.lead:.1f}, the others together by "
                f"{ch.move.others:.1f})"
                if ch.move is not None
                else ""
            )
            + ": most likely a change in how it reports rather than in the traffic. Its category counts before "
            "the change are rescaled, so the change does not raise category alerts."
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
