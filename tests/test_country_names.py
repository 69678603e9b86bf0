"""Country names as Members' files and international sources spell them resolve to the codes stored; names
of countries that split, and qualifiers that name another country, are refused rather than guessed."""

from __future__ import annotations

import csv
import importlib.util
import json
import unicodedata
from pathlib import Path
from types import ModuleType

import duckdb
import pytest

from cen_pipeline.contract.codelists import (
    country_aliases,
    normalise_alias,
    read_data_csv,
    resolve_country,
    sql_normalise_alias,
)
from tests.conftest import ROOT, row, run_cen, write_csv

GENERATOR = ROOT / "cen_pipeline" / "data" / "make_country_aliases.py"

# Per class of name: (origin_country as sent, code stored).
NAMES: dict[str, list[tuple[str, str]]] = {
    "iso": [("Türkiye", "TR"), ("Côte d'Ivoire", "CI"), ("Czechia", "CZ"), ("Eswatini", "SZ")],
    "m49": [
        ("Bolivia (Plurinational State of)", "BO"),
        ("Micronesia (Federated States of)", "FM"),
        ("Iran (Islamic Republic of)", "IR"),
        ("Venezuela (Bolivarian Republic of)", "VE"),
        ("Republic of Moldova", "MD"),
        ("United Republic of Tanzania", "TZ"),
        ("Democratic People's Republic of Korea", "KP"),
        ("Lao People's Democratic Republic", "LA"),
        ("State of Palestine", "PS"),
        ("Cabo Verde", "CV"),
        ("North Macedonia", "MK"),
        ("Côte d’Ivoire", "CI"),
        ("China, Hong Kong Special Administrative Region", "HK"),
    ],
    "unodc": [
        ("Kosovo under UNSCR 1244", "XK"),
        ("Taiwan Province of China", "TW"),
        ("China, Hong Kong SAR", "HK"),
        ("China, Macao SAR", "MO"),
    ],
    "hand": [
        ("Swaziland", "SZ"),
        ("The former Yugoslav Republic of Macedonia", "MK"),
        ("East Germany", "DE"),
    ],
    "iso-3166-3 with one successor": [
        ("Zaire", "CD"),
        ("East Timor", "TL"),
        ("German Democratic Republic", "DE"),
        ("Upper Volta", "BF"),
        ("Burma, Socialist Republic of the Union of", "MM"),
    ],
    "sub-national": [
        ("United Kingdom (England and Wales)", "GB"),
        ("United Kingdom (Scotland)", "GB"),
        ("Iraq (Kurdistan Region)", "IQ"),
        ("Iraq (Central Iraq)", "IQ"),
        ("Macau, SAR of China", "MO"),
        ("Hong Kong, SAR of China", "HK"),
    ],
    "qualifier that narrows": [
        ("United Kingdom (Wales)", "GB"),
        ("Iraq (Kurdistan)", "IQ"),
        ("Tanzania (Zanzibar)", "TZ"),
        ("Kosovo (UNSCR 1244)", "XK"),
        ("Réunion (France)", "RE"),
        ("Gibraltar (UK)", "GI"),
        ("Macao, Special Administrative Region of China", "MO"),
        ("Hong Kong, China (SAR)", "HK"),
    ],
}

# Names that must not resolve: countries that split, and qualifiers that name another country than the name
# before them (taking the name would put the seizure in the wrong country).
REFUSED = [
    "Czechoslovakia",
    "China, Hong Kong S.A.R.",
    "China (Taiwan)",
    "Guinea (Equatorial)",
    "Sudan (South)",
    "Saint Martin (Dutch part)",
    "France (Réunion)",
    "Congo, Dem. Rep. of",
    "Ireland (Northern)",
    "Atlantis (Iraq)",
]


def _ingest(tmp_path: Path, origins: list[str], transit: str | None = None) -> tuple[Path, dict[str, object]]:
    rows = [row(case_ref=f"FR-{i}", origin_country=name) for i, name in enumerate(origins)]
    if transit is not None:
        rows.append(row(case_ref="FR-T", origin_country="CN", transit_countries=transit))
    db = tmp_path / "cen.duckdb"
    done = run_cen("ingest", write_csv(tmp_path / "f.csv", rows), "--db", db, "--format", "json")
    assert "Traceback" not in done.stderr, done.stderr
    return db, {"code": done.returncode, **json.loads(done.stdout)}


