"""A month a Member did not report is missing in every stratum it feeds, not a zero in the others' sum."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from cen_pipeline.alerts import engine
from cen_pipeline.alerts.months import add_months, month_index
from cen_pipeline.alerts.reporting import member_histories
from cen_pipeline.alerts.strata import load_strata
from cen_pipeline.alerts.tables import load_lines
from cen_pipeline.samples.monthly_store import write_monthly_store
from cen_pipeline.store.db import connect

START, MONTHS = date(2019, 1, 1), 72  # 2019-01 .. 2024-12
SILENT = range(60, 66)  # DE sends nothing for 2024-01 .. 2024-06
JUDGED = date(2024, 12, 1)


def _store(path: Path, outbreak: float = 1.0, judged: date = JUDGED) -> Path:
    """FR and DE (both of the Europe region) report clothing every month, each month a file of its own;
    DE is silent for six months of 2024; in the month `judged` FR's clothing seizures are `outbreak` times
    their level."""
    rng = np.random.default_rng(3)
    fr = np.full(MONTHS, 12.0)
    fr[month_index(judged) - month_index(START)] *= outbreak
    de = rng.poisson(30.0, MONTHS).astype(float)
    de[list(SILENT)] = np.nan
    counts = {("FR", "clothing"): rng.poisson(fr).astype(float), ("DE", "clothing"): de}
    return write_monthly_store(path, counts, START)


@pytest.fixture(scope="module")
def quiet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _store(tmp_path_factory.mktemp("missing") / "quiet.duckdb")


def test_a_silent_members_months_are_missing_in_the_region_it_feeds(quiet: Path) -> None:
    with connect(quiet, read_only=True) as con:
        histories = member_histories(con, JUDGED)
        load_lines(con, JUDGED)
        weights = {m: np.ones(h.totals.size) for m, h in histories.items()}
        series = {s.stratum_type: s for s in load_strata(con, JUDGED, histories, weights)}
    region = series["region_category"]
    row = region.keys.index("EUR|clothing")
    first = month_index(region.start)
    silent = [t - first for t in (month_index(START) + s for s in SILENT) if t >= first]
    assert silent, "the silence lies within the months the methods read"
    assert np.isnan(region.cases[row, silent]).all()  # not FR's seizures alone, read as a fall
    others = [i for i in range(region.cases.shape[1]) if i not in silent]
    assert np.isfinite(region.cases[row, others]).all()
    # The route DE's seizures come by (CN to DE) is DE's alone: missing too; FR's route (CN to FR) is not.
    route = series["route"]
    assert np.isnan(route.cases[route.keys.index("CN>DE"), silent]).all()
    assert np.isfinite(route.cases[route.keys.index("CN>FR"), silent]).all()


def test_the_month_a_silent_member_returns_is_no_spike_of_its_region(tmp_path: Path) -> None:
    """DE is back in July at its usual level and FR's seizures double: the region (Europe) rises by about
    a third, no spike; read as zeros, DE's silence made the region's level look a third of what it is."""
    returned = add_months(START, SILENT[-1] + 1)
    db = _store(tmp_path / "returned.duckdb", outbreak=2.0, judged=returned)
    with connect(db, read_only=True) as con:
        alerts = engine.run_month(con, returned)
    spikes = {(a.stratum_type, a.stratum) for a in alerts if a.kind == "spike"}
    assert ("region_category", "EUR|clothing") not in spikes
    assert ("brand_provenance", "Brand|CN") not in spikes
