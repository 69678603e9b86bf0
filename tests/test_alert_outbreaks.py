"""An outbreak that multiplies a Member's total is one category's, and is not taken for a reporting change;
a change in how the Member reports moves every category and is."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from cen_pipeline.alerts import engine
from cen_pipeline.alerts.config import DEFAULT, Alert
from cen_pipeline.alerts.months import add_months
from cen_pipeline.samples.monthly_store import write_monthly_store
from cen_pipeline.store.db import connect

START, MONTHS = date(2019, 1, 1), 72  # 2019-01 .. 2024-12
FROM = 68  # the event begins in 2024-09
JUDGED = add_months(START, MONTHS - 1)
LEVELS = {"clothing": 30.0, "toys": 3.0, "watches": 3.0, "medicines": 3.0}


def _alerts(path: Path, factors: dict[str, float], begins: int = FROM) -> list[Alert]:
    """FR's cases per category every month, each month a file of its own; from the month `begins` (2024-09)
    each category's level is multiplied by its factor. The alerts of the last month."""
    rng = np.random.default_rng(11)
    after = np.arange(MONTHS) >= begins
    counts = {
        ("FR", category): rng.poisson(level * np.where(after, factors.get(category, 1.0), 1.0)).astype(float)
        for category, level in LEVELS.items()
    }
    write_monthly_store(path, counts, START)
    with connect(path, read_only=True) as ro:
        return engine.run_month(ro, JUDGED)


@pytest.mark.parametrize("months", [1, 4])
def test_one_category_multiplying_a_members_total_is_an_outbreak(tmp_path: Path, months: int) -> None:
    """Clothing, most of FR's seizures, rises fivefold (the total about fourfold), the other categories hold:
    a spike of FR's clothing, in the first month of the outbreak and after four, and no reporting change."""
    alerts = _alerts(tmp_path / "outbreak.duckdb", {"clothing": 5.0}, MONTHS - months)
    assert not [a for a in alerts if a.kind == "reporting_change"]
    spikes = [a for a in alerts if a.kind == "spike" and a.stratum == "FR|clothing"]
    assert spikes
    if months == 1:  # the month the total jumps: the spike says why it is no reporting change
        assert all("an outbreak, not a change in how FR reports" in a.explanation for a in spikes)


def test_a_change_in_how_a_member_reports_moves_every_category_and_raises_no_spike(tmp_path: Path) -> None:
    alerts = _alerts(tmp_path / "change.duckdb", dict.fromkeys(LEVELS, 3.5))
    changes = [a for a in alerts if a.kind == "reporting_change"]
    assert [(a.stratum, a.period) for a in changes] == [("FR", add_months(START, FROM))]
    found = re.search(
        r"clothing by a factor of (\d+\.\d), the others together by (\d+\.\d)", changes[0].explanation
    )
    assert found and all(2.5 <= float(f) <= 5.0 for f in found.groups()), changes[0].explanation
    assert not [a for a in alerts if a.kind == "spike" and a.stratum.startswith("FR|")]


def test_a_spike_after_a_flat_baseline_can_be_an_alert(tmp_path: Path) -> None:
    """Four cases of clothing every month, then twenty (toys stay at four): EARS alone (nothing to agree
    with) alerts it. A baseline without variation has no normal p-value; the Poisson tail at its mean gives
    one, which the false-discovery step can reject."""
    flat = np.full(MONTHS, 4.0)
    flat[-1] = 20.0
    counts = {("FR", "clothing"): flat, ("FR", "toys"): np.full(MONTHS, 4.0)}
    db = write_monthly_store(tmp_path / "flat.duckdb", counts, START)
    alone = replace(
        DEFAULT,
        case_methods=("ears_c1",),
        article_methods=(),
        min_agreeing_methods=1,
        seasonal_methods=("ears_c1",),
    )
    with connect(db, read_only=True) as ro:
        alerts = engine.run_month(ro, JUDGED, alone)
    assert "FR|clothing" in {a.stratum for a in alerts if a.kind == "spike"}
