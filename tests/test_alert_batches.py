"""The many-strata forms of the alert methods give what the one-series forms give, stratum by stratum."""

from __future__ import annotations

import numpy as np
import pytest

from cen_pipeline.alerts.methods.common import AlertMethodConfig
from cen_pipeline.alerts.methods.cusum import fit_nb_in_control, fit_nb_rows
from cen_pipeline.alerts.methods.ears import ears

CONFIG = AlertMethodConfig()


def _strata(seed: int, rows: int = 40, months: int = 72) -> np.ndarray:
    rng = np.random.default_rng(seed)
    level = rng.uniform(0.5, 40.0, size=(rows, 1))
    season = 1.0 + 0.4 * np.cos(2 * np.pi * np.arange(months) / 12)
    return rng.poisson(level * season).astype(float)


@pytest.mark.parametrize("method", ["C1", "C2", "C3"])
def test_ears_on_a_matrix_equals_ears_per_row(method: str) -> None:
    counts = _strata(3)
    counts[5, -3] = 90.0  # one outbreak, so that some row alarms
    together = ears(counts, method, at=[-3, -2, -1], config=CONFIG)
    assert together.alarm.any()
    for row, series in enumerate(counts):
        alone = ears(series, method, at=[-3, -2, -1], config=CONFIG)
        np.testing.assert_array_equal(together.expected[row], alone.expected)
        np.testing.assert_array_equal(together.upperbound[row], alone.upperbound)
        np.testing.assert_array_equal(together.alarm[row], alone.alarm)


def test_nb_fits_of_many_series_equal_the_single_fits() -> None:
    train = _strata(11, rows=30, months=60)
    alphas = np.linspace(1e-6, 0.5, train.shape[0])
    betas = fit_nb_rows(train, alphas, freq=12, harmonics=1)
    for row, alpha, beta in zip(train, alphas, betas, strict=True):
        single = fit_nb_in_control(row, freq=12, harmonics=1, alpha=float(alpha))
        np.testing.assert_allclose(beta, single.beta, rtol=1e-9, atol=1e-9)


def test_a_series_that_cannot_be_fitted_does_not_spoil_the_others() -> None:
    train = _strata(5, rows=3, months=60)
    train[1] = np.nan
    betas = fit_nb_rows(train, np.full(3, 0.1))
    assert np.isnan(betas[1]).all()
    assert np.isfinite(betas[[0, 2]]).all()
