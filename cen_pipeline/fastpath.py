"""The vectorised validator: the record's rules compiled to SQL and run by DuckDB over a whole file.

From the source view `src` (see readers.py) it builds `canon` (the cells mapped onto the record's fields by
the feed profile) and `checked` (each field's typed value and its first error code), then collects the
problems. The rules come from the Pydantic models through `rules.py`; a property test holds both in step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date

import duckdb

from cen_pipeline.codelists import LIST_SEPARATOR, codelist, resolve_country
from cen_pipeline.contract import CASE_FIELDS, FEED_FIELDS, REQUIRED_FIELDS, WITHDRAWAL_FIELDS, rule_of
from cen_pipeline.nominal import is_nominal_heading
from cen_pipeline.profiles import Profile
from cen_pipeline.rules import (
    ROW_RULES,
    WHITESPACE,
    CodeSet,
    Country,
    CountryList,
    IsoDate,
    Number,
    RuleError,
    SqlContext,
    sql_in_list,
    sql_str,
)


@dataclass(frozen=True)
class Problem:
    """One problem found: where (row, field or source column) and what (catalogue code)."""

    code: str
    row: int | None = None  # spreadsheet row (header = 1); None for file-level problems
    field: str | None = None  # record field
    column: int | None = None  # 0-based index of the source column
    case_ref: str | None = None
    value: str | None = None  # the cell as sent (masked later where nominal)
    params: dict[str, str] = dataclass_field(default_factory=dict, compare=False, hash=False)


@dataclass
class Layout:
    """How the file's columns map onto the record."""

    field_columns: dict[str, int]  # record field -> source column index
    problems: list[Problem]
    refused: bool  # a personal-data column refuses the whole file


def plan_layout(headings: list[str], profile: Profile) -> Layout:
    field_columns: dict[str, int] = {}
    problems: list[Problem] = []
    for i, heading in enumerate(headings):
        if is_nominal_heading(heading):
            problems.append(Problem("nominal-column", column=i, params={"column": heading}))
            continue
        target = profile.field_for(heading)
        if target is None:
            if heading.strip():
                problems.append(Problem("unknown-column", column=i, params={"column": heading}))
        elif target in field_columns or target in profile.constants:
            problems.append(Problem("duplicate-column", column=i, field=target, params={"column": heading}))
        else:
            field_columns[target] = i
    for name in REQUIRED_FIELDS:
        if name not in field_columns and name not in profile.constants:
            problems.append(Problem("missing-column", field=name, params={"column": name}))
    refused = any(p.code == "nominal-column" for p in problems)
    return Layout(field_columns, problems, refused)


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
    codes = sql_in_list(codelist("country").codes)
    found = con.execute(
        f"""SELECT DISTINCT trim(v, {sql_str(WHITESPACE)}) FROM (SELECT unnest(list_concat({parts})) AS v FROM canon)
            WHERE v IS NOT NULL AND trim(v, {sql_str(WHITESPACE)}) NOT IN {codes}"""
    ).fetchall()
    resolved = {str(v): resolve_country(str(v)) for (v,) in found}
    entries = ", ".join(f"{sql_str(k)}: {sql_str(v)}" for k, v in resolved.items() if v)
    lookup = f"MAP {{{entries}}}[x]" if entries else "NULL::VARCHAR"
    con.execute(
        f"CREATE OR REPLACE TEMP MACRO cen_country(x) AS CASE WHEN x IN {codes} THEN x ELSE {lookup} END"
    )


def _value_map(expr: str, mapping: dict[str, str]) -> str:
    cases = " ".join(f"WHEN {sql_str(k.upper())} THEN {sql_str(v)}" for k, v in mapping.items())
    return f"CASE upper({expr}) {cases} ELSE {expr} END"


def _canon_expr(name: str, layout: Layout, profile: Profile) -> str:
    """The canonical text of field `name`: the source cell (or constant) after the profile's mappings."""
    if name in profile.constants:
        return sql_str(profile.constants[name])
    if name not in layout.field_columns:
        return "NULL::VARCHAR"
    expr = f"NULLIF(trim(c{layout.field_columns[name]}, {sql_str(WHITESPACE)}), '')"
    rule = rule_of(name)
    mapping = profile.values.get(name)
    if mapping:
        if isinstance(rule, CodeSet):
            parts = f"list_transform(string_split({expr}, '{LIST_SEPARATOR}'), lambda x: {_value_map('trim(x)', mapping)})"
            expr = f"array_to_string({parts}, '{LIST_SEPARATOR}')"
        else:
            expr = _value_map(expr, mapping)
    if isinstance(rule, Number):
        if profile.thousands_separator:
            expr = f"replace({expr}, {sql_str(profile.thousands_separator)}, '')"
        if profile.decimal_mark == ",":
            expr = f"replace({expr}, ',', '.')"
    if isinstance(rule, IsoDate) and profile.date_format != "%Y-%m-%d":
        expr = _reformat_date(expr, profile)
    return expr


