"""What the spike methods share: the parameters of every method, the array types, and the reading of
counts and of the positions to evaluate (see the package docstring for the conventions)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

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


def as_counts(counts: ArrayLike) -> FloatArray:
    arr = np.asarray(counts, dtype=np.float64)
    if arr.ndim != 1:
        raise ValueError("counts must be one-dimensional")
    return arr


def evaluated_positions(n: int, at: Positions, first: int) -> IntArray:
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
