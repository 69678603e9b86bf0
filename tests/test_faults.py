"""Every faulty sample file is reported by `cen validate` with its code, row, column letter and value."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cen_pipeline.core.output import shown_controls
from cen_pipeline.intake.check import shown_text
from cen_pipeline.samples.fault_files import profile_of
from tests.conftest import ROOT, run_cen

FAULTS = ROOT / "sample_data" / "faults"
MANIFEST: list[dict[str, Any]] = json.loads((FAULTS / "manifest.json").read_text(encoding="utf-8"))


def test_every_error_code_has_a_faulty_sample() -> None:
    from cen_pipeline.contract.catalogue import catalogue

    covered = {entry.get("code") for entry in MANIFEST}
    ingest_only = {
        "case-rejected",
        "unknown-case",
        "quality-blocked",
    }  # they need a store: test_ingest.py, test_quality.py
    missing = {code for code in catalogue() if not code.startswith("edi-")} - covered - ingest_only
    assert missing == set()


@pytest.mark.parametrize("entry", MANIFEST, ids=lambda e: e["file"])
def test_faulty_sample_is_reported_exactly(entry: dict[str, Any]) -> None:
    args: list[str] = ["validate", str(FAULTS / entry["file"]), "--profile", profile_of(entry, FAULTS)]
    if entry.get("member"):
        args += ["--member", entry["member"]]
    done = run_cen(*args, "--format", "json")
    assert done.returncode == entry["exit"], done.stderr
    if entry["exit"] == 3:
        assert entry["file"] in done.stderr and "Traceback" not in done.stderr
        return
    report = json.loads(done.stdout)
    found = [
        (p["code"], p["row"], p["letter"] or None, p["value"] or None)
        for p in report["problems"]
        if p["code"] == entry["code"]
    ]
    # A control character is shown as its code point, never as itself.
    expected = (
        entry["code"],
        entry["row"],
        entry["letter"],
        shown_controls(shown_text(entry["value"])) if entry["value"] else None,
    )
    if entry["code"].startswith("nominal"):
        # A personal-data value is never shown, not even in part: only its kinds and length.
        assert all(v is None or v.startswith("[personal data withheld: ") for _, _, _, v in found), found
        assert any(f[:3] == expected[:3] for f in found), (found, expected)
    else:
        assert expected in found, (found, expected)


def test_brand_names_that_look_like_person_names_pass() -> None:
    done = run_cen("validate", FAULTS / "brands-pass.csv")
    assert done.returncode == 0, done.stdout
