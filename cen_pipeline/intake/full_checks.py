"""The full checks of the vectorised check: the record's rules compiled to SQL and run by DuckDB.

Over the table `subset` (the cases the quick checks set apart, see `quick_checks.py`) it builds `canon` (the
cells mapped onto the record's fields by the feed profile) and `checked` (each field's typed value and its
first error code), then collects the problems. The rules come from the Pydantic models through the field
rules of `contract`; a property test holds both in step.
"""

from __future__ import annotations

import contextlib
from datetime import date

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from cen_pipeline.contract import nominal
from cen_pipeline.contract.code_rules import Country, CountryList
from cen_pipeline.contract.codelists import LIST_SEPARATOR, codelist, resolve_country
from cen_pipeline.contract.models import FEED_FIELDS, REQUIRED_FIELDS, WITHDRAWAL_FIELDS, rule_of
from cen_pipeline.contract.row_rules import ROW_RULES
from cen_pipeline.contract.rules import RuleError
from cen_pipeline.contract.sql import SqlContext, sql_one_of, sql_str
from cen_pipeline.contract.value_rules import Number
from cen_pipeline.intake.conversions import FieldChecks
from cen_pipeline.intake.layout import (
    SHARED_CASE_FIELDS,
    Layout,
    Problem,
    absent,
    canon_expr,
    case_key_sql,
    expand,
    raw_expr,
    withdrawal_sql,
)
from cen_pipeline.intake.profiles import Profile
from cen_pipeline.intake.quick_checks import field_quick, subset_size
from cen_pipeline.intake.repeats import repeated_row


def install_country_resolver(con: duckdb.DuckDBPyConnection) -> None:
    """The SQL macro `cen_country(x)`: ISO code of a country cell, or NULL when it is not one.

    The country cells of the file that are not ISO codes already (few, usually) are resolved once here by the
    same Python function the models use, and only those enter the SQL look-up, which keeps it small and fast.
    """
    fields = [f for f in FEED_FIELDS if isinstance(rule_of(f), Country | CountryList)]
    parts = ", ".join(
        f"string_split({f}, '{LIST_SEPARATOR}')" if isinstance(rule_of(f), CountryList) else f"[{f}]"
        for f in fields
    )
    found = con.execute(
        f"""SELECT DISTINCT trim(v) FROM (SELECT unnest(list_concat({parts})) AS v FROM canon)
            WHERE v IS NOT NULL AND NOT {sql_one_of("trim(v)", codelist("country").codes)}"""
    ).fetchall()
    resolved = {str(v): resolve_country(str(v)) for (v,) in found}
    entries = ", ".join(f"{sql_str(k)}: {sql_str(v)}" for k, v in resolved.items() if v)
    lookup = f"MAP {{{entries}}}[x]" if entries else "NULL::VARCHAR"
    is_code = sql_one_of("x", codelist("country").codes)
    con.execute(
        f"CREATE OR REPLACE TEMP MACRO cen_country(x) AS CASE WHEN {is_code} THEN x ELSE {lookup} END"
    )


def install_personal_data_guard(con: duckdb.DuckDBPyConnection, allowed: tuple[str, ...] = ()) -> None:
    """The SQL function `nominal.SQL_FUNCTION(text, level)`: the models' own personal-data screen, which the
    full checks call on the candidate cells only (the RE2 pre-filter keeps ordinary cells out of Python),
    with the profile's allowed terms set aside. It takes a column at a time and screens each distinct value
    once: seizure texts repeat (the same office, the same goods), and a value is screened in Python."""
    with contextlib.suppress(duckdb.Error):
        con.remove_function(nominal.SQL_FUNCTION)
    verdicts: dict[tuple[str, str], bool] = {}

    def screen(texts: pa.Array, levels: pa.Array) -> pa.Array:
        if len(texts) == 0:
            return pa.array([], pa.bool_())
        level = levels[0].as_py()  # the rule's literal: one level for the whole column
        if isinstance(texts, pa.ChunkedArray):
            texts = texts.combine_chunks()
        encoded = pc.dictionary_encode(texts)
        answers = []
        for text in encoded.dictionary.to_pylist():
            if (text, level) not in verdicts:
                verdicts[(text, level)] = nominal.is_personal_data(text, level, allowed)
            answers.append(verdicts[(text, level)])
        return pc.fill_null(pc.take(pa.array(answers, pa.bool_()), encoded.indices), False)

    con.create_function(  # type: ignore[call-overload]
        nominal.SQL_FUNCTION,
        screen,
        [duckdb.sqltype("VARCHAR"), duckdb.sqltype("VARCHAR")],
        duckdb.sqltype("BOOLEAN"),
        type="arrow",
        side_effects=False,
    )


