"""How well the alerts find outbreaks planted in monthly series, per scenario, beside each spike method alone.

Each scenario is a store of eight Members x five categories over seven years (2019-2025), written from
monthly series (`samples.monthly_store`) with seasonality, a trend and, where the scenario says, extra
dispersion, counts near zero, a Member silent for a year, a change in how a Member reports that moves every
category, or an outbreak that triples one Member's total. Outbreaks (two to five times the expected count,
one to three months long) are planted in 2025, the year `cen alerts` is run for, month by month.

Per scenario and detector (the combined alerts, then each method alone with nothing to agree with): the
probability of detection (an outbreak is found when its stratum is alerted in one of its months), false
alarms per 100 stratum-months without an outbreak, and the mean delay in months from an outbreak's start
to its first alert. Member x category strata, cases.

    python -m cen_pipeline.bench.outbreaks [--outbreaks N] [--seed S]   (a step of `make bench`)
"""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import numpy as np

from cen_pipeline.alerts import engine
from cen_pipeline.alerts.config import DEFAULT, SPIKE_METHODS, Alert, AlertConfig
from cen_pipeline.alerts.months import add_months
from cen_pipeline.samples.monthly_store import write_monthly_store
from cen_pipeline.store.db import connect

START, MONTHS, JUDGED = date(2019, 1, 1), 84, 12  # the last 12 months are judged
MEMBERS = ("FR", "DE", "ES", "IT", "US", "JP", "MA", "KE")
CATEGORIES = ("clothing", "sport_shoes", "watches", "toys", "medicines")
SCENARIOS = (
    "seasonal",
    "overdispersed",
    "zero-heavy",
    "silent-member",
    "reporting-change",
    "category-outbreak",
)


@dataclass(frozen=True)
class Outbreak:
    member: str
    category: str
    first: int  # month position
    months: int


@dataclass(frozen=True)
class Scenario:
    name: str
    counts: dict[tuple[str, str], np.ndarray]
    outbreaks: list[Outbreak]
    changed: str | None  # a Member whose reporting changed in the judged year: its spikes are false alarms


def scenario(name: str, outbreaks: int, seed: int) -> Scenario:
    """The monthly series of a scenario, with its planted outbreaks."""
    rng = np.random.default_rng(seed)
    low = name == "zero-heavy"
    t = np.arange(MONTHS)
    means: dict[tuple[str, str], np.ndarray] = {}
    for m in MEMBERS:
        for c in CATEGORIES:
            level = rng.uniform(0.2, 2.0) if low else rng.uniform(3.0, 30.0)
            season = 1 + 0.3 * np.sin(2 * np.pi * (t / 12 + rng.uniform()))
            trend = np.exp(rng.uniform(-0.1, 0.1) * t / 12)
            means[m, c] = level * season * trend
    planted: list[Outbreak] = []
    # The last Member of the two scenarios that change it has no other outbreak.
    special = name in ("reporting-change", "category-outbreak")
    keys = [k for k in means if not (special and k[0] == MEMBERS[-1])]
    for k in rng.permutation(len(keys))[:outbreaks]:
        member, category = keys[k]
        length = int(rng.integers(1, 4))
        first = MONTHS - JUDGED + int(rng.integers(0, JUDGED - length + 1))
        size = float(rng.uniform(2.0, 5.0))
        extra = max(size - 1.0, 4.0 / max(float(means[member, category][first]), 0.1)) if low else size - 1
        means[member, category][first : first + length] *= 1 + extra
        planted.append(Outbreak(member, category, first, length))
    changed = None
    if name == "reporting-change":  # the last Member triples every category from April, and plants nothing
        changed = MEMBERS[-1]
        for c in CATEGORIES:
            means[changed, c][MONTHS - 9 :] *= 3.0
    if name == "category-outbreak":  # a Member's main category four times its level from June, four months
        member = MEMBERS[-1]
        means[member, CATEGORIES[0]] *= 10.0 / max(float(means[member, CATEGORIES[0]].mean()), 0.1) * 4
        first = MONTHS - 7
        means[member, CATEGORIES[0]][:first] /= 4.0
        means[member, CATEGORIES[0]][first + 4 :] /= 4.0
        planted.append(Outbreak(member, CATEGORIES[0], first, 4))
    counts = {}
    for key, mu in means.items():
        if name == "overdispersed":  # negative binomial, size 3: variance mu + mu^2 / 3
            mu = rng.gamma(3.0, mu / 3.0)
        counts[key] = rng.poisson(mu).astype(float)
    if name == "silent-member":  # a Member sends nothing through 2024
        for c in CATEGORIES:
            counts[MEMBERS[0], c][MONTHS - 24 : MONTHS - 12] = np.nan
    return Scenario(name, counts, planted, changed)