def _reformat_date(expr: str, profile: Profile) -> str:
    pattern = profile.date_regex()
    # Positions of the y, m, d groups in the pattern, since RE2 extraction here is by group number.
    order = sorted(("y", "m", "d"), key=lambda g: pattern.index(f"(?P<{g}>"))
    plain = pattern.replace("?P<y>", "").replace("?P<m>", "").replace("?P<d>", "")
    group = {g: order.index(g) + 1 for g in order}
    part = {g: f"regexp_extract({expr}, {sql_str(plain)}, {group[g]})" for g in group}
    iso = f"{part['y']} || '-' || lpad({part['m']}, 2, '0') || '-' || lpad({part['d']}, 2, '0')"
    # A cell not in the profile's format is kept recognisably invalid rather than guessed.
    return f"CASE WHEN regexp_full_match({expr}, {sql_str(plain)}) THEN {iso} ELSE '?' || {expr} END"


def build_canon(con: duckdb.DuckDBPyConnection, layout: Layout, profile: Profile) -> None:
    """The view `canon`: `_row` and every record field as canonical text."""
    cols = ",\n".join(f"{_canon_expr(f, layout, profile)} AS {f}" for f in FEED_FIELDS)
    raw = "".join(f"c{i}, " for i in sorted(set(layout.field_columns.values())))
    con.execute(f"CREATE OR REPLACE TEMP VIEW canon AS SELECT _row, {raw}{cols} FROM src")


def _error_expr(name: str, ctx: SqlContext, layout: Layout, profile: Profile, member: str | None) -> str:
    rule = rule_of(name)
    whens: list[str] = []
    if name not in WITHDRAWAL_FIELDS:
        whens.append("WHEN lower(case_action) = 'withdraw' THEN NULL")
    missing_column = name not in layout.field_columns and name not in profile.constants
    if name in REQUIRED_FIELDS and not missing_column:
        whens.append(f"WHEN {name} IS NULL THEN 'missing-value'")
    whens.append(f"WHEN {name} IS NULL THEN NULL")
    whens += [f"WHEN {pred} THEN '{code}'" for code, pred in rule.sql_checks(name, ctx)]
    if name == "reporting_member" and member:
        whens.append(f"WHEN upper({name}) <> {sql_str(member)} THEN 'member-mismatch'")
    return "CASE " + " ".join(whens) + " END"


def _rule_fields(sql: str) -> list[str]:
    return [f for f in FEED_FIELDS if re.search(rf"\b{f}\b", sql)]


