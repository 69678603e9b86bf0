"""Control characters in what a Member sends (NUL, BEL, ESC, DEL, a C1 control, a bidirectional override) are
refused with a message naming row and field, and every output over such a store works and shows their codes,
never the characters themselves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import CANONICAL, row, run_cen, write_csv

CONTROLS = ["\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\u202e"]
RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("controls")
    rows = [row(case_ref=f"FR-9{i}", description=f"parcel {c} of caps") for i, c in enumerate(CONTROLS)]
    rows += [
        row(case_ref="FR-99", office_name="Roissy\x1b]0;owned\x07"),
        row(case_ref="FR-98", unit="pie\x1bces"),
    ]
    sent = write_csv(root / "controls.csv", rows)
    db = root / "cen.duckdb"
    assert run_cen("ingest", CANONICAL, "--db", db).returncode == 0
    done = run_cen("ingest", sent, "--db", db)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    return sent, db


def test_each_control_character_is_refused_naming_row_and_field(store: tuple[Path, Path]) -> None:
    sent, _ = store
    done = run_cen("validate", sent, "--format", "json")
    assert done.returncode == 1
    assert RAW.search(done.stdout) is None
    assert done.stdout.count('"code": "control-character"') == len(CONTROLS) + 1
    for code in ("U+0000", "U+0007", "U+001B", "U+007F", "U+0085", "U+202E"):
        assert f"control character {code}" in done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "{sent}"),
        ("validate", "{sent}", "--format", "html", "--output", "{out}/report.html"),
        ("quarantine", "list", "--db", "{db}"),
        ("quarantine", "export", "--member", "FR", "--out", "{out}/q.xlsx", "--db", "{db}"),
        ("quarantine", "export", "--member", "FR", "--out", "{out}/q.csv", "--db", "{db}"),
        (
            "trends",
            "--by",
            "category",
            "--year",
            "2024",
            "--format",
            "xlsx",
            "--output",
            "{out}/t.xlsx",
            "--db",
            "{db}",
        ),
        ("quality", "--db", "{db}", "--format", "html", "--output", "{out}/quality.html"),
        ("report", "annual", "--year", "2024", "--out", "{out}/report", "--db", "{db}"),
    ],
)
def test_every_output_works_and_shows_no_control_character(
    store: tuple[Path, Path], tmp_path: Path, args: tuple[str, ...]
) -> None:
    sent, db = store
    done = run_cen(*(a.format(sent=sent, db=db, out=tmp_path) for a in args))
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert RAW.search(done.stdout) is None
    for written in tmp_path.rglob("*"):
        if written.suffix in (".html", ".csv"):
            assert RAW.search(written.read_text(encoding="utf-8")) is None, written