@dataclass(frozen=True)
class Score:
    detected: int
    outbreaks: int
    false_alarms: int
    quiet_cells: int
    delays: list[int]
    changes: list[str]  # the Members alerted for a reporting change
    changed_spikes: int  # spikes in the strata of the Member whose reporting changed

    def line(self, name: str) -> str:
        pod = self.detected / self.outbreaks if self.outbreaks else float("nan")
        far = 100 * self.false_alarms / self.quiet_cells if self.quiet_cells else float("nan")
        delay = f"{np.mean(self.delays):.1f}" if self.delays else "-"
        return f"  {name:12} {pod:7.0%} {far:9.2f} {delay:>6}"


def score(found: list[Alert], case: Scenario) -> Score:
    months = {add_months(START, p): p for p in range(MONTHS - JUDGED, MONTHS)}
    alerted = {
        (a.stratum, months[a.period])
        for a in found
        if a.kind == "spike"
        and a.stratum_type == "member_category"
        and a.measure == "cases"
        and a.period in months
    }
    cells = {(f"{o.member}|{o.category}", o.first + k) for o in case.outbreaks for k in range(o.months)}
    delays = []
    for o in case.outbreaks:
        hits = [k for k in range(o.months) if (f"{o.member}|{o.category}", o.first + k) in alerted]
        if hits:
            delays.append(min(hits))
    quiet = len(MEMBERS) * len(CATEGORIES) * JUDGED - len(cells)
    changes = sorted({a.stratum for a in found if a.kind == "reporting_change"})
    changed = sum(1 for stratum, _ in alerted if case.changed and stratum.startswith(f"{case.changed}|"))
    return Score(len(delays), len(case.outbreaks), len(alerted - cells), quiet, delays, changes, changed)


def detectors() -> dict[str, AlertConfig]:
    """The combined alerts, and each spike method alone (nothing to agree with, on cases only)."""
    alone = {
        m: replace(
            DEFAULT, case_methods=(m,), article_methods=(), min_agreeing_methods=1, seasonal_methods=(m,)
        )
        for m in SPIKE_METHODS
    }
    return {"combined": DEFAULT, **alone}


def evaluate(case: Scenario, folder: Path) -> dict[str, Score]:
    db = write_monthly_store(folder / f"{case.name}.duckdb", case.counts, START)
    judged = [add_months(START, p) for p in range(MONTHS - JUDGED, MONTHS)]
    with connect(db, read_only=True) as con:
        return {name: score(engine.run(con, judged, config), case) for name, config in detectors().items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--outbreaks", type=int, default=12, help="outbreaks planted per scenario")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for k, name in enumerate(SCENARIOS):
            case = scenario(name, args.outbreaks, args.seed + k)
            scores = evaluate(case, Path(tmp))
            print(
                f"\n{name}: {len(case.outbreaks)} outbreaks, {len(MEMBERS) * len(CATEGORIES)} strata, 12 months"
            )
            print(f"  {'detector':12} {'POD':>7} {'FA/100':>9} {'delay':>6}")
            for detector, s in scores.items():
                print(s.line(detector))
            combined = scores["combined"]
            if case.changed:
                print(
                    f"  reporting change of {case.changed} found: {case.changed in combined.changes}; spikes in its"
                    f" strata: {combined.changed_spikes}"
                )
            if name == "category-outbreak":
                print(f"  the outbreak taken for a reporting change: {MEMBERS[-1] in combined.changes}")


if __name__ == "__main__":
    main()