def release_personal_data_guard(con: duckdb.DuckDBPyConnection) -> None:
    """Take the screen away before its connection closes: a cursor of a store held open (the service)
    shares its database's functions with the other cursors, and one left behind cannot be made again."""
    with contextlib.suppress(duckdb.Error):
        con.remove_function(nominal.SQL_FUNCTION)


def build_canon(con: duckdb.DuckDBPyConnection, layout: Layout, profile: Profile) -> None:
    """The view `canon` over the table `subset`: `_row`, the source cells, every record field as canonical
    text and whether the row withdraws its case."""
    cols = ",\n".join(f"{canon_expr(f, layout, profile)} AS {f}" for f in FEED_FIELDS)
    cells = "".join(f"c{i}, " for i in range(len(layout.headings)))
    withdrawal = f"{withdrawal_sql(canon_expr('case_action', layout, profile))} AS withdrawal"
    con.execute(f"CREATE OR REPLACE TEMP VIEW canon AS SELECT _row, {cells}{cols}, {withdrawal} FROM subset")


def _error_expr(name: str, ctx: SqlContext, layout: Layout, profile: Profile, member: str | None) -> str:
    rule = rule_of(name)
    whens: list[str] = []
    raw = raw_expr(name, layout, profile)
    quick = field_quick(name, raw, ctx, member)
    added = layout.added.get(name)
    if quick and added:
        quick = f"({quick}) AND NOT {added.unsure}"
    if quick:
        whens.append(f"WHEN {quick} THEN NULL")
    if name not in WITHDRAWAL_FIELDS:
        whens.append("WHEN withdrawal THEN NULL")
    missing_column = absent(name, layout, profile)
    if name in REQUIRED_FIELDS and not missing_column:
        whens.append(f"WHEN {name} IS NULL THEN 'missing-value'")
    whens.append(f"WHEN {name} IS NULL THEN NULL")
    if added:
        whens += [f"WHEN {pred} THEN '{code}'" for code, pred in added.errors]
    whens += [f"WHEN {pred} THEN '{code}'" for code, pred in rule.sql_checks(name, ctx)]
    if name == "reporting_member" and member:
        whens.append(f"WHEN upper({name}) <> {sql_str(member)} THEN 'member-mismatch'")
    return "CASE " + " ".join(whens) + " END"


