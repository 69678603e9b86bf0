"""Spike alerts of the last month: the spike methods over all strata, the Benjamini-Hochberg step, the
agreement of methods, the share guard and the explanations.

Spike methods (``cen_pipeline.alerts.methods``) run on the last period only, on all strata at once where
the method allows (EARS, the CUSUM's in-control fits). Farrington and EARS
C1/C2 give p-values, adjusted by Benjamini-Hochberg across the strata evaluated for that method and
measure; an alarm needs both the method's own threshold and a BH rejection. EARS C3 has no p-value of
its own and uses that of C2 for the BH step; NB CUSUM alarms on its decision interval. Strata that
cannot alarm are pruned first (fewer than ``prune_min_cases`` cases in the last ``prune_periods``
periods and a current count of at most ``prune_max_current``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
from numpy.typing import NDArray
from scipy import stats

from cen_pipeline.alerts.config import DEFAULT, Alert, AlertConfig, chance_text, format_number
from cen_pipeline.alerts.methods.common import AlertMethodConfig, FloatArray
from cen_pipeline.alerts.methods.cusum import NbInControlModel, fit_nb_in_control, fit_nb_rows, nb_cusum
from cen_pipeline.alerts.methods.ears import ears
from cen_pipeline.alerts.methods.farrington import farrington_flexible
from cen_pipeline.alerts.methods.fdr import benjamini_hochberg
from cen_pipeline.alerts.months import add_months, month_index, month_label
from cen_pipeline.alerts.strata import STRATUM_KEYS, StratumSeries, describe_stratum
from cen_pipeline.alerts.tables import MONTH_LINES


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
    # A flat baseline (sd 0) has no normal p-value; the Poisson tail at its mean gives one, so that the
    # false-discovery step can weigh it like any other. A baseline of zeros gives none: what appears after
    # nothing is new, which the novelty alerts judge, not a spike.
    with np.errstate(invalid="ignore"):
        flat = np.where(mean > 0, stats.poisson.sf(y[:, -1] - 1, mean), np.nan)
    p = np.where(sd > 0, stats.norm.sf(score), flat)
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


_METHOD_TEXT = {
    "farrington": "the improved Farrington method (five years of the same season)",
    "ears_c1": "EARS C1 (the seven previous months)",
    "ears_c2": "EARS C2 (seven months ending two months earlier)",
    "ears_c3": "EARS C3 (three months of excess)",
    "nb_cusum": "a negative-binomial CUSUM (a sustained doubling)",
}


METHOD_NAMES = {  # as the methods are named in the literature
    "farrington": "Farrington",
    "ears_c1": "EARS C1",
    "ears_c2": "EARS C2",
    "ears_c3": "EARS C3",
    "nb_cusum": "NB CUSUM",
}


def _expected(value: float) -> str:
    """An expected count in words: a count below 0.05 is almost none, not 0.0."""
    return "almost none" if value < 0.05 else f"about {format_number(value)}"


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
            f"{month_label(month)}: {format_number(e.observed)} {unit} in {what}, against {_expected(e.expected)} expected "
            f"and an alarm threshold of {format_number(e.upper)} from {_METHOD_TEXT[e.method]}."
        )
        others = [m for m in methods_fired if m != e.method]
        if others:
            expl += " Also flagged by " + ", ".join(METHOD_NAMES[m] for m in others) + "."
        if not math.isnan(padj[k]):
            expl += (
                f" After allowing for the {len(groups[(e.method, e.measure)])} strata tested, the chance of this by "
                f"accident is {chance_text(padj[k])}."
            )
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
        expr, cond = STRATUM_KEYS[stype]
        parts.append(
            f"SELECT '{stype}' AS stype, {expr} AS key, list(DISTINCT member || ':' || case_ref ORDER BY member || ':' || case_ref) AS refs "
            f"FROM {MONTH_LINES.format(m=month_index(month))} WHERE {cond} GROUP BY ALL"
        )
    rows = con.execute(" UNION ALL ".join(parts)).fetchall()
    refs = {(r[0], r[1]): list(r[2]) for r in rows}
    for a in alerts:
        a.case_refs = refs.get((a.stratum_type, a.stratum), [])[: config.max_case_refs]