def _query(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("kind", sorted(NAMES))
def test_names_of_each_class_are_stored_as_their_code(tmp_path: Path, kind: str) -> None:
    names = NAMES[kind]
    db, out = _ingest(tmp_path, [name for name, _ in names])
    assert out["code"] == 0, out
    stored = {
        str(ref): code for ref, code in _query(db, "SELECT case_ref, origin_country FROM current_cases")
    }
    assert [stored[f"FR-{i}"] for i in range(len(names))] == [code for _, code in names]


def test_names_in_a_list_of_transit_countries_resolve_too(tmp_path: Path) -> None:
    db, out = _ingest(tmp_path, [], transit="Iraq (Kurdistan Region)|Türkiye|Kosovo under UNSCR 1244")
    assert out["code"] == 0, out
    assert _query(db, "SELECT transit_countries FROM current_cases") == [("IQ|TR|XK",)]


def test_split_countries_keep_a_code_of_their_own(tmp_path: Path) -> None:
    split = {"Netherlands Antilles": "AN", "Serbia and Montenegro": "CS", "Yugoslavia": "YU", "USSR": "SU"}
    db, out = _ingest(tmp_path, list(split))
    assert out["code"] == 0
    stored = _query(db, "SELECT origin_country FROM current_cases ORDER BY case_ref")
    assert stored == [(code,) for code in split.values()]


def test_other_split_countries_and_other_countries_qualifiers_are_refused(tmp_path: Path) -> None:
    db, out = _ingest(tmp_path, REFUSED)
    assert out["code"] == 1
    refused = _query(db, "SELECT masked_value, code FROM quarantine ORDER BY row_number")
    assert refused == [(name, "unknown-country") for name in REFUSED]
    assert _query(db, "SELECT count(*) FROM current_cases") == [(0,)]


def test_every_alias_says_which_rule_it_comes_from() -> None:
    generator = _generator()
    rules = {r["alias"]: r["rule"] for r in read_data_csv("country_aliases.csv")}
    assert set(rules.values()) == set(generator.RULE_ORDER)
    expected = {
        "TR": "iso-code",
        "TURKIYE": "iso-name",
        "BOLIVIA PLURINATIONAL STATE OF": "iso-name",
        "PLURINATIONAL STATE OF BOLIVIA": "iso-official-name",
        "COTE D IVOIRE": "iso-name",
        "CHINA HONG KONG SPECIAL ADMINISTRATIVE REGION": "m49",
        "KOSOVO UNDER UNSCR 1244": "unodc",
        "ZAIRE": "iso-3166-3",
        "ZR": "iso-3166-3",
        "IRAQ KURDISTAN REGION": "sub-national",
        "SWAZILAND": "hand",
    }
    assert {alias: rules[alias] for alias in expected} == expected
    # A split country is its own code or nothing, and no withdrawn code shadows a current one (SK is Slovakia).
    assert {a: country_aliases()[a] for a in ("NETHERLANDS ANTILLES", "ANT", "SCG", "YU")} == {
        "NETHERLANDS ANTILLES": "AN",
        "ANT": "AN",
        "SCG": "CS",
        "YU": "YU",
    }
    assert "CZECHOSLOVAKIA" not in rules
    assert country_aliases()["SK"] == "SK"


def test_the_alias_table_is_what_its_generator_writes() -> None:
    generator = _generator()
    table, _ = generator.build(generator.entries())
    shipped = GENERATOR.with_name("country_aliases.csv").read_text(encoding="utf-8")
    assert shipped == generator.render(table), "rerun cen_pipeline/data/make_country_aliases.py"


def test_the_table_the_lookup_and_sql_normalise_alike() -> None:
    generator = _generator()
    names = [name for name, _, _ in generator.entries()] + [n for ns in NAMES.values() for n, _ in ns]
    samples = names + [
        "a" + chr(c) + "b" for c in range(32, 0x2000) if unicodedata.category(chr(c)) not in ("Cs", "Cn")
    ]
    samples += ["  Côte\td’Ivoire ", "SÃO TOMÉ", "ﬁji", "Straße"]
    con = duckdb.connect()
    try:
        con.execute("CREATE TABLE t (i INTEGER, x VARCHAR)")
        con.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(samples)))
        in_sql = dict(con.execute(f"SELECT i, {sql_normalise_alias('x')} FROM t").fetchall())
    finally:
        con.close()
    for i, text in enumerate(samples):
        assert generator.normalise(text) == normalise_alias(text) == in_sql[i], text


def test_resolving_never_guesses_from_part_of_a_name() -> None:
    # "Other", "na" and an alias with words added are not countries; "NA" alone is Namibia's code.
    assert [resolve_country(v) for v in ("Other", "Other (Iraq)", "Iraq Kurdistan", "NA")] == [
        None,
        None,
        None,
        "NA",
    ]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_country_aliases", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_csv_reads_back_with_na_as_namibia() -> None:
    with GENERATOR.with_name("country_aliases.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(line for line in handle if not line.startswith("#")))
    assert rows[0] == ["alias", "code", "rule"]
    assert ["NA", "NA", "iso-code"] in rows