def build_checked(
    con: duckdb.DuckDBPyConnection, layout: Layout, profile: Profile, today: date, member: str | None = None
) -> None:
    """The view `checked`: per field `e_<field>`, its first error, and per row rule `r<i>`, its error, with
    the source cells and (as `x_<field>`) the canonical text of every field.

    A clean row passes each field's quick check and each row rule's quick check on the cells as sent; only
    the rest take the full checks. Row rules read the typed values of fields that passed their own checks,
    as the Pydantic model does.
    """
    ctx = SqlContext(today)
    cells = "".join(f"c{i}, " for i in range(len(layout.headings)))
    errors = ",\n".join(f"{_error_expr(f, ctx, layout, profile, member)} AS e_{f}" for f in FEED_FIELDS)
    canon = {f: canon_expr(f, layout, profile) for f in FEED_FIELDS}
    typed = {
        f: f"CASE WHEN e_{f} IS NULL THEN {rule_of(f).sql_value(f'({canon[f]})', ctx)} END"
        for f in FEED_FIELDS
    }
    typed |= {f"x_{f}": canon[f] for f in FEED_FIELDS}
    rules = ",\n".join(
        f"CASE WHEN NOT withdrawal AND ({expand(r.sql, typed)}) THEN '{r.code}' END AS r{i}"
        for i, r in enumerate(ROW_RULES)
    )
    added = layout.added
    warnings = "".join(
        f",\n{_warning_expr(f, canon[f], ctx, added.get(f))} AS w_{f}" for f in warning_fields(layout)
    )
    texts = ", ".join(f"{canon[f]} AS x_{f}" for f in FEED_FIELDS)
    con.execute(
        f"""CREATE OR REPLACE TEMP VIEW checked AS
        SELECT *, {case_key_sql(canon)} AS case_key, {canon["case_ref"]} AS canon_case_ref, {texts} FROM (
            SELECT *, {rules}{warnings} FROM (SELECT _row, withdrawal, {cells}{errors} FROM canon))"""
    )


def _warning_expr(name: str, canon: str, ctx: SqlContext, added: FieldChecks | None = None) -> str:
    """The warning of field `name` (a profile power's, then its rule's `sql_warnings`), for a cell that
    passed all its checks."""
    checks = [*(added.warnings if added else []), *rule_of(name).sql_warnings(f"({canon})", ctx)]
    whens = " ".join(f"WHEN {pred} THEN '{code}'" for code, pred in checks)
    return f"CASE WHEN withdrawal OR e_{name} IS NOT NULL OR ({canon}) IS NULL THEN NULL {whens} END"


def warning_fields(layout: Layout) -> list[str]:
    """The fields whose rule (`Rule.sql_warnings`) or a profile power may warn about a cell it accepts."""
    ctx = SqlContext(date.today())
    added = layout.added
    return [f for f in FEED_FIELDS if rule_of(f).sql_warnings(f, ctx) or (f in added and added[f].warnings)]


def error_columns() -> list[str]:
    return [f"e_{f}" for f in FEED_FIELDS] + [f"r{i}" for i in range(len(ROW_RULES))]


def flag_rows(con: duckdb.DuckDBPyConnection, layout: Layout, profile: Profile) -> None:
    """The table `flagged`: the rows of the subset with any cell or row problem."""
    if not subset_size(con):
        # Nothing to check: an empty table of the same shape, without planning the whole check view.
        cols = [
            "_row BIGINT",
            "withdrawal BOOLEAN",
            *(f"c{i} VARCHAR" for i in range(len(layout.headings))),
            *(f"{c} VARCHAR" for c in error_columns()),
            "case_key VARCHAR",
            "canon_case_ref VARCHAR",
            *(f"x_{f} VARCHAR" for f in FEED_FIELDS),
        ]
        con.execute(f"CREATE OR REPLACE TEMP TABLE flagged ({', '.join(cols)})")
        warned = ["_row BIGINT", "canon_case_ref VARCHAR"]
        warned += [f"{c}_{f} VARCHAR" for f in warning_fields(layout) for c in ("w", "v", "s", "a")]
        con.execute(f"CREATE OR REPLACE TEMP TABLE warned ({', '.join(warned)})")
        return
    any_error = " OR ".join(f"{c} IS NOT NULL" for c in error_columns())
    con.execute(f"CREATE OR REPLACE TEMP TABLE flagged AS SELECT * FROM checked WHERE {any_error}")
    _warned_rows(con, layout)


