"""Hardening before the service: no SQL text is built from values (a store or lake path holding quotes and SQL
is a path like any other, never SQL that runs), and a Member scope cannot be emptied or given to a non-Member."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from tests.conftest import query, row, run_cen, write_csv


def test_a_store_and_a_lake_in_folders_with_apostrophes_work(tmp_path: Path) -> None:
    folder = tmp_path / "O'Brien's data"
    feed = write_csv(tmp_path / "f.csv", [row()])
    db, lake = folder / "cen.duckdb", folder / "l'ake"
    done = run_cen("ingest", feed, "--db", db)
    assert done.returncode == 0, done.stderr
    assert run_cen("export", "lake", lake, "--db", db).returncode == 0
    assert any((lake / "cases").rglob("*.parquet"))
    con = duckdb.connect(str(db), read_only=True)
    try:
        row_count = con.execute("SELECT count(*) FROM current_lines").fetchone()
    finally:
        con.close()
    assert row_count == (1,)


def test_a_crafted_store_path_runs_no_sql(tmp_path: Path) -> None:
    crafted = "x.duckdb' AS store; COPY (SELECT 42) TO 'pwned.csv'; ATTACH 'y.duckdb"
    feed = write_csv(tmp_path / "f.csv", [row()])
    done = run_cen("ingest", feed, "--db", crafted, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "pwned.csv").exists() and not (tmp_path / "y.duckdb").exists()
    assert (tmp_path / crafted).is_file()  # the store is the file of that very name
    assert sorted(os.listdir(tmp_path)) == sorted(["f.csv", crafted])


def test_a_member_scope_cannot_be_emptied_or_given_to_a_non_member(tmp_path: Path) -> None:
    feed = write_csv(tmp_path / "f.csv", [row()])
    for member in ("", "  ", "ZZ"):
        done = run_cen("validate", feed, "--member", member)
        assert done.returncode == 2, (member, done.stdout)
        assert "Traceback" not in done.stderr
    assert run_cen("validate", feed, "--member", " fr").returncode == 0


def test_the_store_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    db = tmp_path / "cen.duckdb"
    assert run_cen("ingest", write_csv(tmp_path / "f.csv", [row()]), "--db", db).returncode == 0
    assert db.stat().st_mode & 0o077 == 0
    db.chmod(0o644)  # a store made before: made private again by the next write
    second = write_csv(tmp_path / "g.csv", [row(case_ref="FR-2")])
    assert run_cen("ingest", second, "--db", db).returncode == 0
    assert db.stat().st_mode & 0o077 == 0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("cen.duckdb") and p.stat().st_mode & 0o077]


def test_a_profile_name_cannot_leave_the_profiles_folder(tmp_path: Path) -> None:
    (tmp_path / "secret.toml").write_text('name = "secret"\n', encoding="utf-8")
    feed = write_csv(tmp_path / "f.csv", [row()])
    outside = os.path.relpath(tmp_path / "secret", Path(__file__).resolve().parents[1] / "ingest")
    for name in (outside, "../ingest/canonical", "canonical/../canonical", "/etc/passwd"):
        done = run_cen("validate", feed, "--profile", name)
        assert done.returncode == 2 and "Traceback" not in done.stderr, (name, done.stderr)
    assert run_cen("validate", feed, "--profile", "canonical").returncode == 0


def test_a_delimiter_of_more_than_one_character_is_a_usage_error(tmp_path: Path) -> None:
    feed = write_csv(tmp_path / "f.csv", [row()])
    for delimiter in ("ab", "", '"', "\\n"):
        profile = tmp_path / "p.toml"
        profile.write_text(f'name = "p"\ndelimiter = "{delimiter}"\n', encoding="utf-8")
        done = run_cen("validate", feed, "--profile", profile)
        assert done.returncode == 2 and "delimiter" in done.stderr and "Traceback" not in done.stderr


def test_a_nil_return_sent_for_a_member_declares_that_members_months_only(tmp_path: Path) -> None:
    nil = tmp_path / "nil.csv"
    nil.write_text(
        "reporting_member,nil_return_month\nFR,2024-02\nSN,2024-02\nZZ,2024-03\n", encoding="utf-8"
    )
    db = tmp_path / "cen.duckdb"
    done = run_cen("ingest", nil, "--member", "FR", "--db", db)
    assert "Traceback" not in done.stderr
    declared = query(db, "SELECT reporting_member, strftime(month, '%Y-%m') FROM nil_returns")
    refused = query(db, "SELECT row_number, code FROM quarantine ORDER BY row_number")
    assert declared == [("FR", "2024-02")]
    assert refused == [(3, "member-mismatch"), (4, "unknown-code")]


def test_a_nil_return_names_wco_members_only(tmp_path: Path) -> None:
    nil = tmp_path / "nil.csv"
    nil.write_text("reporting_member,nil_return_month\nKE,2024-02\nZZ,2024-02\n", encoding="utf-8")
    db = tmp_path / "cen.duckdb"
    run_cen("ingest", nil, "--db", db)
    assert query(db, "SELECT reporting_member FROM nil_returns") == [("KE",)]


_CRAFTED_BRANDS = (
    '=HYPERLINK("https://evil.example","x")',
    "+SUM(1,2)",
    "-SUM(1,2)",
    "[link=https://evil.example]Nike[/link]",
)


def _store_with_crafted_brands(tmp_path: Path) -> Path:
    rows = [row(case_ref=f"FR-{i}", brand=brand) for i, brand in enumerate(_CRAFTED_BRANDS)]
    db = tmp_path / "cen.duckdb"
    done = run_cen("ingest", write_csv(tmp_path / "f.csv", rows), "--db", db)
    assert done.returncode == 0, done.stdout + done.stderr
    return db


def test_no_output_runs_a_formula_or_markup_from_member_data(tmp_path: Path) -> None:
    import csv

    import openpyxl

    db = _store_with_crafted_brands(tmp_path)
    trends = ("trends", "--by", "brand", "--year", "2024", "--db", db)
    done = run_cen(*trends, "--format", "csv")
    assert done.returncode == 0, done.stderr
    cells = [c for r in csv.reader(done.stdout.splitlines()) for c in r]
    assert not [c for c in cells if c[:1] in ("=", "+", "@") or (c[:1] == "-" and not c[1:2].isdigit())]
    assert '\'=HYPERLINK("https://evil.example","x")' in cells
    book = tmp_path / "t.xlsx"
    assert run_cen(*trends, "--format", "xlsx", "--output", book).returncode == 0
    sheet = openpyxl.load_workbook(book).active
    assert not [c for r in sheet.iter_rows() for c in r if c.data_type == "f"]
    shown = run_cen(*trends, env={"COLUMNS": "300"}).stdout
    assert "[link=https://evil.example]Nike[/link]" in shown  # shown as sent, not turned into a link
    assert "\x1b]8;" not in shown


def test_an_output_never_replaces_a_file_unasked_nor_follows_a_symbolic_link(tmp_path: Path) -> None:
    db = _store_with_crafted_brands(tmp_path)
    feed = write_csv(tmp_path / "g.csv", [row()])
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("keep me", encoding="utf-8")
    existing = tmp_path / "existing.html"
    existing.write_text("keep me too", encoding="utf-8")
    (tmp_path / "out").mkdir()
    link = tmp_path / "out" / "report.html"
    link.symlink_to(outside)
    commands = [
        ("validate", feed, "--format", "html", "--output"),
        ("quality", "--db", db, "--format", "html", "--output"),
        ("trends", "--by", "brand", "--year", "2024", "--db", db, "--format", "csv", "--output"),
        ("bulletin", "--month", "2024-03", "--db", db, "--output"),
        ("quarantine", "export", "--member", "FR", "--db", db, "--out"),
        ("export", "edi", "--member", "FR", "--db", db, "--out"),
    ]
    for command in commands:
        for target, force in ((existing, ()), (link, ()), (link, ("--force",))):
            done = run_cen(*command, target, *force)
            assert done.returncode == 2, (command, target, done.stderr)
            assert "Traceback" not in done.stderr and str(target) in done.stderr
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert existing.read_text(encoding="utf-8") == "keep me too"
    assert run_cen("validate", feed, "--format", "html", "--output", existing, "--force").returncode == 0
    assert "keep me too" not in existing.read_text(encoding="utf-8")


def test_a_lake_whose_tables_are_symbolic_links_is_not_written_through_them(tmp_path: Path) -> None:
    db = _store_with_crafted_brands(tmp_path)
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("keep", encoding="utf-8")
    lake = tmp_path / "lake"
    lake.mkdir()
    (lake / "cases").symlink_to(precious, target_is_directory=True)
    done = run_cen("export", "lake", lake, "--db", db)
    assert done.returncode == 2 and "symbolic link" in done.stderr and "Traceback" not in done.stderr
    assert (precious / "keep.txt").read_text(encoding="utf-8") == "keep"
    assert sorted(p.name for p in precious.iterdir()) == ["keep.txt"]


def _workbook(path: Path, rows: list[list[str]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    for r in rows:
        book.active.append(r)
    book.save(path)
    return path


def test_a_workbook_that_inflates_past_the_limit_is_unreadable_before_it_is_inflated(tmp_path: Path) -> None:
    import zipfile

    from cen_pipeline.contract.models import FEED_FIELDS

    small = _workbook(tmp_path / "small.xlsx", [list(FEED_FIELDS), [row().get(f, "") for f in FEED_FIELDS]])
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info, source.read(info))
        out.writestr("xl/media/pad.bin", b"\0" * (150 * 10**6))  # 150 MB in a few hundred KB
    assert bomb.stat().st_size < 10**6
    done = run_cen("validate", bomb, env={"CEN_MAX_XLSX_MB": "100"})
    assert done.returncode == 3, done.stderr
    assert "CEN_MAX_XLSX_MB" in done.stderr and "100 MB" in done.stderr and "Traceback" not in done.stderr
    assert run_cen("validate", small, env={"CEN_MAX_XLSX_MB": "100"}).returncode == 0


def test_a_cell_a_header_or_a_line_over_its_limit_is_unreadable_with_the_limit_named(tmp_path: Path) -> None:
    from cen_pipeline.contract.models import FEED_FIELDS

    values = row(description="x" * 2000)
    book = _workbook(tmp_path / "long.xlsx", [list(FEED_FIELDS), [values.get(f, "") for f in FEED_FIELDS]])
    long_header = tmp_path / "header.csv"
    long_header.write_text(",".join(FEED_FIELDS) + "," + "h" * 2000 + "\n", encoding="utf-8")
    # Lines are measured where they are longer than the reader's chunk of a million characters.
    long_line = write_csv(tmp_path / "line.csv", [row(description="x" * 1_500_000)])
    cases = [
        (book, "CEN_MAX_CELL_CHARS", "row 2, column description", "1000"),
        (long_header, "CEN_MAX_HEADER_CHARS", "header row", "1000"),
        (long_line, "CEN_MAX_LINE_CHARS", "a line of", "1200000"),
    ]
    for path, setting, where, limit in cases:
        done = run_cen("validate", path, env={setting: limit})
        assert done.returncode == 3, (setting, done.stderr)
        assert setting in done.stderr and where in done.stderr and "Traceback" not in done.stderr
        assert run_cen("validate", path).returncode in (0, 1)  # within the default limits: read


def test_a_batch_repairs_analysis_tables_a_killed_build_left_out_of_date(tmp_path: Path) -> None:
    db = tmp_path / "cen.duckdb"
    feed = write_csv(tmp_path / "f.csv", [row()])
    assert run_cen("ingest", feed, "--db", db).returncode == 0
    trends = ("trends", "--by", "category", "--year", "2024", "--db", db, "--format", "json")
    assert run_cen(*trends).returncode == 0
    con = duckdb.connect(str(db))
    try:  # as a build killed after a file was stored leaves them: built, but from an earlier store
        con.execute("UPDATE meta SET value = 'an earlier store' WHERE key = 'analysis_tables_built_from'")
    finally:
        con.close()
    assert "cen transform" in run_cen(*trends).stderr  # figures that may leave out a change
    again = run_cen("ingest", feed, "--db", db, env={"COLUMNS": "200"})  # the same file: nothing new to store
    assert again.returncode == 0 and "skipped as already loaded" in again.stdout
    repaired = run_cen(*trends)
    assert repaired.returncode == 0 and "cen transform" not in repaired.stderr


def test_an_interchange_is_its_registered_senders_member(tmp_path: Path) -> None:
    import json

    sample = Path(__file__).resolve().parents[1] / "sample_data" / "edi" / "valid.edi"
    text = sample.read_text(encoding="latin-1")
    other = tmp_path / "other-member.edi"  # the French system sending a message that reports for Germany
    other.write_text(text.replace("ATT+MBR++FR:member", "ATT+MBR++DE:member", 1), encoding="latin-1")
    done = run_cen("validate", other, "--format", "json")
    assert done.returncode == 1
    assert "member-mismatch" in json.loads(done.stdout)["summary"]["errors_by_code"]
    unregistered = tmp_path / "unregistered.edi"
    unregistered.write_text(
        other.read_text(encoding="latin-1").replace("FRDGDDI", "XXCUSTOMS"), encoding="latin-1"
    )
    assert run_cen("validate", unregistered).returncode == 0  # a sender nobody registered: rows as sent
    refused = run_cen("validate", sample, "--member", "DE")
    assert refused.returncode == 2 and "FRDGDDI sends for FR" in refused.stderr
    assert run_cen("validate", sample, "--member", "FR").returncode == 0


def test_a_report_folder_is_replaced_only_when_asked_and_never_through_links(tmp_path: Path) -> None:
    from cen_pipeline.report.annual import ReportError, check_output

    folder = tmp_path / "report"
    check_output(folder)  # a new folder: made
    (folder / "report.html").write_text("the report of last year", encoding="utf-8")
    with pytest.raises(ReportError, match="--force"):
        check_output(folder)
    check_output(folder, replace=True)
    outside = tmp_path / "elsewhere.pdf"
    (folder / "report.pdf").symlink_to(outside)
    with pytest.raises(ReportError, match="symbolic link"):
        check_output(folder, replace=True)
    (folder / "report.pdf").unlink()
    (folder / "tables").mkdir()
    (folder / "tables" / "summary.csv").symlink_to(outside)
    with pytest.raises(ReportError, match="symbolic link"):
        check_output(folder, replace=True)
    assert not outside.exists()
