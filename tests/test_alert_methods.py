"""Spike-detection methods against the R `surveillance` goldens, plus property tests.

The goldens under tests/golden/alerts/ are written by make_reference.R; the tests only read them.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cen_pipeline.alerts.methods.common import AlertMethodConfig
from cen_pipeline.alerts.methods.cusum import nb_cusum, nb_cusum_series
from cen_pipeline.alerts.methods.ears import ears
from cen_pipeline.alerts.methods.farrington import FarringtonResult, farrington_flexible
from cen_pipeline.alerts.methods.fdr import benjamini_hochberg

GOLDEN = Path(__file__).parent / "golden" / "alerts"
CONFIG = AlertMethodConfig()


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(GOLDEN / name)


SERIES: dict[str, np.ndarray] = {
    str(sid): grp.sort_values("t")["count"].to_numpy(dtype=float)
    for sid, grp in _read("series.csv").groupby("series_id", sort=False)
}
SERIES_IDS = list(SERIES)
EARS_GOLDEN = _read("ears.csv")
FARRINGTON_GOLDEN = _read("farrington.csv")
GLRNB_GOLDEN = _read("glrnb.csv")
_PARAMS = _read("glrnb_params.csv")
GLRNB_ALPHA = {str(k): float(v) for k, v in zip(_PARAMS["series_id"], _PARAMS["alpha"], strict=True)}
GLRNB_TRAIN_END = {str(k): int(v) for k, v in zip(_PARAMS["series_id"], _PARAMS["train_end"], strict=True)}


def _rows(frame: pd.DataFrame, series_id: str, **match: str) -> pd.DataFrame:
    sel = frame["series_id"] == series_id
    for col, value in match.items():
        sel &= frame[col] == value
    rows = frame[sel].sort_values("t")
    assert len(rows) > 0
    return rows


def _alarm_flags(column: pd.Series) -> np.ndarray:
    # The reference writes NA where its bound is undefined; no alarm is raised there.
    return np.asarray(column.fillna(0).to_numpy(dtype=float) == 1, dtype=bool)


@functools.cache
def _farrington_vs_reference(series_id: str) -> tuple[pd.DataFrame, FarringtonResult]:
    ref = _rows(FARRINGTON_GOLDEN, series_id)
    return ref, farrington_flexible(SERIES[series_id], at=ref["t"].to_numpy() - 1, config=CONFIG)


def test_goldens_are_small() -> None:
    assert sum(p.stat().st_size for p in GOLDEN.iterdir()) < 1_000_000


# --------------------------------------------------------------------------------------------------
# EARS: deterministic moments of a moving window, so bounds must agree to rounding.
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["C1", "C2", "C3"])
@pytest.mark.parametrize("series_id", SERIES_IDS)
def test_ears_matches_reference(series_id: str, method: str) -> None:
    ref = _rows(EARS_GOLDEN, series_id, method=method)
    res = ears(SERIES[series_id], method, at=ref["t"].to_numpy() - 1, config=CONFIG)
    expected_upper = ref["upperbound"].to_numpy(dtype=float)
    np.testing.assert_array_equal(np.isnan(res.upperbound), np.isnan(expected_upper))
    np.testing.assert_allclose(res.upperbound, expected_upper, rtol=1e-6, atol=1e-9, equal_nan=True)
    np.testing.assert_array_equal(res.alarm, _alarm_flags(ref["alarm"]))
    np.testing.assert_array_equal(res.observed, ref["observed"].to_numpy(dtype=float))


def test_ears_default_range_matches_reference_start() -> None:
    x = SERIES["pois_flat"]
    for method, first in (("C1", 7), ("C2", 9), ("C3", 11)):
        res = ears(x, method)
        assert res.index[0] == first
        assert res.index[-1] == x.size - 1
        assert _rows(EARS_GOLDEN, "pois_flat", method=method)["t"].min() - 1 == first


# --------------------------------------------------------------------------------------------------
# Farrington flexible: thresholds are integer quantiles of a fitted model, so the brief asks for
# 95 % of bounds within 5 % and 95 % alarm agreement; in practice the fits agree to ~1e-6.
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("series_id", SERIES_IDS)
def test_farrington_matches_reference(series_id: str) -> None:
    ref, res = _farrington_vs_reference(series_id)
    ref_upper = ref["upperbound"].to_numpy(dtype=float)
    reported = ~np.isnan(ref_upper)
    # The reference leaves the bound missing exactly where the 5-in-4 rule suppresses alarms.
    np.testing.assert_array_equal(reported, res.enough_cases)
    rel = np.abs(res.upperbound[reported] - ref_upper[reported]) / np.maximum(ref_upper[reported], 1.0)
    assert np.mean(rel <= 0.05) >= 0.95
    assert np.mean(res.alarm == _alarm_flags(ref["alarm"])) >= 0.95
    mu0 = ref["mu0"].to_numpy(dtype=float)
    assert np.mean(np.abs(res.expected - mu0) <= 0.05 * mu0) >= 0.95
    assert np.mean(res.trend_used == (ref["trend"].to_numpy() == 1)) >= 0.95


def test_farrington_pooled_agreement_is_tight() -> None:
    within = alarms = trends = total = reported_total = 0
    for series_id in SERIES_IDS:
        ref, res = _farrington_vs_reference(series_id)
        ref_upper = ref["upperbound"].to_numpy(dtype=float)
        ok = ~np.isnan(ref_upper)
        within += int(
            np.sum(np.abs(res.upperbound[ok] - ref_upper[ok]) <= 0.05 * np.maximum(ref_upper[ok], 1))
        )
        alarms += int(np.sum(res.alarm == _alarm_flags(ref["alarm"])))
        trends += int(np.sum(res.trend_used == (ref["trend"].to_numpy() == 1)))
        reported_total += int(ok.sum())
        total += len(ref)
    assert within / reported_total >= 0.99
    assert alarms / total >= 0.99
    assert trends / total >= 0.99


def test_farrington_pvalue_matches_reference() -> None:
    ref, res = _farrington_vs_reference("outbreaks_nb_seasonal")
    np.testing.assert_allclose(res.pvalue, ref["pvalue"].to_numpy(dtype=float), rtol=1e-3, atol=1e-6)
    np.testing.assert_allclose(res.phi, ref["phi"].to_numpy(dtype=float), rtol=1e-4)


def test_farrington_last_period_equals_full_run() -> None:
    x = SERIES["outbreaks_nb_seasonal"]
    full = farrington_flexible(x)
    last = farrington_flexible(x, at=-1)
    assert last.index.tolist() == [x.size - 1]
    assert full.index[0] == CONFIG.farrington_start
    assert last.upperbound[0] == full.upperbound[-1]
    assert last.alarm[0] == full.alarm[-1]


def test_farrington_rejects_too_short_series() -> None:
    with pytest.raises(ValueError):
        farrington_flexible(np.ones(CONFIG.farrington_start), at=-1)


# --------------------------------------------------------------------------------------------------
# NB CUSUM with a fixed shift (glrnb with theta = log 2, c.ARL = 5).
# Given the reference's in-control mean and dispersion the recursion is closed-form, so it must agree
# to rounding. End to end the in-control fit adds MLE error: where the dispersion MLE is interior
# it agrees to ~1e-6; for Poisson-like data the likelihood is flat towards alpha = 0 and glm.nb
# stops at an arbitrary large theta, so the statistic may differ by a few 1e-3 there.
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("series_id", SERIES_IDS)
def test_nb_cusum_recursion_matches_reference(series_id: str) -> None:
    ref = _rows(GLRNB_GOLDEN, series_id)
    alpha = GLRNB_ALPHA[series_id]
    res = nb_cusum(ref["observed"], ref["mu0"], alpha, shift=CONFIG.cusum_shift, h=CONFIG.cusum_h)
    np.testing.assert_allclose(res.statistic, ref["statistic"].to_numpy(dtype=float), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(res.upperbound, ref["cases"].to_numpy(dtype=float), rtol=1e-9, atol=1e-9)
    np.testing.assert_array_equal(res.alarm, ref["alarm"].to_numpy() == 1)


@pytest.mark.parametrize("series_id", SERIES_IDS)
def test_nb_cusum_end_to_end_matches_reference(series_id: str) -> None:
    ref = _rows(GLRNB_GOLDEN, series_id)
    train_end = GLRNB_TRAIN_END[series_id]
    res, model = nb_cusum_series(SERIES[series_id], train_end=train_end, config=CONFIG)
    np.testing.assert_array_equal(res.index, ref["t"].to_numpy() - 1)
    np.testing.assert_allclose(res.expected, ref["mu0"].to_numpy(dtype=float), rtol=1e-4)
    ref_alpha = GLRNB_ALPHA[series_id]
    if ref_alpha > 1e-3:
        assert model.alpha == pytest.approx(ref_alpha, rel=1e-4)
    np.testing.assert_allclose(res.statistic, ref["statistic"].to_numpy(dtype=float), rtol=1e-3, atol=5e-3)
    np.testing.assert_allclose(res.upperbound, ref["cases"].to_numpy(dtype=float), rtol=1e-3)
    np.testing.assert_array_equal(res.alarm, ref["alarm"].to_numpy() == 1)


def test_nb_cusum_incremental_update_equals_full_run() -> None:
    ref = _rows(GLRNB_GOLDEN, "outbreaks_pois")
    y, mu0 = ref["observed"].to_numpy(dtype=float), ref["mu0"].to_numpy(dtype=float)
    alpha = GLRNB_ALPHA["outbreaks_pois"]
    full = nb_cusum(y, mu0, alpha)
    state = 0.0
    for t in range(y.size):
        step = nb_cusum(y[t : t + 1], mu0[t : t + 1], alpha, start_statistic=state)
        assert step.statistic[0] == pytest.approx(full.statistic[t], abs=1e-12)
        assert step.alarm[0] == full.alarm[t]
        state = step.final_statistic


# --------------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------------

counts_strategy = st.lists(st.integers(min_value=0, max_value=60), min_size=12, max_size=40)


@settings(max_examples=60, deadline=None)
@given(counts_strategy, st.sampled_from(["C1", "C2", "C3"]))
def test_ears_bounds_and_alarms_consistent(counts: list[int], method: str) -> None:
    res = ears(counts, method)
    defined = ~np.isnan(res.upperbound)
    assert np.all(res.alarm[defined] == (res.observed[defined] > res.upperbound[defined]))
    assert not np.any(res.alarm[~defined])
    if method != "C3":
        assert np.all(res.upperbound >= res.expected - 1e-12)


@st.composite
def farrington_series(draw: st.DrawFn) -> np.ndarray:
    n = CONFIG.farrington_start + draw(st.integers(min_value=1, max_value=4))
    level = draw(st.floats(min_value=0.2, max_value=40.0))
    seed = draw(st.integers(min_value=0, max_value=2**32 - 1))
    rng = np.random.default_rng(seed)
    x = rng.poisson(level, n).astype(float)
    tail = draw(st.lists(st.integers(0, 3), min_size=4, max_size=4))
    if draw(st.booleans()):
        x[-4:] = tail  # fewer than five cases in the last four periods
    if draw(st.booleans()):
        x[-1] += draw(st.integers(0, 200))
    return x


@settings(max_examples=40, deadline=None)
@given(farrington_series())
def test_farrington_alarm_rules(x: np.ndarray) -> None:
    res = farrington_flexible(x, at=slice(CONFIG.farrington_start, None))
    recent = np.array([x[max(t - 3, 0) : t + 1].sum() for t in res.index])
    np.testing.assert_array_equal(res.enough_cases, recent >= 5)
    assert not np.any(res.alarm & ~res.enough_cases)
    assert np.all(res.observed[res.alarm] > res.upperbound[res.alarm])
    assert np.all(res.observed[res.alarm] > 0)
    finite = np.isfinite(res.expected)
    assert np.all(res.phi[finite] >= 1.0)
    assert np.all((res.pvalue[finite] >= 0.0) & (res.pvalue[finite] <= 1.0 + 1e-12))


def _bh_direct(p: np.ndarray, q: float) -> tuple[np.ndarray, np.ndarray]:
    """Textbook definition: adjusted p_i = min over p_j >= p_i of m p_j / rank_j; reject up to the
    largest rank k with p_(k) <= k q / m."""
    m = p.size
    ranks = np.argsort(np.argsort(p, kind="stable"), kind="stable") + 1
    adjusted = np.array(
        [min(1.0, min(m * p[j] / ranks[j] for j in range(m) if p[j] >= p[i])) for i in range(m)]
    )
    sorted_p = np.sort(p)
    passing = [k for k in range(1, m + 1) if sorted_p[k - 1] <= k * q / m]
    cutoff = sorted_p[max(passing) - 1] if passing else -math.inf
    return adjusted, p <= cutoff


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=1, max_size=40),
    st.floats(min_value=0.001, max_value=0.5),
)
def test_benjamini_hochberg_matches_direct_computation(pvalues: list[float], q: float) -> None:
    p = np.array(pvalues)
    adjusted, reject = benjamini_hochberg(p, q)
    want_adjusted, want_reject = _bh_direct(p, q)
    np.testing.assert_allclose(adjusted, want_adjusted, rtol=1e-12, atol=1e-15)
    # Equal up to ties at the boundary, which rounding of m p / k can move either way.
    boundary = np.isclose(want_adjusted, q, rtol=1e-9)
    np.testing.assert_array_equal(reject[~boundary], want_reject[~boundary])


def test_benjamini_hochberg_ignores_missing() -> None:
    adjusted, reject = benjamini_hochberg([0.01, math.nan, 0.04, 0.03], q=0.05)
    assert math.isnan(adjusted[1]) and not reject[1]
    np.testing.assert_allclose(adjusted[[0, 2, 3]], [0.03, 0.04, 0.04])
    assert reject[[0, 2, 3]].all()


def test_config_is_frozen_and_validated() -> None:
    with pytest.raises(AttributeError):
        CONFIG.alpha = 0.1  # type: ignore[misc]
    with pytest.raises(ValueError):
        AlertMethodConfig(alpha=1.5)
    assert CONFIG.past_excluded == CONFIG.w
    assert (CONFIG.b, CONFIG.w, CONFIG.no_periods, CONFIG.limit54) == (5, 3, 10, (5, 4))