def _warned_rows(con: duckdb.DuckDBPyConnection, layout: Layout) -> None:
    """The table `warned`: per row of the subset with a warning, and per field that may warn, the warning
    (`w_`), the cell as sent (`v_`), the value stored (`s_`) and, for a converted quantity, the exact
    conversion (`a_`). Such a row is accepted all the same."""
    ctx = SqlContext(date.today())
    fields = warning_fields(layout)
    added = layout.added
    cols = "".join(
        f", w_{f}, {layout.shown(f)} AS v_{f}, CAST({rule_of(f).sql_value(f'x_{f}', ctx)} AS VARCHAR) AS s_{f}"
        f", {added[f].named if f in added else 'NULL::VARCHAR'} AS a_{f}"
        for f in fields
    )
    any_warning = " OR ".join(f"w_{f} IS NOT NULL" for f in fields) or "false"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE warned AS SELECT _row, canon_case_ref{cols} FROM checked
            WHERE {any_warning}"""
    )


def warning_problems(
    con: duckdb.DuckDBPyConnection, layout: Layout, limit: int | None = None, decimal_mark: str = "."
) -> list[Problem]:
    """The warnings of the rows in `warned`, in row order (the first `limit` rows), each with the value
    stored in its parameters, written with the file's decimal mark."""
    fields = _warned_fields(con)
    sql = "SELECT * FROM warned ORDER BY _row" + (f" LIMIT {int(limit)}" if limit is not None else "")
    problems: list[Problem] = []
    for row, case_ref, *cells in con.execute(sql).fetchall():
        for i, name in enumerate(fields):
            code, sent, stored, exact = cells[4 * i : 4 * i + 4]
            if code is not None:
                number = isinstance(rule_of(name), Number)
                params = {
                    "stored": _plain_number(stored).replace(".", decimal_mark) if number else stored or ""
                }
                if exact is not None:
                    params["exact"] = _plain_number(exact).replace(".", decimal_mark)
                problems.append(
                    Problem(code, row, name, layout.field_columns.get(name), case_ref, sent, params)
                )
    return problems


def warning_counts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    """Warnings by code over the whole file."""
    cols = ", ".join(f"w_{f}" for f in _warned_fields(con))
    if not cols:
        return []
    sql = f"SELECT code, count(*) FROM (SELECT unnest([{cols}]) AS code FROM warned) WHERE code IS NOT NULL GROUP BY code"
    return [(str(code), int(n)) for code, n in con.execute(sql).fetchall()]


def _warned_fields(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The fields that may warn, as the table `warned` holds them (in its column order)."""
    names = [str(r[0]) for r in con.execute("DESCRIBE warned").fetchall()]
    return [n[2:] for n in names if n.startswith("w_")]


def _plain_number(text: str | None) -> str:
    """A stored decimal as a Member writes it: 0.1170 -> 0.117, 12.0000 -> 12."""
    if text is None or "." not in text:
        return text or ""
    return text.rstrip("0").rstrip(".")


def row_problems(con: duckdb.DuckDBPyConnection, layout: Layout, limit: int | None = None) -> list[Problem]:
    """The cell and row problems of the flagged rows, in row order (the first `limit` rows)."""
    names = error_columns()
    shown = ", ".join(layout.shown(f) for f in FEED_FIELDS)
    sql = f"SELECT _row, canon_case_ref, {', '.join(names)}, {shown} FROM flagged ORDER BY _row"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    problems: list[Problem] = []
    for record in con.execute(sql).fetchall():
        row, case_ref = record[0], record[1]
        values = dict(zip(FEED_FIELDS, record[2 + len(names) :], strict=True))
        for name, code in zip(names, record[2 : 2 + len(names)], strict=True):
            if code is None:
                continue
            fld = name[2:] if name.startswith("e_") else ROW_RULES[int(name[1:])].field
            problems.append(Problem(code, row, fld, layout.field_columns.get(fld), case_ref, values[fld]))
    return problems


def _exact_case_rows(con: duckdb.DuckDBPyConnection) -> None:
    """The table `subset_cases`: over the full-check subset, the cases whose lines differ in their case
    fields (by text) or repeat a line number."""
    fields_hash = "hash(" + ", ".join(f"lower(coalesce({f}, ''))" for f in SHARED_CASE_FIELDS) + ")"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE subset_cases AS
            SELECT {case_key_sql()} AS case_key, min({fields_hash}) <> max({fields_hash}) OR count(line_no) <> count(DISTINCT line_no) AS suspect
            FROM canon WHERE NOT withdrawal AND case_ref IS NOT NULL AND reporting_member IS NOT NULL GROUP BY ALL"""
    )


