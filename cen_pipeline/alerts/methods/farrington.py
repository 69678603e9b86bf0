"""Improved Farrington (Noufaily et al. 2012), as surveillance::farringtonFlexible: a quasi-Poisson GLM
on the same season of past years, with past outbreaks down-weighted."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from cen_pipeline.alerts.methods.common import (
    DEFAULT_CONFIG,
    AlertMethodConfig,
    BoolArray,
    FloatArray,
    IntArray,
    Positions,
    as_counts,
    evaluated_positions,
)

__all__ = ["FarringtonResult", "farrington_flexible"]


@dataclass(frozen=True, slots=True, eq=False)
class FarringtonResult:
    """Output of :func:`farrington_flexible` for the evaluated positions.

    ``expected`` and ``upperbound`` are reported even where ``enough_cases`` is false (the 5-in-4
    rule), where the reference implementation reports missing values; ``alarm`` is false there.
    ``score`` is the exceedance score ``(y - mu0) / (U - mu0)`` of Farrington et al. (1996) on the count
    scale, so ``score > 1`` coincides with ``y > U`` whenever ``U > mu0``. ``pvalue`` is the plug-in
    upper tail probability ``P(Y >= y)``, suited to
    :func:`~cen_pipeline.alerts.methods.fdr.benjamini_hochberg`. Positions where the GLM could not be
    fitted carry NaN and no alarm.
    """

    index: IntArray
    observed: FloatArray
    expected: FloatArray
    upperbound: FloatArray
    alarm: BoolArray
    score: FloatArray
    pvalue: FloatArray
    phi: FloatArray
    trend_used: BoolArray
    enough_cases: BoolArray


@functools.lru_cache(maxsize=32)
def _farrington_layout(
    freq: int, b: int, w: int, no_periods: int, past_excluded: int
) -> tuple[IntArray, IntArray]:
    """Offsets (relative to the current period) of the baseline and their seasonal factor level.

    Each of the ``b`` past years contributes a window of ``2w + 1`` periods centred on the same
    period of that year (level ``no_periods``); with ``no_periods > 1`` the gap between consecutive
    windows is cut into ``no_periods - 1`` consecutive blocks whose lengths differ by at most one,
    longer blocks first (Noufaily et al. 2012, section 3.2). When the gap is shorter than the number of
    blocks (monthly data: 5 periods for 9 blocks) an empty block takes over the period just before and
    just after its position, which is how the reference implementation lays them out; keeping the same
    layout keeps the fitted seasonal levels, and so the thresholds, comparable. The last
    ``past_excluded + 1`` periods are left out so that a current outbreak does not inflate its own
    baseline.
    """
    span = b * freq + w
    level = np.zeros(span + 1, dtype=np.int64)  # index j is offset j - span; 0 marks "not used"
    level[span - w :] = no_periods
    gap = freq - 2 * w - 1
    n_blocks = no_periods - 1
    for year in range(1, b + 1):
        ref = span - freq * year
        level[ref - w : ref + w + 1] = no_periods
        if n_blocks == 0:
            continue
        start = ref + w + 1
        for block in range(1, n_blocks + 1):
            length = gap // n_blocks + (1 if block <= gap % n_blocks else 0)
            if length > 0:
                level[start : start + length] = block
            else:
                level[start - 1 : start + 1] = block
            start += length
    level[max(span - past_excluded, 0) :] = 0
    keep = np.flatnonzero(level)
    offsets = (keep - span).astype(np.int64)
    levels = level[keep]
    # The arrays are shared through the cache, so guard them against accidental modification.
    offsets.flags.writeable = False
    levels.flags.writeable = False
    return offsets, levels


@dataclass(frozen=True, slots=True)
class _GlmFit:
    beta: FloatArray
    mu: FloatArray
    converged: bool
    cov_unscaled: FloatArray
    hat: FloatArray
    df_resid: int
    pearson: float  # sum of prior * (y - mu)^2 / mu
    working: float  # sum of prior * ((y - mu) / mu)^2


def _poisson_irls(
    X: FloatArray, y: FloatArray, prior: FloatArray, *, tol: float = 1e-8, maxit: int = 25
) -> _GlmFit:
    """Weighted Poisson log-linear GLM by iteratively reweighted least squares.

    Starts from ``mu = y + 0.1`` and stops when the relative change in deviance falls below ``tol``
    (McCullagh and Nelder 1989), the same start and stopping rule as R's glm, so that fits which
    diverge towards a zero level stop at comparable places.
    """
    mu = y + 0.1
    eta = np.log(mu)
    dev_old = _poisson_deviance(y, mu, prior)
    converged = False
    beta = np.zeros(X.shape[1])
    sw = np.sqrt(prior * mu)
    for _ in range(maxit):
        z = eta + (y - mu) / mu
        sw = np.sqrt(prior * mu)
        zw = z * sw
        if not (np.isfinite(sw).all() and np.isfinite(zw).all()):
            # Fitted means that reached zero or overflowed: the fit has diverged, and LAPACK, given these
            # numbers, would print to stderr and fail later anyway.
            raise np.linalg.LinAlgError("the Poisson fit diverged: fitted means reached zero or overflowed")
        beta = np.asarray(np.linalg.lstsq(X * sw[:, None], zw, rcond=None)[0], dtype=np.float64)
        eta = X @ beta
        mu = np.exp(eta)
        dev = _poisson_deviance(y, mu, prior)
        if abs(dev - dev_old) / (abs(dev) + 0.1) < tol:
            converged = True
            break
        dev_old = dev
    xw = X * sw[:, None]
    cov = np.asarray(np.linalg.pinv(xw.T @ xw), dtype=np.float64)
    hat = np.einsum("ij,jk,ik->i", xw, cov, xw)
    rank = int(np.linalg.matrix_rank(xw))
    pearson = float(np.sum(prior * (y - mu) ** 2 / mu))
    working = float(np.sum(prior * ((y - mu) / mu) ** 2))
    return _GlmFit(beta, mu, converged, cov, hat, y.size - rank, pearson, working)


def _poisson_deviance(y: FloatArray, mu: FloatArray, prior: FloatArray) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(y > 0, y * np.log(y / mu), 0.0)
    return float(2.0 * np.sum(prior * (term - (y - mu))))


def _dispersion(fit: _GlmFit) -> float:
    return fit.pearson / fit.df_resid if fit.df_resid > 0 else math.nan


def _fit_reweighted(X: FloatArray, y: FloatArray, config: AlertMethodConfig) -> tuple[_GlmFit, float] | None:
    """Quasi-Poisson fit, then a refit down-weighting past outbreaks (Noufaily et al. 2012, 3.1).

    Observations whose scaled Anscombe residual exceeds ``weights_threshold`` get weight
    proportional to ``s^-2``, the others a constant, with weights summing to ``n``. Returns the fit
    and the dispersion ``phi = max(1, Pearson / df)``, or ``None`` if the first fit did not converge.
    """
    fit = _poisson_irls(X, y, np.ones_like(y))
    if not fit.converged:
        return None
    phi = max(_dispersion(fit), 1.0)
    if config.reweight:
        with np.errstate(divide="ignore", invalid="ignore"):
            s = (
                1.5
                * (y ** (2.0 / 3.0) * fit.mu ** (-1.0 / 6.0) - np.sqrt(fit.mu))
                / np.sqrt(phi * (1.0 - fit.hat))
            )
            raw = np.where(s > config.weights_threshold, s**-2.0, 1.0)
        omega = raw * (y.size / raw.sum())
        fit = _poisson_irls(X, y, omega)
        phi = max(_dispersion(fit), 1.0)
    return fit, phi


def _trend_pvalue(fit: _GlmFit, reweighted: bool, pearson: bool) -> float:
    """Two-sided quasi-Poisson t-test of the time coefficient (column 1).

    With ``pearson`` false and a reweighted fit the coefficient variance is scaled by
    ``sum(omega * ((y - mu) / mu)^2) / df`` rather than the Pearson dispersion: the reference
    implementation stores the outbreak weights in place of the GLM working weights before testing,
    and reproducing that keeps the trend decisions, hence the thresholds, identical to it.
    """
    if reweighted and not pearson:
        disp = fit.working / fit.df_resid if fit.df_resid > 0 else math.nan
    else:
        disp = _dispersion(fit)
    se = math.sqrt(disp * fit.cov_unscaled[1, 1]) if disp > 0 else 0.0
    if not se > 0:
        return 0.0 if fit.beta[1] != 0 else 1.0
    return float(2.0 * stats.t.sf(abs(fit.beta[1]) / se, fit.df_resid))


def _nb_plugin_upper(mu0: float, phi: float, alpha: float) -> float:
    """``1 - alpha`` quantile of NB with mean ``mu0`` and variance ``phi * mu0`` (Poisson if phi = 1)."""
    if phi > 1.0:
        return float(stats.nbinom.ppf(1.0 - alpha, mu0 / (phi - 1.0), 1.0 / phi))
    return float(stats.poisson.ppf(1.0 - alpha, mu0))


def _nb_plugin_pvalue(y: float, mu0: float, phi: float) -> float:
    if phi > 1.0:
        return float(stats.nbinom.sf(y - 1.0, mu0 / (phi - 1.0), 1.0 / phi))
    return float(stats.poisson.sf(y - 1.0, mu0))


def _farrington_one(
    x: FloatArray, t0: int, config: AlertMethodConfig, layout: tuple[IntArray, IntArray]
) -> tuple[float, float, float, bool] | None:
    """Expected count, dispersion and upper bound at ``t0``; ``None`` if no model converged."""
    offsets, levels = layout
    y = x[t0 + offsets]
    ok = ~np.isnan(y)
    y, lv, tm = y[ok], levels[ok], offsets[ok].astype(np.float64)
    if config.no_periods > 1:
        present = np.unique(lv)
        if config.no_periods not in present:
            return None
        dummies = (lv[:, None] == present[None, 1:]).astype(np.float64)
        d0 = (present[1:] == config.no_periods).astype(np.float64)
    else:
        dummies = np.empty((y.size, 0))
        d0 = np.empty(0)
    ones = np.ones((y.size, 1))
    X_flat = np.hstack([ones, dummies])
    x0_flat = np.concatenate([[1.0], d0])

    result: tuple[_GlmFit, float] | None = None
    trend_used = False
    if config.trend:
        # Relative time (0 at t0) keeps the design well conditioned; fits and the t-test are unchanged.
        X_trend = np.hstack([ones, tm[:, None], dummies])
        result = _fit_reweighted(X_trend, y, config)
        if result is not None:
            fit = result[0]
            x0_trend = np.concatenate([[1.0, 0.0], d0])
            pred = math.exp(float(x0_trend @ fit.beta))
            trend_used = (
                config.b >= 3
                and _trend_pvalue(fit, config.reweight, config.trend_test_pearson) < config.p_threshold_trend
                and pred <= float(np.max(y))
            )
            if trend_used:
                return pred, result[1], _nb_plugin_upper(pred, result[1], config.alpha), True
    result = _fit_reweighted(X_flat, y, config)
    if result is None:
        return None
    fit, phi = result
    mu0 = math.exp(float(x0_flat @ fit.beta))
    return mu0, phi, _nb_plugin_upper(mu0, phi, config.alpha), False


def farrington_flexible(
    counts: ArrayLike,
    *,
    at: Positions = None,
    config: AlertMethodConfig = DEFAULT_CONFIG,
) -> FarringtonResult:
    """Improved Farrington algorithm (Noufaily et al. 2012) as surveillance::farringtonFlexible.

    For each evaluated period ``t0`` a quasi-Poisson log-linear GLM is fitted to the counts of the
    ``b`` previous years (windows of ``2w + 1`` periods around ``t0``'s period plus, with
    ``no_periods > 1``, a seasonal factor over the rest of the year; the last ``past_excluded + 1``
    periods are excluded). A linear time trend is kept only if it is significant at
    ``p_threshold_trend``, ``b >= 3`` and its prediction does not exceed the largest baseline count.
    Past outbreaks are down-weighted with Anscombe residuals above ``weights_threshold`` and the model
    refitted. The threshold is the ``1 - alpha`` quantile of a negative binomial with mean ``mu0`` and
    variance ``phi * mu0`` (the "nbPlugin" threshold), Poisson when ``phi = 1``. An alarm needs
    ``y > U``, ``y > 0`` and at least ``limit54[0]`` cases in the last ``limit54[1]`` periods.

    Each position is fitted independently, so evaluating only the last month costs one set of fits.
    Missing counts (NaN) are dropped from the baseline. By default the trend t-test scales the
    variance as the reference implementation does (see ``AlertMethodConfig.trend_test_pearson``).
    """
    x = as_counts(counts)
    idx = evaluated_positions(x.size, at, config.farrington_start)
    layout = _farrington_layout(config.freq, config.b, config.w, config.no_periods, config.past_excluded)
    m = idx.size
    expected = np.full(m, np.nan)
    upper = np.full(m, np.nan)
    phi_out = np.full(m, np.nan)
    pvalue = np.full(m, np.nan)
    score = np.full(m, np.nan)
    trend_used = np.zeros(m, dtype=bool)
    enough = np.zeros(m, dtype=bool)
    alarm = np.zeros(m, dtype=bool)
    obs = x[idx]
    cases, periods = config.limit54
    for k, t0 in enumerate(idx):
        recent = x[max(t0 - periods + 1, 0) : t0 + 1]
        enough[k] = bool(np.nansum(recent) >= cases)
        res = _farrington_one(x, int(t0), config, layout)
        if res is None or not math.isfinite(res[0]):
            continue
        mu0, phi, u, trend_used[k] = res
        expected[k], phi_out[k], upper[k] = mu0, phi, u
        y = float(obs[k])
        if math.isnan(y):
            continue
        pvalue[k] = _nb_plugin_pvalue(y, mu0, phi)
        if u > mu0:
            score[k] = (y - mu0) / (u - mu0)
        alarm[k] = bool(enough[k] and y > u and y != 0)
    return FarringtonResult(
        index=idx,
        observed=obs,
        expected=expected,
        upperbound=upper,
        alarm=alarm,
        score=score,
        pvalue=pvalue,
        phi=phi_out,
        trend_used=trend_used,
        enough_cases=enough,
    )
