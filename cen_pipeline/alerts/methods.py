"""Statistical core of spike detection on monthly counts of one stratum.

All functions work on a 1-D array of counts ordered by month (position 0 is the oldest month) and
return per evaluated position the observed count, the expected count, an upper bound and an alarm flag.
Positions are 0-based; ``at`` arguments accept an int (negative counts from the end), a sequence of
positions, a slice or ``None`` for every position the method can evaluate, so a monthly run over many
strata can ask for the last month only.

Methods and the papers they follow:

* EARS C1, C2, C3 -- Hutwagner, Thompson, Seeman and Treadwell (2003), "The bioterrorism preparedness
  and response Early Aberration Reporting System (EARS)", J. Urban Health 80(2 Suppl 1):i89-96; and
  Fricker, Hegler and Dunfee (2008), "Comparing syndromic surveillance detection methods: EARS' versus
  a CUSUM-based methodology", Stat. Med. 27:3407-3429.
* Improved Farrington -- Noufaily, Enki, Farrington, Garthwaite, Andrews and Charlett (2013),
  "An improved algorithm for outbreak detection in multiple surveillance systems", Stat. Med.
  32:1206-1222 (published online 2012), building on Farrington, Andrews, Beale and Catchpole (1996),
  J. R. Stat. Soc. A 159:547-563.
* Negative-binomial CUSUM -- Höhle and Paul (2008), "Count data regression charts for the monitoring
  of surveillance time series", Comput. Stat. Data Anal. 52:4357-4368.
* False discovery rate -- Benjamini and Hochberg (1995), J. R. Stat. Soc. B 57:289-300.

Defaults follow the R package ``surveillance`` (earsC, farringtonFlexible, glrnb), which serves as
the reference the test-suite compares against; deviations are stated where they occur.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize, special, stats

__all__ = [
    "AlertMethodConfig",
    "CusumResult",
    "EarsResult",
    "FarringtonResult",
    "NbInControlModel",
    "benjamini_hochberg",
    "ears",
    "farrington_flexible",
    "fit_nb_in_control",
    "fit_nb_rows",
    "nb_cusum",
    "nb_cusum_series",
]

FloatArray: TypeAlias = NDArray[np.float64]
IntArray: TypeAlias = NDArray[np.int64]
BoolArray: TypeAlias = NDArray[np.bool_]
Positions: TypeAlias = int | Sequence[int] | NDArray[np.integer] | slice | None


@dataclass(frozen=True, slots=True)
class AlertMethodConfig:
    """Parameters of every alert method, defaulting to the reference settings.

    EARS (Hutwagner et al. 2003; surveillance::earsC defaults): ``ears_baseline`` past periods,
    a lag of 2 periods for C2/C3, ``ears_alpha`` for C1/C2 and ``ears_alpha_c3`` for C3, and
    ``ears_min_sigma`` as a floor on the baseline standard deviation.

    Improved Farrington (Noufaily et al. 2012; surveillance::farringtonFlexible): ``b`` years back,
    half-window ``w``, trend kept only if significant at ``p_threshold_trend`` (and ``b >= 3`` and no
    extrapolation beyond the largest baseline count; ``trend_test_pearson`` switches the t-test from
    the reference implementation's variance scaling to the Pearson dispersion), reweighting of past
    outbreaks above ``weights_threshold`` Anscombe residuals, a ``no_periods``-level seasonal factor, the last
    ``past_periods_not_included`` periods (``None`` means ``w``) left out of the baseline, the
    negative-binomial plug-in quantile at level ``1 - alpha``, and no alarm unless at least
    ``limit54[0]`` cases were seen in the last ``limit54[1]`` periods.

    Negative-binomial CUSUM (Höhle and Paul 2008; surveillance::glrnb with a fixed ``theta``):
    shift ``cusum_shift`` on the log scale (log 2 detects a doubling), threshold ``cusum_h``,
    in-control model fitted on the first ``cusum_train`` periods with ``cusum_harmonics`` harmonics.

    ``fdr_q`` is the false discovery rate for the Benjamini-Hochberg step across strata.
    """

    freq: int = 12
    ears_baseline: int = 7
    ears_alpha: float = 0.001
    ears_alpha_c3: float = 0.025
    ears_min_sigma: float = 0.0
    alpha: float = 0.05
    b: int = 5
    w: int = 3
    trend: bool = True
    p_threshold_trend: float = 0.05
    trend_test_pearson: bool = False
    reweight: bool = True
    weights_threshold: float = 2.58
    no_periods: int = 10
    past_periods_not_included: int | None = None
    limit54: tuple[int, int] = (5, 4)
    cusum_shift: float = math.log(2.0)
    cusum_h: float = 5.0
    cusum_train: int = 60
    cusum_harmonics: int = 1
    fdr_q: float = 0.05

    def __post_init__(self) -> None:
        if self.freq < 1:
            raise ValueError("freq must be positive")
        if self.ears_baseline < 3:
            raise ValueError("ears_baseline must be at least 3")
        for name in ("ears_alpha", "ears_alpha_c3", "alpha", "p_threshold_trend", "fdr_q"):
            value = getattr(self, name)
            if not 0.0 < value < 1.0:
                raise ValueError(f"{name} must lie in (0, 1)")
        if self.ears_min_sigma < 0:
            raise ValueError("ears_min_sigma must be non-negative")
        if self.b < 1 or self.w < 0 or 2 * self.w + 1 > self.freq:
            raise ValueError("need b >= 1 and 0 <= w with 2w + 1 <= freq")
        if self.no_periods < 1:
            raise ValueError("no_periods must be positive")
        if self.no_periods > 1 and self.freq - 2 * self.w - 1 < self.no_periods - (2 * self.w + 1):
            raise ValueError("no_periods too large for freq and w")
        if self.past_periods_not_included is not None and self.past_periods_not_included < 0:
            raise ValueError("past_periods_not_included must be non-negative")
        if self.limit54[0] < 0 or self.limit54[1] < 1:
            raise ValueError("limit54 needs cases >= 0 and periods >= 1")
        if self.cusum_shift <= 0 or self.cusum_h <= 0:
            raise ValueError("cusum_shift and cusum_h must be positive")
        if self.cusum_train < 2 or self.cusum_harmonics < 0:
            raise ValueError("cusum_train must be >= 2 and cusum_harmonics >= 0")

    @property
    def past_excluded(self) -> int:
        """Periods before and including the current one left out of the Farrington baseline minus one."""
        return self.w if self.past_periods_not_included is None else self.past_periods_not_included

    @property
    def farrington_start(self) -> int:
        """First 0-based position the Farrington method can evaluate (``b`` years plus ``w``)."""
        return self.b * self.freq + self.w


DEFAULT_CONFIG = AlertMethodConfig()


@dataclass(frozen=True, slots=True, eq=False)
class EarsResult:
    """Output of :func:`ears` for the evaluated positions."""

    index: IntArray
    observed: FloatArray
    expected: FloatArray
    upperbound: FloatArray
    alarm: BoolArray


@dataclass(frozen=True, slots=True, eq=False)
class FarringtonResult:
    """Output of :func:`farrington_flexible` for the evaluated positions.

    ``expected`` and ``upperbound`` are reported even where ``enough_cases`` is false (the 5-in-4
    rule), where the reference implementation reports missing values; ``alarm`` is false there.
    ``score`` is the exceedance score ``(y - mu0) / (U - mu0)`` of Farrington et al. (1996) on the count
    scale, so ``score > 1`` coincides with ``y > U`` whenever ``U > mu0``. ``pvalue`` is the plug-in
    upper tail probability ``P(Y >= y)``, suited to :func:`benjamini_hochberg`. Positions where the
    GLM could not be fitted carry NaN and no alarm.
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


@dataclass(frozen=True, slots=True, eq=False)
class CusumResult:
    """Output of :func:`nb_cusum`.

    ``statistic`` is the CUSUM after each period, ``upperbound`` the count that would have raised an
    alarm in that period given the statistic before it, ``alarm`` whether the statistic reached ``h``
    (the statistic restarts from zero after an alarm), ``final_statistic`` the value to carry into the
    next month's update.
    """

    index: IntArray
    observed: FloatArray
    expected: FloatArray
    statistic: FloatArray
    upperbound: FloatArray
    alarm: BoolArray
    final_statistic: float


def _as_counts(counts: ArrayLike) -> FloatArray:
    arr = np.asarray(counts, dtype=np.float64)
    if arr.ndim != 1:
        raise ValueError("counts must be one-dimensional")
    return arr


def _positions(n: int, at: Positions, first: int) -> IntArray:
    """Normalise ``at`` to 0-based positions (in the order given) and check they can be evaluated."""
    if at is None:
        idx = np.arange(first, n, dtype=np.int64)
    elif isinstance(at, slice):
        idx = np.arange(n, dtype=np.int64)[at]
    elif isinstance(at, int | np.integer):
        idx = np.array([int(at)], dtype=np.int64)
    else:
        idx = np.asarray(at, dtype=np.int64).reshape(-1)
    idx = np.where(idx < 0, idx + n, idx)
    if idx.size and (idx.min() < first or idx.max() >= n):
        raise ValueError(f"positions must lie in [{first}, {n - 1}]; the series is too short for them")
    return idx


# --------------------------------------------------------------------------------------------------
# EARS C1 / C2 / C3
# --------------------------------------------------------------------------------------------------


def _ears_baseline_stats(
    x: FloatArray, idx: IntArray, baseline: int, lag: int, min_sigma: float
) -> tuple[FloatArray, FloatArray]:
    """Mean and floored sample standard deviation of the ``baseline`` periods ending ``lag`` before."""
    cols = np.arange(-lag - baseline, -lag, dtype=np.int64)
    ref = x[..., idx[:, None] + cols[None, :]]
    mean = ref.mean(axis=-1)
    sd = ref.std(axis=-1, ddof=1)
    return mean, np.maximum(sd, min_sigma)


def ears(
    counts: ArrayLike,
    method: str = "C1",
    *,
    at: Positions = None,
    config: AlertMethodConfig = DEFAULT_CONFIG,
    alpha: float | None = None,
) -> EarsResult:
    """EARS C1, C2 or C3 (Hutwagner et al. 2003; Fricker et al. 2008) as in surveillance::earsC.

    C1 compares period ``t`` with the mean and sample standard deviation of the ``B`` preceding
    periods (``B = config.ears_baseline``); C2 uses the ``B`` periods ending two periods before ``t``.
    Both give the upper bound ``mean + z(1 - alpha) * max(sd, min_sigma)`` and alarm when the count
    exceeds it. C3 sums ``max(0, C2_s - 1)`` over ``s = t-2, t-1, t``; its upper bound follows the
    reference implementation: ``max(0, y_t + sd_t * (z - max(0, C2_{t-2} - 1) - max(0, C2_{t-1} - 1)))``,
    so a C3 alarm is raised when the two preceding C2 excesses already exceed ``z``. ``alpha``
    defaults to ``config.ears_alpha`` (C1, C2) or ``config.ears_alpha_c3`` (C3).

    A zero baseline standard deviation with ``min_sigma = 0`` makes the C3 bound undefined (NaN,
    no alarm), as in the reference. The first evaluable position is ``B`` (C1), ``B + 2`` (C2) or
    ``B + 4`` (C3).

    ``counts`` may also be two-dimensional, one series per row (the strata of a monthly run): every
    row is evaluated at the same positions and each result field gets a leading row axis.
    """
    x = np.asarray(counts, dtype=np.float64)
    if x.ndim not in (1, 2):
        raise ValueError("counts must be one series or a matrix of series (one per row)")
    method = method.upper()
    if method not in ("C1", "C2", "C3"):
        raise ValueError("method must be C1, C2 or C3")
    base = config.ears_baseline
    if alpha is None:
        alpha = config.ears_alpha_c3 if method == "C3" else config.ears_alpha
    z = float(stats.norm.ppf(1.0 - alpha))
    first = {"C1": base, "C2": base + 2, "C3": base + 4}[method]
    idx = _positions(x.shape[-1], at, first)
    lag = 0 if method == "C1" else 2
    mean, sigma = _ears_baseline_stats(x, idx, base, lag, config.ears_min_sigma)
    obs = x[..., idx]
    if method in ("C1", "C2"):
        upper = mean + z * sigma
    else:
        parts = []
        for back in (2, 1):
            m_b, s_b = _ears_baseline_stats(x, idx - back, base, lag, config.ears_min_sigma)
            with np.errstate(divide="ignore", invalid="ignore"):
                c2 = (x[..., idx - back] - m_b) / s_b
            parts.append(np.maximum(0.0, c2 - 1.0))
        with np.errstate(invalid="ignore"):
            upper = np.maximum(0.0, obs + sigma * (z - parts[0] - parts[1]))
    with np.errstate(invalid="ignore"):
        alarm = obs > upper
    return EarsResult(index=idx, observed=obs, expected=mean, upperbound=upper, alarm=alarm)


# --------------------------------------------------------------------------------------------------
# Improved Farrington (Noufaily et al. 2012)
# --------------------------------------------------------------------------------------------------


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
    x = _as_counts(counts)
    idx = _positions(x.size, at, config.farrington_start)
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


# --------------------------------------------------------------------------------------------------
# Negative-binomial CUSUM (Höhle and Paul 2008)
# --------------------------------------------------------------------------------------------------


def _nb_llr_terms(mu0: FloatArray, alpha: float, shift: float) -> tuple[FloatArray, FloatArray]:
    """Slope and intercept of the NB log-likelihood ratio ``llr(y) = y * slope + intercept``.

    Out-of-control mean ``mu1 = mu0 * exp(shift)``, common dispersion ``alpha`` (variance
    ``mu + alpha * mu^2``), Höhle and Paul (2008), section 2.
    """
    a = np.log1p(alpha * mu0)
    a1 = np.log1p(alpha * mu0 * math.exp(shift))
    return shift + a - a1, (a - a1) / alpha


def nb_cusum(
    counts: ArrayLike,
    mu0: ArrayLike,
    alpha: float,
    *,
    shift: float = DEFAULT_CONFIG.cusum_shift,
    h: float = DEFAULT_CONFIG.cusum_h,
    start_statistic: float = 0.0,
) -> CusumResult:
    """Negative-binomial likelihood-ratio CUSUM with a fixed shift (Höhle and Paul 2008).

    The variant is the recursive LR CUSUM for a change in the intercept of a known in-control
    model, i.e. surveillance::glrnb with ``change = "intercept"``, a fixed ``theta = shift``,
    ``alpha > 0`` and ``dir = "inc"`` (not the generalised likelihood-ratio version, which maximises
    over the shift and the change point). With ``llr_t`` the log-likelihood ratio of
    ``NB(mu0_t * exp(shift), alpha)`` against ``NB(mu0_t, alpha)``::

        S_t = max(0, S_{t-1} + llr_t),  alarm when S_t >= h, after which S restarts at 0.

    ``upperbound`` is the (real-valued) count at ``t`` that brings ``S_t`` to ``h``. ``counts`` and
    ``mu0`` cover the monitored periods only; ``start_statistic`` carries ``S`` in from the previous
    period so one new month can be processed without the history.
    """
    y = _as_counts(counts)
    m0 = _as_counts(mu0)
    if m0.shape != y.shape:
        raise ValueError("counts and mu0 must have the same length")
    if not alpha > 0:
        raise ValueError("alpha must be positive; use a small value for Poisson-like data")
    slope, intercept = _nb_llr_terms(m0, alpha, shift)
    n = y.size
    stat = np.empty(n)
    upper = np.empty(n)
    alarm = np.zeros(n, dtype=bool)
    s = float(start_statistic)
    for t in range(n):
        upper[t] = max((h - s - intercept[t]) / slope[t], 0.0)
        s = max(0.0, s + float(y[t]) * slope[t] + intercept[t])
        stat[t] = s
        if s >= h:
            alarm[t] = True
            s = 0.0
    return CusumResult(
        index=np.arange(n, dtype=np.int64),
        observed=y,
        expected=m0,
        statistic=stat,
        upperbound=upper,
        alarm=alarm,
        final_statistic=s,
    )


@dataclass(frozen=True, slots=True)
class NbInControlModel:
    """In-control NB2 log-linear model with harmonic seasonality (Höhle and Paul 2008, eq. 1)."""

    beta: tuple[float, ...]
    alpha: float
    freq: int
    harmonics: int
    trend: bool

    def design(self, positions: ArrayLike) -> FloatArray:
        """Design matrix (intercept, optional trend, cos/sin pairs) at 0-based positions."""
        t = np.asarray(positions, dtype=np.float64).reshape(-1)
        cols = [np.ones_like(t)]
        if self.trend:
            cols.append(t)
        for s in range(1, self.harmonics + 1):
            cols.append(np.cos(2.0 * math.pi * s * t / self.freq))
            cols.append(np.sin(2.0 * math.pi * s * t / self.freq))
        return np.column_stack(cols)

    def mean(self, positions: ArrayLike) -> FloatArray:
        """In-control mean at 0-based positions."""
        return np.exp(self.design(positions) @ np.asarray(self.beta, dtype=np.float64))


def _nb_irls(X: FloatArray, y: FloatArray, alpha: float, beta0: FloatArray | None) -> FloatArray:
    """NB2 log-linear GLM for a fixed dispersion by IRLS, run to tight convergence."""
    eta = np.log(y + 0.1) if beta0 is None else X @ beta0
    beta = np.zeros(X.shape[1]) if beta0 is None else beta0
    for _ in range(100):
        mu = np.exp(eta)
        wts = mu / (1.0 + alpha * mu)
        z = eta + (y - mu) / mu
        sw = np.sqrt(wts)
        new = np.asarray(np.linalg.lstsq(X * sw[:, None], z * sw, rcond=None)[0], dtype=np.float64)
        eta = X @ new
        if np.max(np.abs(new - beta)) < 1e-11 * (1.0 + np.max(np.abs(new))):
            return new
        beta = new
    return beta


def _nb_loglik(y: FloatArray, mu: FloatArray, alpha: float) -> float:
    r = 1.0 / alpha
    return float(
        np.sum(
            special.gammaln(y + r)
            - special.gammaln(r)
            - special.gammaln(y + 1.0)
            + y * np.log(alpha * mu / (1.0 + alpha * mu))
            - r * np.log1p(alpha * mu)
        )
    )


def fit_nb_in_control(
    counts: ArrayLike,
    *,
    freq: int = DEFAULT_CONFIG.freq,
    harmonics: int = DEFAULT_CONFIG.cusum_harmonics,
    trend: bool = False,
    alpha: float | None = None,
    alpha_bounds: tuple[float, float] = (1e-8, 1e3),
) -> NbInControlModel:
    """Maximum-likelihood NB2 regression on a training stretch (Höhle and Paul 2008, section 2).

    ``log mu_t = b0 [+ b1 t] + sum_s (g_s cos(2 pi s t / freq) + d_s sin(2 pi s t / freq))`` with
    ``t`` the 0-based position; the dispersion ``alpha`` is profiled out (bounded within
    ``alpha_bounds``, since Poisson-like data put the maximum on the lower edge) unless given, which
    is what MASS::glm.nb estimates for surveillance::glrnb's default in-control model.
    """
    y = _as_counts(counts)
    if np.isnan(y).any():
        raise ValueError("training counts must not contain missing values")
    shell = NbInControlModel((), 1.0, freq, harmonics, trend)
    X = shell.design(np.arange(y.size))
    if alpha is None:
        cache: dict[str, FloatArray | None] = {"beta": None}

        def neg_profile(log_alpha: float) -> float:
            a = math.exp(log_alpha)
            beta = _nb_irls(X, y, a, cache["beta"])
            cache["beta"] = beta
            return -_nb_loglik(y, np.exp(X @ beta), a)

        lo, hi = (math.log(v) for v in alpha_bounds)
        opt = optimize.minimize_scalar(
            neg_profile, bounds=(lo, hi), method="bounded", options={"xatol": 1e-9}
        )
        alpha = math.exp(float(opt.x))
    beta = _nb_irls(X, y, alpha, None)
    return NbInControlModel(tuple(float(v) for v in beta), float(alpha), freq, harmonics, trend)


def fit_nb_rows(
    counts: ArrayLike,
    alphas: ArrayLike,
    *,
    freq: int = DEFAULT_CONFIG.freq,
    harmonics: int = DEFAULT_CONFIG.cusum_harmonics,
) -> FloatArray:
    """Coefficients of :func:`fit_nb_in_control` with given dispersions for many series at once (one per row).

    Each row runs the same IRLS as the single fit (same start and stopping rule); the weighted
    least-squares steps of all rows are solved together by QR, so the coefficients agree with the
    single fit to rounding. Rows whose fit fails are NaN.
    """
    y = np.asarray(counts, dtype=np.float64)
    alpha = np.asarray(alphas, dtype=np.float64).reshape(-1, 1)
    X = NbInControlModel((), 1.0, freq, harmonics, False).design(np.arange(y.shape[1]))
    eta = np.log(y + 0.1)
    beta = np.zeros((y.shape[0], X.shape[1]))
    out = np.full_like(beta, np.nan)
    active = np.arange(y.shape[0])
    with np.errstate(all="ignore"):
        for _ in range(100):
            mu = np.exp(eta[active])
            sw = np.sqrt(mu / (1.0 + alpha[active] * mu))
            z = eta[active] + (y[active] - mu) / mu
            new = _solve_rows(X[None, :, :] * sw[:, :, None], z * sw)
            eta[active] = new @ X.T
            step = np.max(np.abs(new - beta[active]), axis=1)
            done = step < 1e-11 * (1.0 + np.max(np.abs(new), axis=1))
            out[active[done]] = new[done]
            beta[active] = new
            active = active[~done & np.isfinite(new).all(axis=1)]
            if not active.size:
                break
        out[active] = beta[active]
    return out


def _solve_rows(a: FloatArray, b: FloatArray) -> FloatArray:
    """Least-squares solutions of the stacked systems ``a[k] x = b[k]`` (NaN where one cannot be found)."""
    try:
        q, r = np.linalg.qr(a)
        return np.asarray(
            np.linalg.solve(r, np.einsum("ktp,kt->kp", q, b)[..., None])[..., 0], dtype=np.float64
        )
    except np.linalg.LinAlgError:
        out = np.full((a.shape[0], a.shape[2]), np.nan)
        for k in range(a.shape[0]):
            if np.isfinite(a[k]).all() and np.isfinite(b[k]).all():
                out[k] = np.linalg.lstsq(a[k], b[k], rcond=None)[0]
        return out


def nb_cusum_series(
    counts: ArrayLike,
    *,
    train_end: int | None = None,
    config: AlertMethodConfig = DEFAULT_CONFIG,
    alpha: float | None = None,
) -> tuple[CusumResult, NbInControlModel]:
    """Fit the in-control model on ``counts[:train_end]`` and run :func:`nb_cusum` on the rest.

    Mirrors surveillance::glrnb with ``mu0 = list(S = harmonics, trend = FALSE)``, ``theta = shift``
    and ``c.ARL = h`` (Höhle and Paul 2008). The returned ``index`` holds positions in ``counts``.
    """
    y = _as_counts(counts)
    end = config.cusum_train if train_end is None else train_end
    if not 2 <= end < y.size:
        raise ValueError("train_end must leave at least two training and one monitored period")
    model = fit_nb_in_control(y[:end], freq=config.freq, harmonics=config.cusum_harmonics, alpha=alpha)
    monitored = np.arange(end, y.size, dtype=np.int64)
    res = nb_cusum(y[end:], model.mean(monitored), model.alpha, shift=config.cusum_shift, h=config.cusum_h)
    return (
        CusumResult(
            index=monitored,
            observed=res.observed,
            expected=res.expected,
            statistic=res.statistic,
            upperbound=res.upperbound,
            alarm=res.alarm,
            final_statistic=res.final_statistic,
        ),
        model,
    )


# --------------------------------------------------------------------------------------------------
# Benjamini-Hochberg across strata
# --------------------------------------------------------------------------------------------------


def benjamini_hochberg(pvalues: ArrayLike, q: float = DEFAULT_CONFIG.fdr_q) -> tuple[FloatArray, BoolArray]:
    """Benjamini-Hochberg (1995) step-up adjustment of p-values from many strata.

    Returns the adjusted p-values ``min_{j >= i} min(1, m p_(j) / j)`` in the input order (as R's
    ``p.adjust(method = "BH")``) and the rejection mask ``adjusted <= q``. Missing p-values (NaN) stay
    missing, are not rejected and do not count towards ``m``.
    """
    p = np.asarray(pvalues, dtype=np.float64)
    shape = p.shape
    flat = p.reshape(-1)
    adjusted = np.full(flat.shape, np.nan)
    ok = np.flatnonzero(~np.isnan(flat))
    m = ok.size
    if m:
        order = np.argsort(flat[ok], kind="stable")
        ranked = flat[ok][order] * m / np.arange(1, m + 1)
        ranked = np.minimum.accumulate(ranked[::-1])[::-1]
        adjusted[ok[order]] = np.minimum(ranked, 1.0)
    reject = np.zeros(flat.shape, dtype=bool)
    reject[ok] = adjusted[ok] <= q
    return adjusted.reshape(shape), reject.reshape(shape)
