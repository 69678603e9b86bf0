"""Alert settings from a file: the shipped file is the defaults, a file of one's own changes what `cen alerts`
finds, and a wrong setting is a usage error naming the file and the setting."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from cen_pipeline.alerts.config import DEFAULT
from cen_pipeline.alerts.settings import SHIPPED, SettingsError, load_settings
from cen_pipeline.samples.monthly_store import write_monthly_store
from tests.conftest import run_cen
from tests.test_alert_missing import START


def test_the_shipped_settings_are_the_defaults() -> None:
    assert load_settings(SHIPPED) == DEFAULT


def test_a_file_of_ones_own_overrides_what_it_names(tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text("min_agreeing_methods = 1\n[methods]\nw = 1\nno_periods = 4\nlimit54 = [5, 1]\n")
    config = load_settings(mine)
    assert (config.min_agreeing_methods, config.methods.w, config.methods.no_periods) == (1, 1, 4)
    assert config.methods.limit54 == (5, 1)
    assert config.shift_min_ratio == DEFAULT.shift_min_ratio


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("min_agreeing = 1\n", "no setting min_agreeing"),
        ("[methods]\nwindow = 1\n", "no setting methods.window"),
        ("min_agreeing_methods = 'two'\n", "min_agreeing_methods must be a whole number"),
        ("[methods]\nalpha = 2.0\n", "alpha must lie in (0, 1)"),
        ("case_methods = 'ears_c1'\n", "case_methods must be a list"),
        ("min_agreeing_methods = \n", "not a TOML file"),
    ],
)
def test_a_wrong_setting_is_named(tmp_path: Path, text: str, said: str) -> None:
    wrong = tmp_path / "wrong.toml"
    wrong.write_text(text)
    with pytest.raises(SettingsError, match=r"wrong\.toml") as err:
        load_settings(wrong)
    assert said in str(err.value)


def test_cen_alerts_runs_with_a_settings_file_and_refuses_a_wrong_one(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    months = 72
    counts = {("FR", "clothing"): rng.poisson(10.0, months).astype(float)}
    counts["FR", "clothing"][-1] = 30.0  # a spike every method finds
    db = write_monthly_store(tmp_path / "store.duckdb", counts, START)
    alone = tmp_path / "alone.toml"
    alone.write_text(
        'case_methods = ["ears_c1"]\narticle_methods = []\nmin_agreeing_methods = 1\nseasonal_methods = ["ears_c1"]\n'
    )
    default = run_cen("alerts", "--db", db, "--format", "json")
    mine = run_cen("alerts", "--db", db, "--format", "json", "--settings", alone)
    assert default.returncode == mine.returncode == 0, default.stderr + mine.stderr
    methods = [{a["method"] for a in json.loads(r.stdout) if a["kind"] == "spike"} for r in (default, mine)]
    assert {"farrington", "ears_c1"} <= methods[0]
    assert methods[1] == {"ears_c1"}
    wrong = tmp_path / "wrong.toml"
    wrong.write_text("min_agreeing = 1\n")
    refused = run_cen("alerts", "--db", db, "--settings", wrong)
    assert refused.returncode == 2
    said = " ".join(re.sub("[│╭╮╰╯─]", " ", refused.stderr).split())  # the message as a reader reads its box
    assert "no setting min_agreeing" in said and "Traceback" not in said
