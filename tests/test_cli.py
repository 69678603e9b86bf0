"""The `cen` command as users and scripts meet it: help, version, exit codes, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cen_pipeline import __version__
from cen_pipeline.cli.app import app
from tests.conftest import row, run_cen, write_csv


def _commands() -> list[list[str]]:
    found: list[list[str]] = []
    for info in app.registered_commands:
        found.append([info.name or (info.callback.__name__ if info.callback else "")])
    for group in app.registered_groups:
        assert group.typer_instance is not None
        for info in group.typer_instance.registered_commands:
            found.append([group.name or "", info.name or ""])
    return found


@pytest.mark.parametrize("command", _commands(), ids=lambda c: " ".join(c))
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    done = run_cen(*command, "--help")
    assert done.returncode == 0, done.stderr
    assert "Example: cen " + " ".join(command) in " ".join(done.stdout.split())


def test_version() -> None:
    done = run_cen("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"cen-pipeline {__version__}"


def test_top_level_help_documents_exit_codes() -> None:
    text = " ".join(run_cen("--help").stdout.split())
    assert "0 ok, 1 invalid data, 2 usage error, 3 unreadable input" in text


def test_valid_file_exits_0(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ok.csv", [row()])
    done = run_cen("validate", path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_invalid_file_exits_1_and_names_row_column_and_value(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bad.csv", [row(), row(case_ref="FR-2", conveyance="boat")])
    done = run_cen("validate", path, "--format", "json")
    assert done.returncode == 1
    report = json.loads(done.stdout)
    [problem] = report["problems"]
    assert (problem["row"], problem["column"], problem["code"], problem["value"]) == (
        3,
        "conveyance",
        "unknown-code",
        "boat",
    )
    assert problem["letter"] == "I"  # the ninth column of the canonical feed


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["validate", "missing.csv"], 3),
        (["validate"], 2),
        (["validate", "x.csv", "--format", "yaml"], 2),
        (["validate", "x.csv", "--profile", "no-such-profile"], 2),
        (["codes", "no-such-list"], 2),
        (["no-such-command"], 2),
    ],
)
def test_usage_and_unreadable_exit_codes_without_traceback(
    tmp_path: Path, args: list[str], code: int
) -> None:
    write_csv(tmp_path / "x.csv", [row()])
    done = run_cen(*args, cwd=tmp_path)
    assert done.returncode == code, done.stdout + done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_undecodable_bytes_exit_3_naming_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    write_csv(path, [row(description="Chaussures de sport à crampons")], encoding="latin-1")
    done = run_cen("validate", path)
    assert done.returncode == 3
    assert "latin.csv" in done.stderr and "not valid utf-8" in done.stderr


def test_a_text_file_named_xlsx_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("case_ref,reporting_member\n", encoding="utf-8")
    done = run_cen("validate", path)
    assert done.returncode == 3
    assert "not an Excel" in done.stderr


@pytest.mark.parametrize("fmt", ["json", "csv", "html"])
def test_output_option_writes_the_rendering(tmp_path: Path, fmt: str) -> None:
    path = write_csv(tmp_path / "bad.csv", [row(quantity="-3")])
    out = tmp_path / f"report.{fmt}"
    done = run_cen("validate", path, "--format", fmt, "--output", out, "--lang", "es")
    assert done.returncode == 1
    text = out.read_text(encoding="utf-8")
    assert "out-of-range" in text and "fuera de rango" in text


def test_codes_lists_labels_in_the_language() -> None:
    done = run_cen("codes", "conveyance", "--lang", "fr")
    assert done.returncode == 0
    assert "express_courier" in done.stdout and "Messagerie express" in done.stdout


def test_an_unreadable_file_does_not_hide_the_reports_of_the_others(tmp_path: Path) -> None:
    good = write_csv(tmp_path / "good.csv", [row(quantity="0")])
    done = run_cen("validate", tmp_path / "missing.csv", good, "--format", "json")
    assert done.returncode == 3
    assert "missing.csv" in done.stderr and "Traceback" not in done.stderr
    assert json.loads(done.stdout)["problems"][0]["code"] == "out-of-range"


def test_a_missing_file_in_an_ingest_batch_exits_3_and_the_others_are_stored(tmp_path: Path) -> None:
    good = write_csv(tmp_path / "good.csv", [row()])
    store = tmp_path / "cen.duckdb"
    done = run_cen("ingest", tmp_path / "missing.csv", good, "--db", store, "--format", "json")
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    files = {Path(f["file"]).name: f for f in json.loads(done.stdout)["files"]}
    assert files["missing.csv"]["status"] == "unreadable: no such file"
    assert files["good.csv"]["status"] == "accepted" and files["good.csv"]["cases_new"] == 1


def test_folders_are_searched_for_feed_files_and_an_empty_one_is_said(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds"
    (feeds / "2024").mkdir(parents=True)
    write_csv(feeds / "2024" / "ok.csv", [row()])
    write_csv(feeds / "bad.csv", [row(quantity="0")])
    (feeds / "notes.md").write_text("not a feed")
    empty = tmp_path / "empty"
    empty.mkdir()
    done = run_cen("validate", feeds, empty, "--format", "json")
    assert done.returncode == 1, done.stderr
    reports = json.loads(done.stdout)
    assert sorted(Path(r["file"]).name for r in reports) == ["bad.csv", "ok.csv"]
    assert f"no feed file (.csv, .tsv, .txt, .xlsx, .edi, .edifact) in the folder {empty}" in done.stderr
    done = run_cen("ingest", empty, "--db", tmp_path / "cen.duckdb", "--format", "json")
    assert done.returncode == 0 and json.loads(done.stdout)["files"] == []
    assert "no feed file" in done.stderr


def test_an_output_path_that_cannot_be_used_exits_2_before_any_work(tmp_path: Path) -> None:
    good = write_csv(tmp_path / "good.csv", [row()])
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    done = run_cen("validate", good, "--format", "json", "--output", blocker / "report.json")
    assert done.returncode == 2 and f"cannot use {blocker}" in done.stderr
    assert "Traceback" not in done.stderr
    done = run_cen("schema", "export", "--dir", blocker / "schemas")
    assert done.returncode == 2 and f"cannot use {blocker}" in done.stderr
    store = tmp_path / "cen.duckdb"
    edi = Path(__file__).resolve().parent.parent / "sample_data" / "edi"
    done = run_cen("ingest", edi, "--ack", blocker / "replies", "--db", store)
    assert done.returncode == 2 and f"cannot use {blocker}" in done.stderr
    assert not store.exists()
    # A folder that does not exist yet is made, as for every other output.
    done = run_cen("validate", good, "--format", "json", "--output", tmp_path / "new" / "report.json")
    assert done.returncode == 0 and json.loads((tmp_path / "new" / "report.json").read_text())["valid"]