def build_checked(
    con: duckdb.DuckDBPyConnection, layout: Layout, profile: Profile, today: date, member: str | None = None
) -> None:
    """The view `checked`: per field `e_<field>`, its first error, and per row rule `r<i>`, its error.

    Row rules read the typed values of fields that passed their own checks, as the Pydantic model does.
    """
    ctx = SqlContext(today)
    raw = "".join(f"c{i}, " for i in sorted(set(layout.field_columns.values())))
    errors = ",\n".join(f"{_error_expr(f, ctx, layout, profile, member)} AS e_{f}" for f in FEED_FIELDS)
    needed = sorted({f for r in ROW_RULES for f in _rule_fields(r.sql)}, key=FEED_FIELDS.index)
    typed = ",\n".join(
        f"CASE WHEN e_{f} IS NULL THEN {rule_of(f).sql_value(f, ctx)} END AS {f}" for f in needed
    )
    rules = ",\n".join(
        f"CASE WHEN NOT withdrawal AND ({r.sql}) THEN '{r.code}' END AS r{i}" for i, r in enumerate(ROW_RULES)
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP VIEW checked AS
        WITH e AS (SELECT canon.*, {errors},
                   coalesce(lower(case_action) = 'withdraw', false) AS withdrawal FROM canon),
             t AS (SELECT _row, withdrawal, {raw}{", ".join(f"e_{f}" for f in FEED_FIELDS)},
                   case_ref AS canon_case_ref, {case_key_sql()} AS case_key, {typed} FROM e)
        SELECT * EXCLUDE ({", ".join(needed)}), {rules} FROM t"""
    )


def error_columns() -> list[str]:
    return [f"e_{f}" for f in FEED_FIELDS] + [f"r{i}" for i in range(len(ROW_RULES))]


def flag_rows(con: duckdb.DuckDBPyConnection) -> None:
    """The table `flagged`: the rows with any cell or row problem, from one pass of all the checks."""
    any_error = " OR ".join(f"{c} IS NOT NULL" for c in error_columns())
    con.execute(f"CREATE OR REPLACE TEMP TABLE flagged AS SELECT * FROM checked WHERE {any_error}")


def row_problems(con: duckdb.DuckDBPyConnection, layout: Layout, limit: int | None = None) -> list[Problem]:
    """The cell and row problems of the flagged rows, in row order (the first `limit` rows)."""
    cols = ", ".join(error_columns())
    source_cols = sorted(set(layout.field_columns.values()))
    raw = ", ".join(f"c{i}" for i in source_cols) or "NULL"
    sql = f"SELECT _row, canon_case_ref, {cols}, {raw} FROM flagged ORDER BY _row"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    problems: list[Problem] = []
    names = error_columns()
    for record in con.execute(sql).fetchall():
        row, case_ref = record[0], record[1]
        cells = dict(zip(source_cols, record[2 + len(names) :], strict=True))
        for name, code in zip(names, record[2 : 2 + len(names)], strict=True):
            if code is None:
                continue
            fld = name[2:] if name.startswith("e_") else ROW_RULES[int(name[1:])].field
            column = layout.field_columns.get(fld)
            value = cells.get(column) if column is not None else None
            problems.append(Problem(code, row, fld, column, case_ref, value))
    return problems


def case_key_sql() -> str:
    return "upper(reporting_member) || chr(31) || case_ref"


SHARED_CASE_FIELDS = tuple(f for f in CASE_FIELDS if f != "case_action")


def case_problems(con: duckdb.DuckDBPyConnection, layout: Layout, today: date) -> list[Problem]:
    """Lines of one case that disagree on the case fields, and line numbers used twice in a case.

    A cheap pass over the text finds the cases whose lines differ at all; only those are compared field by
    field in Python, by parsed value, so "FR" and "France" on two lines of a case are not a conflict.
    """
    text = "hash(" + ", ".join(f"lower(coalesce({f}, ''))" for f in SHARED_CASE_FIELDS) + ")"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE case_rows AS
            SELECT {case_key_sql()} AS case_key, count(*) AS n_rows,
                   min({text}) <> max({text}) AS suspect
            FROM canon WHERE coalesce(lower(case_action), '') <> 'withdraw' AND case_ref IS NOT NULL
              AND reporting_member IS NOT NULL
            GROUP BY ALL"""
    )
    con.execute(
        f"""INSERT INTO case_rows SELECT DISTINCT case_key, 0, true FROM (
                SELECT {case_key_sql()} AS case_key, line_no FROM canon
                WHERE coalesce(lower(case_action), '') <> 'withdraw' AND line_no IS NOT NULL
                GROUP BY ALL HAVING count(*) > 1)"""
    )
    cells = sorted(set(layout.field_columns.values()))
    raw = "".join(f", c{i}" for i in cells)
    suspects = con.execute(
        f"""WITH keyed AS (SELECT *, {case_key_sql()} AS case_key FROM canon
                           WHERE coalesce(lower(case_action), '') <> 'withdraw')
            SELECT case_key, _row, line_no, {", ".join(SHARED_CASE_FIELDS)}{raw} FROM keyed
            WHERE case_key IN (SELECT case_key FROM case_rows WHERE suspect) ORDER BY case_key, _row"""
    ).fetchall()
    problems: list[Problem] = []
    first: dict[str, tuple[int, list[object]]] = {}
    lines: dict[tuple[str, object], int] = {}
    for key, row, line_no, *rest in suspects:
        values = [_parsed(f, v, today) for f, v in zip(SHARED_CASE_FIELDS, rest, strict=False)]
        source = dict(zip(cells, rest[len(SHARED_CASE_FIELDS) :], strict=True))
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
                    shown = source.get(column) if column is not None else _text(text_value)
                    problems.append(
                        Problem(
                            "inconsistent-case",
                            row,
                            name,
                            column,
                            case_ref,
                            shown,
                            {"first_row": str(first_row)},
                        )
                    )
        if line_no is not None:
            if (key, line_no) in lines:
                problems.append(
                    Problem(
                        "duplicate-line",
                        row,
                        "line_no",
                        layout.field_columns.get("line_no"),
                        case_ref,
                        str(line_no),
                        {"first_row": str(lines[(key, line_no)])},
                    )
                )
            else:
                lines[(key, line_no)] = row
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