def case_problems(con: duckdb.DuckDBPyConnection, layout: Layout, today: date) -> list[Problem]:
    """Lines of one case that disagree on the case fields, line numbers used twice in a case, and lines that
    repeat an earlier one cell for cell (see `repeats.py`).

    A cheap pass over the text finds the cases whose lines differ at all; only those are compared field by
    field in Python, by parsed value, so "FR" and "France" on two lines of a case are not a conflict.
    """
    _exact_case_rows(con)
    flagged_cases = con.execute("SELECT count(*) FROM subset_cases WHERE suspect").fetchone()
    if not flagged_cases or not flagged_cases[0]:
        return []
    columns = list(range(len(layout.headings)))  # every cell: a line repeated whole is a copy, not a fault
    cells = "".join(f", c{i}" for i in columns)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE suspect_rows AS
            WITH keyed AS (SELECT *, {case_key_sql()} AS case_key FROM canon WHERE NOT withdrawal)
            SELECT case_key, _row, line_no, {", ".join(SHARED_CASE_FIELDS)}{cells} FROM keyed
            WHERE case_key IN (SELECT case_key FROM subset_cases WHERE suspect)"""
    )
    suspects = con.execute("SELECT * FROM suspect_rows ORDER BY case_key, _row").fetchall()
    problems: list[Problem] = []
    first: dict[str, tuple[int, list[object]]] = {}
    lines: dict[tuple[str, object], tuple[int, dict[int, object]]] = {}
    for key, row, line_no, *rest in suspects:
        values = [_parsed(f, v, today) for f, v in zip(SHARED_CASE_FIELDS, rest, strict=False)]
        sent = dict(zip(columns, rest[len(SHARED_CASE_FIELDS) :], strict=True))
        case_ref = key.split(chr(31), 1)[1]
        if key not in first:
            first[key] = (row, values)
        else:
            first_row, first_values = first[key]
            for name, mine, theirs, text_value in zip(
                SHARED_CASE_FIELDS, values, first_values, rest, strict=False
            ):
                if mine != theirs:
                    column = layout.field_columns.get(name)
                    shown = sent.get(column) if column in sent else _text(text_value)
                    problems.append(
                        Problem(
                            "inconsistent-case",
                            row,
                            name,
                            column,
                            case_ref,
                            shown,
                            {"first_row": str(first_row), "case_key": key},
                        )
                    )
        if line_no is None:
            continue
        if (key, line_no) not in lines:
            lines[(key, line_no)] = (row, sent)
            continue
        first_row, first_sent = lines[(key, line_no)]
        if sent == first_sent:
            problems.append(repeated_row(row, first_row, key, case_ref))
        else:
            problems.append(
                Problem(
                    "duplicate-line",
                    row,
                    "line_no",
                    layout.field_columns.get("line_no"),
                    case_ref,
                    str(line_no),
                    {"first_row": str(first_row), "case_key": key},
                )
            )
    return problems


def _parsed(name: str, text: object, today: date) -> object:
    """The value a case field's text parses to, or the text itself when it does not parse."""
    if text is None:
        return None
    try:
        return rule_of(name).parse(str(text), today)
    except RuleError:
        return str(text)


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def withdrawals_sql() -> str:
    """The withdrawal rows of the subset that passed their checks."""
    clean = " AND ".join(f"{c} IS NULL" for c in error_columns())
    return f"SELECT _row, upper(x_reporting_member) AS reporting_member, x_case_ref AS case_ref FROM checked WHERE withdrawal AND {clean}"
