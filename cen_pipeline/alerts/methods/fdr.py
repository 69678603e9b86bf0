"""The Benjamini-Hochberg (1995) false discovery rate step across strata."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from cen_pipeline.alerts.methods.common import DEFAULT_CONFIG, BoolArray, FloatArray

__all__ = ["benjamini_hochberg"]


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
