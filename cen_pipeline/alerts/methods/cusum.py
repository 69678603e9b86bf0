"""Negative-binomial CUSUM (Höhle and Paul 2008), as surveillance::glrnb with a fixed shift, and the
in-control NB2 models it monitors against."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import optimize, special

from cen_pipeline.alerts.methods.common import (
    DEFAULT_CONFIG,
    AlertMethodConfig,
    BoolArray,
    FloatArray,
    IntArray,
    as_counts,
)

__all__ = [
    "CusumResult",
    "NbInControlModel",
    "fit_nb_in_control",
    "fit_nb_rows",
    "nb_cusum",
    "nb_cusum_series",
]


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
    y = as_counts(counts)
    m0 = as_counts(mu0)
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
    y = as_counts(counts)
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
    y = as_counts(counts)
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
