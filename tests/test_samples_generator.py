"""The sample-data generator: the same bytes on every run, small, and every sample as its README says."""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from cen_pipeline import samples
from cen_pipeline.contract.codelists import codelist
from cen_pipeline.intake.check import validate_file

COMMITTED = Path(__file__).resolve().parents[1] / "sample_data"
MAX_BYTES = 2_500_000  # the seizure register alone is some 440 kB: a few thousand rows, as asked of it


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    samples.generate(out)
    return out


def _files(root: Path) -> list[Path]:
    # The interchanges in edi/ come from their own generator (cen_pipeline.samples.edi).
    return sorted(
        p.relative_to(root)
        for p in root.rglob("*")
        if p.is_file() and p.relative_to(root).parts[0] not in ("big", "edi")
    )


def _all_feed_rows(root: Path) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in sorted((root / "feeds").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            rows += list(csv.DictReader(f))
    return rows


def test_generated_bytes_match_the_committed_samples(generated: Path) -> None:
    assert _files(generated) == _files(COMMITTED)
    changed = [
        str(rel)
        for rel in _files(generated)
        if (generated / rel).read_bytes() != (COMMITTED / rel).read_bytes()
    ]
    assert not changed, f"regenerate with `python -m cen_pipeline.samples`: {changed[:5]}"


def test_a_second_run_writes_the_same_bytes(generated: Path, tmp_path: Path) -> None:
    samples.write_feeds(tmp_path)
    samples.write_profiles(tmp_path)
    for rel in (
        "feeds/DE_2025.csv",
        "feeds/MA_2025.csv",
        "feeds/NG_2019.csv",
        "profiles/en-workbook.xlsx",
        "profiles/fr-douane.csv",
    ):
        assert (tmp_path / rel).read_bytes() == (generated / rel).read_bytes(), rel


def test_samples_stay_small(generated: Path) -> None:
    assert sum((generated / rel).stat().st_size for rel in _files(generated)) < MAX_BYTES
    if (COMMITTED / "README.md").is_file():
        assert sum((COMMITTED / rel).stat().st_size for rel in _files(COMMITTED)) < MAX_BYTES


def test_feeds_cover_fifteen_members_in_all_regions(generated: Path) -> None:
    names = sorted(p.stem for p in (generated / "feeds").glob("*.csv"))
    members = {n.split("_")[0] for n in names}
    assert len(members) == 15
    regions = {codelist("member").attributes[m]["wco_region"] for m in members}
    assert regions == set(codelist("wco_region").codes)
    assert f"{samples.GAP_MEMBER}_{samples.GAP_YEAR}" not in names
    assert len(names) == 15 * len(samples.YEARS) - 1
    rows = _all_feed_rows(generated)
    cases = {(r["reporting_member"], r["case_ref"]) for r in rows}
    assert 3000 <= len(cases) <= 3500 and 5800 <= len(rows) <= 7000
    assert max(r["submission_date"] for r in rows) <= "2026-11-28"


def test_every_feed_validates_without_problems(generated: Path, tmp_path: Path) -> None:
    # One validation of all feeds together (a case is keyed by its Member), and a few files on their own.
    feeds = sorted((generated / "feeds").glob("*.csv"))
    combined = tmp_path / "all.csv"
    with combined.open("w", encoding="utf-8", newline="") as out:
        for i, path in enumerate(feeds):
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
            out.writelines(lines if i == 0 else lines[1:])
    report = validate_file(combined, profile="canonical")
    assert report.problems == []
    assert report.summary.lines_accepted == report.summary.rows_read
    for path in feeds[::25]:
        assert validate_file(path, profile="canonical").problems == []


def test_planted_events_are_in_the_feeds(generated: Path) -> None:
    rows = _all_feed_rows(generated)
    cases = {(r["reporting_member"], r["case_ref"]): r for r in rows}
    # a. the spike: DE medicines in 2025-06, about seven times the twelve months before
    medicines = Counter(
        r["seizure_date"][:7]
        for r in {
            (r["reporting_member"], r["case_ref"]): r
            for r in rows
            if r["reporting_member"] == "DE" and r["product_category"] == "medicines"
        }.values()
    )
    before = [medicines.get(f"{y}-{m:02d}", 0) for y, m in samples._months_before((2025, 6), 12)]
    assert medicines["2025-06"] >= 6 * max(1.0, float(np.mean(before)))
    assert medicines["2025-06"] > 2 * max(v for k, v in medicines.items() if k != "2025-06")
    # b. the new route VN -> MA from 2025-04, several cases every month
    route = Counter(
        c["seizure_date"][:7]
        for c in cases.values()
        if (c["departure_country"], c["destination_country"]) == ("VN", "MA")
    )
    assert min(route) == "2025-04"
    assert all(route[f"2025-{m:02d}"] >= 3 for m in range(4, 13))
    # c. the reporting change: IN about tenfold from 2023
    india = Counter(int(c["seizure_date"][:4]) for (m, _), c in cases.items() if m == "IN")
    assert (
        6
        <= np.mean([india[y] for y in (2023, 2024, 2025)]) / np.mean([india[y] for y in range(2019, 2023)])
        <= 16
    )
    # e. the late submitter
    lags = [
        (date.fromisoformat(c["submission_date"]) - date.fromisoformat(c["seizure_date"])).days
        for (m, _), c in cases.items()
        if m == "NG"
    ]
    assert float(np.median(lags)) > 90


@pytest.mark.parametrize(
    ("name", "profile"),
    [
        ("canonical.csv", "canonical"),
        ("canonical-bom.csv", "canonical"),
        ("canonical-utf16.csv", "canonical"),
        ("fr-douane.csv", "fr-douane"),
        ("en-workbook.xlsx", "en-workbook"),
    ],
)
def test_profile_samples_hold_the_same_valid_cases(generated: Path, name: str, profile: str) -> None:
    report = validate_file(generated / "profiles" / name, profile=profile)
    assert report.problems == []
    assert (report.summary.rows_read, report.summary.cases) == (25, 12)


def test_fault_files_are_reported_as_the_manifest_says(generated: Path) -> None:
    manifest = json.loads((generated / "faults" / "manifest.json").read_text(encoding="utf-8"))
    codes = {e["code"] for e in manifest if e["exit"] != 3}
    catalogue = {
        line[1:-1]
        for line in (Path(samples.__file__).parents[1] / "data" / "errors.toml")
        .read_text(encoding="utf-8")
        .splitlines()
        if line.startswith("[")
    }
    # These need a store (ingest), not a single file: test_ingest.py and test_quality.py cover them.
    assert codes == catalogue - {"case-rejected", "unknown-case", "quality-blocked"}
    assert samples.verify_faults(generated / "faults") == []


def test_big_csv_is_valid_and_has_the_lines_asked(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    samples.write_big_csv(path, 10_000)
    with path.open(encoding="utf-8") as f:
        assert sum(1 for _ in f) == 10_001
    report = validate_file(path, profile="canonical")
    assert report.problems == []
    assert report.summary.rows_read == 10_000
    assert 3_500 <= report.summary.cases <= 4_500
    again = tmp_path / "again.csv"
    assert samples.main(["--big", str(again), "--lines", "10000"]) == 0
    assert again.read_bytes() == path.read_bytes()
