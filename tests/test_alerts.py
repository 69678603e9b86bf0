"""The alert engine on a real store built from the sample feeds, plus a false-alarm check on no-event data."""

from __future__ import annotations

import collections
import json
import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pytest

from cen_pipeline.alerts import engine
from cen_pipeline.alerts.months import add_months
from cen_pipeline.alerts.reporting import detect_gaps, detect_level_shifts
from cen_pipeline.alerts.runs import bulletin_html, compute
from cen_pipeline.alerts.storage import load_alerts
from cen_pipeline.batch import ingest_file
from cen_pipeline.store.db import connect
from tests.conftest import run_cen

ROOT = Path(__file__).resolve().parent.parent
FEEDS = ROOT / "sample_data" / "feeds"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("alerts") / "store.duckdb"
    for path in sorted(FEEDS.glob("*.csv")):
        ingest_file(path, db)
    return db


@pytest.fixture(scope="module")
def con(store: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    c = connect(store, read_only=True)
    yield c
    c.close()


def test_planted_spike_de_medicines(con: duckdb.DuckDBPyConnection) -> None:
    alerts = engine.run_month(con, date(2025, 6, 1))
    spikes = [a for a in alerts if a.kind == "spike" and a.stratum == "DE|medicines" and a.measure == "cases"]
    assert {a.method for a in spikes} >= {"farrington", "ears_c1"}
    assert all(a.observed == 13 for a in spikes)
    assert len(spikes[0].case_refs) == 13
    # The month before and after carry no DE medicines spike.
    for m in (date(2025, 5, 1), date(2025, 7, 1)):
        assert not [a for a in engine.run_month(con, m) if a.kind == "spike" and a.stratum == "DE|medicines"]


def test_explanations_give_figures_and_chances_as_a_reader_weighs_them(
    con: duckdb.DuckDBPyConnection,
) -> None:
    from cen_pipeline.alerts.config import chance_text

    alerts = [a for m in (4, 5, 6) for a in engine.run_month(con, date(2025, m, 1)) if a.kind == "spike"]
    assert alerts
    for a in alerts:
        assert not re.search(r"\de-?\d|by accident is 0\.|about 0\.0 expected", a.explanation), a.explanation
    with_chance = [a for a in alerts if "by accident" in a.explanation]
    assert with_chance and all(
        re.search(r"by accident is (about 1 in [0-9,]+|less than 1 in a million|about \d+%)\.", a.explanation)
        for a in with_chance
    )
    assert (chance_text(4.7e-100), chance_text(0.0047)) == ("less than 1 in a million", "about 1 in 210")


def test_new_route_vn_ma(con: duckdb.DuckDBPyConnection) -> None:
    alerts = engine.run_month(con, date(2025, 4, 1))
    routes = [a for a in alerts if a.method == "new_route" and a.stratum == "VN>MA"]
    assert len(routes) == 1 and routes[0].observed == 6 and len(routes[0].case_refs) == 6
    later = engine.run_month(con, date(2025, 5, 1))
    assert not [a for a in later if a.kind == "novelty" and a.stratum == "VN>MA"]


def test_reporting_change_in_once_and_no_category_spikes(con: duckdb.DuckDBPyConnection) -> None:
    months = [add_months(date(2022, 12, 1), k) for k in range(7)]  # 2022-12 .. 2023-06
    alerts = engine.run(con, months)
    changes = [a for a in alerts if a.kind == "reporting_change" and a.stratum == "IN"]
    assert len(changes) == 1
    assert changes[0].method == "reporting_level_shift" and changes[0].period == date(2023, 1, 1)
    assert not [a for a in alerts if a.kind == "spike" and a.stratum.startswith("IN|")]


def test_gap_sn_is_one_change() -> None:
    totals = np.array([2.0] * 24 + [np.nan] * 12 + [2.0] * 12)
    assert detect_gaps(totals) == [(24, 36)]
    assert detect_level_shifts(totals) == []


def test_level_shift_detected_once() -> None:
    rng = np.random.default_rng(1)
    totals = np.concatenate([rng.poisson(1.0, 48), rng.poisson(10.0, 36)]).astype(float)
    shifts = detect_level_shifts(totals)
    assert len(shifts) == 1 and abs(shifts[0][0] - 48) <= 1


def test_store_and_bulletin(store: Path, tmp_path: Path) -> None:
    # A copy: the module's read-only connection keeps the original open in this process.
    store = Path(shutil.copy(store, tmp_path / "copy.duckdb"))
    found = compute(store, [date(2025, 6, 1)])
    again = compute(store, [date(2025, 6, 1)])
    assert {a.alert_id for a in found} == {a.alert_id for a in again}
    with connect(store, read_only=True) as c:
        stored = load_alerts(c, [date(2025, 6, 1)])
        row = c.execute(
            "SELECT count(*), min(status) FROM alerts WHERE computed_for = DATE '2025-06-01'"
        ).fetchone()
    assert row is not None and row[0] == len(found) and row[1] == "new"
    assert {a.alert_id for a in stored} == {a.alert_id for a in found}
    html = bulletin_html(store, date(2025, 6, 1))
    assert (
        "<svg" in html
        and "DE seizures of medicines" in html
        and "http" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )


def test_false_alarm_rate_without_events(tmp_path: Path) -> None:
    """Seasonal Poisson series, no planted event: a handful of alerts a month at most."""
    db = tmp_path / "quiet.duckdb"
    c = connect(db)
    c.execute(
        "INSERT INTO submissions (submission_id, member) SELECT i, m FROM (VALUES (1, 'FR'), (2, 'DE'), (3, 'US'), (4, 'JP')) v(i, m)"
    )
    rng = np.random.default_rng(7)
    members = ("FR", "DE", "US", "JP")
    cats = ("clothing", "sport_shoes", "medicines", "toys", "watches", "bags_wallets")
    deps = ("CN", "HK", "TR")
    cases: list[tuple[object, ...]] = []
    lines: list[tuple[object, ...]] = []
    n = 0
    for t in range(84):
        month = add_months(date(2019, 1, 1), t)
        season = 1.0 + 0.3 * np.cos(2 * np.pi * (month.month - 12) / 12)
        for mi, member in enumerate(members):
            for ci, cat in enumerate(cats):
                for _ in range(rng.poisson((2.0 + mi + ci % 3) * season)):
                    n += 1
                    ref = f"{member}-{n}"
                    day = date(month.year, month.month, 1 + int(rng.integers(0, 28)))
                    dep = deps[int(rng.integers(0, 3))]
                    cases.append(
                        (
                            member,
                            ref,
                            1,
                            mi + 1,
                            True,
                            False,
                            1,
                            day,
                            "airport",
                            "postal",
                            "ex_officio",
                            dep,
                            member,
                        )
                    )
                    lines.append(
                        (
                            member,
                            ref,
                            1,
                            1,
                            cat,
                            f"Brand{ci}",
                            "trade_mark",
                            5,
                            "pieces",
                            5,
                            100,
                            "EUR",
                            False,
                        )
                    )
    c.executemany(
        "INSERT INTO cases (reporting_member, case_ref, version, submission_id, is_current, withdrawn, line_count, "
        "seizure_date, location_type, conveyance, procedure_initiation, departure_country, destination_country) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        cases,
    )
    c.executemany(
        "INSERT INTO goods_lines (reporting_member, case_ref, version, line_no, product_category, brand, ipr_types, "
        "quantity, unit, articles, value, currency, health_safety) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        lines,
    )
    c.close()
    counts: collections.Counter[str] = collections.Counter()
    months = [add_months(date(2024, 7, 1), k) for k in range(18)]
    with connect(db, read_only=True) as ro:
        for m in months:
            alerts = engine.run_month(ro, m)
            counts["spike_strata"] += len(
                {(a.stratum_type, a.stratum, a.measure) for a in alerts if a.kind == "spike"}
            )
            counts["other"] += sum(1 for a in alerts if a.kind != "spike")
    per_month = (counts["spike_strata"] + counts["other"]) / len(months)
    print(
        f"false alarms per month without events: {per_month:.2f} ({dict(counts)} over {len(months)} months)"
    )
    assert per_month <= 2.0


def test_alerts_command_on_quiet_diverging_and_future_months(store: Path, tmp_path: Path) -> None:
    store = Path(shutil.copy(store, tmp_path / "copy.duckdb"))
    # The first month has no history to compare with: no alert, and the month is recorded as computed.
    done = run_cen("alerts", "--month", "2019-01", "--db", store)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "No alert for 2019-01."
    with connect(store, read_only=True) as c:
        assert c.execute("SELECT alerts FROM alert_runs WHERE month = DATE '2019-01-01'").fetchall() == [(0,)]
    # Early months whose short series make some Poisson fits diverge: the JSON is still only JSON.
    done = run_cen("alerts", "--month", "2019-10", "--format", "json", "--db", store)
    assert done.returncode == 0, done.stderr
    assert isinstance(json.loads(done.stdout), list)
    # A month after the data would show every Member as silent.
    for command, option in (("alerts", "--month"), ("alerts", "--since"), ("bulletin", "--month")):
        done = run_cen(command, option, "2031-01", "--db", store, env={"COLUMNS": "200"})
        assert (
            done.returncode == 2 and "2031-01 is after the latest month with cases (2025-12)" in done.stderr
        )
    done = run_cen("alerts", "--db", tmp_path / "none.duckdb")
    assert done.returncode == 3 and "no store at" in done.stderr
