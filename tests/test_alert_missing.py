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
from cen_pipeline.store.db import connect

MONTHS = 72  # 2019-01 .. 2024-12
SILENT = range(60, 66)  # DE sends nothing for 2024-01 .. 2024-06
JUDGED = date(2024, 12, 1)


def _store(path: Path, outbreak: float = 1.0, judged: date = JUDGED) -> Path:
    """FR and DE (both of the Europe region) report clothing every month, each month a file of its own;
    DE is silent for six months of 2024; in the month `judged` FR's clothing seizures are `outbreak` times
    their level."""
    con = connect(path)
    rng = np.random.default_rng(3)
    cases: list[tuple[object, ...]] = []
    lines: list[tuple[object, ...]] = []
    files: list[tuple[int, str]] = []
    for t in range(MONTHS):
        month = add_months(date(2019, 1, 1), t)
        for member, level in (("FR", 12.0), ("DE", 30.0)):
            if member == "DE" and t in SILENT:
                continue
            files.append((len(files) + 1, member))
            mean = level * (outbreak if member == "FR" and month == judged else 1.0)
            for k in range(int(rng.poisson(mean))):
                ref = f"{member}-{t}-{k}"
                cases.append((member, ref, 1, len(files), True, False, 1, month, "airport", "postal",
                              "ex_officio", "CN", member))  # fmt: skip
                lines.append((member, ref, 1, 1, "clothing", "Brand", "trade_mark", 5, "pieces", 5, 100, "EUR",
                              False))  # fmt: skip
    con.executemany("INSERT INTO submissions (submission_id, member) VALUES (?, ?)", files)
    con.executemany("INSERT INTO submission_members (submission_id, member) VALUES (?, ?)", files)
    con.executemany(
        "INSERT INTO cases (reporting_member, case_ref, version, submission_id, is_current, withdrawn, line_count, "
        "seizure_date, location_type, conveyance, procedure_initiation, departure_country, destination_country) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        cases,
    )
    con.executemany(
        "INSERT INTO goods_lines (reporting_member, case_ref, version, line_no, product_category, brand, ipr_types, "
        "quantity, unit, articles, value, currency, health_safety) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        lines,
    )
    con.close()
    return path


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
    silent = [t - first for t in (month_index(date(2019, 1, 1)) + s for s in SILENT) if t >= first]
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
    returned = add_months(date(2019, 1, 1), SILENT[-1] + 1)
    db = _store(tmp_path / "returned.duckdb", outbreak=2.0, judged=returned)
    with connect(db, read_only=True) as con:
        alerts = engine.run_month(con, returned)
    spikes = {(a.stratum_type, a.stratum) for a in alerts if a.kind == "spike"}
    assert ("region_category", "EUR|clothing") not in spikes
    assert ("brand_provenance", "Brand|CN") not in spikes
