"""The hardening under generated inputs: any Member code, profile name, cell content, SQL literal or output
path, as a request to the service could carry it."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import duckdb
import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cen_pipeline.cli.options import member_code
from cen_pipeline.contract.codelists import codelist
from cen_pipeline.core.assets import asset_dir
from cen_pipeline.core.duck import sql_str
from cen_pipeline.core.output import (
    CONTROL_CHARACTERS,
    OutputRefused,
    neutralise_formula,
    terminal,
    writable,
)
from cen_pipeline.intake.profiles import ProfileError, load_profile

_TEXT = st.text(st.characters(codec="utf-8"), max_size=60)


@given(_TEXT)
def test_a_member_scope_is_a_wco_member_or_refused(text: str) -> None:
    try:
        code = member_code(text)
    except typer.BadParameter:
        return
    assert code in codelist("member").codes


@given(st.one_of(_TEXT, st.sampled_from(["../", "../../etc/passwd", "/etc/hostname", "canonical/../x", "."])))
def test_a_profile_name_reads_a_shipped_profile_or_none(name: str) -> None:
    try:
        profile = load_profile(name)
    except (ProfileError, OSError):
        return
    # A shipped profile, or a .toml file named by its path (the command line's own user's file).
    source = Path(profile.source).resolve()
    assert source.parent == asset_dir("ingest").resolve() or name.endswith(".toml")


@given(_TEXT)
def test_a_spreadsheet_cell_never_runs_and_holds_no_control(text: str) -> None:
    cell = neutralise_formula(text)
    assert not re.search(CONTROL_CHARACTERS, cell)
    if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        assert re.fullmatch(r"[+-]?[0-9]+([.,][0-9]+)?", cell)  # a plain number stays a number


@given(_TEXT)
def test_a_terminal_cell_is_plain_text(text: str) -> None:
    shown = terminal(text)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown.plain)
    assert not shown.spans  # no markup read from the value


@given(st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=80))
def test_a_quoted_literal_is_the_value_and_nothing_else(text: str) -> None:
    con = duckdb.connect()
    try:
        assert con.execute(f"SELECT {sql_str(text)}").fetchone() == (text,)
    finally:
        con.close()


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(st.characters(codec="utf-8", exclude_characters="/\x00"), min_size=1, max_size=40),
    st.sampled_from(["new", "file", "link"]),
    st.booleans(),
)
def test_an_output_path_is_never_a_link_nor_an_existing_file_unforced(
    tmp_path: Path, name: str, kind: str, force: bool
) -> None:
    if name in (".", ".."):
        return
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    target = folder / name
    try:
        if kind == "file":
            target.write_text("kept", encoding="utf-8")
        elif kind == "link":
            target.symlink_to(tmp_path / "elsewhere")
    except OSError:  # a name the file system refuses
        return
    if kind == "new" or (kind == "file" and force):
        assert writable(target, force) == target
    else:
        with pytest.raises(OutputRefused):
            writable(target, force)
