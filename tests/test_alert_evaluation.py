"""The alerts on monthly series with planted outbreaks (the evaluation `make bench` runs in full): outbreaks
found, few false alarms, a change in how a Member reports raising no spike, an outbreak not taken for one."""

from __future__ import annotations

from pathlib import Path

from cen_pipeline.alerts import engine
from cen_pipeline.alerts.months import add_months
from cen_pipeline.bench.outbreaks import JUDGED, MEMBERS, MONTHS, START, Scenario, Score, scenario, score
from cen_pipeline.samples.monthly_store import write_monthly_store
from cen_pipeline.store.db import connect


def _combined(case: Scenario, folder: Path) -> Score:
    db = write_monthly_store(folder / f"{case.name}.duckdb", case.counts, START)
    with connect(db, read_only=True) as con:
        return score(engine.run(con, [add_months(START, p) for p in range(MONTHS - JUDGED, MONTHS)]), case)


def test_planted_outbreaks_are_found_with_few_false_alarms(tmp_path: Path) -> None:
    found = _combined(scenario("seasonal", 10, seed=1), tmp_path)
    assert found.detected >= 0.75 * found.outbreaks
    assert found.false_alarms <= 0.01 * found.quiet_cells


def test_a_reporting_change_is_found_and_raises_no_spike(tmp_path: Path) -> None:
    case = scenario("reporting-change", 6, seed=2)
    found = _combined(case, tmp_path)
    assert case.changed in found.changes
    assert found.changed_spikes == 0


def test_an_outbreak_that_triples_a_members_total_is_no_reporting_change(tmp_path: Path) -> None:
    case = scenario("category-outbreak", 0, seed=3)
    found = _combined(case, tmp_path)
    assert MEMBERS[-1] not in found.changes
    assert found.detected == found.outbreaks == 1
