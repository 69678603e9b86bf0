"""EARS C1, C2 and C3 (Hutwagner et al. 2003; Fricker et al. 2008), as surveillance::earsC."""

from __future__ import annotations

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
    evaluated_positions,
)

__all__ = ["EarsResult", "ears"]


@dataclass(frozen=True, slots=True, eq=False)
class EarsResult:
    """Output of :func:`ears` for the evaluated positions."""

    index: IntArray
    observed: FloatArray
    expected: FloatArray
    upperbound: FloatArray
    alarm: BoolArray


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
    idx = evaluated_positions(x.shape[-1], at, first)
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
