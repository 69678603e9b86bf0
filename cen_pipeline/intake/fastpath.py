"""The vectorised validator: the record's rules compiled to SQL and run by DuckDB over a whole file.

From the source relation `src_raw` (see readers.py) it builds `canon` (the cells mapped onto the record's fields by
the feed profile) and `checked` (each field's typed value and its first error code), then collects the
problems. The rules come from the Pydantic models through `rules.py`; a property test holds both in step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date

import duckdb

from cen_pipeline.contract.codelists import LIST_SEPARATOR, codelist, resolve_country
from cen_pipeline.contract.models import (
    CASE_FIELDS,
    FEED_FIELDS,
    REQUIRED_FIELDS,
    WITHDRAWAL_FIELDS,
    health_safety_categories,
    rule_of,
)
from cen_pipeline.contract.nominal import is_nominal_heading
from cen_pipeline.contract.rules import (
    ROW_RULES,
    CodeSet,
    Country,
    CountryList,
    Integer,
    IsoDate,
    Number,
    RuleError,
    SqlContext,
    sql_in_list,
    sql_one_of,
    sql_str,
)
from cen_pipeline.core.duck import unordered
from cen_pipeline.intake.profiles import Profile
from cen_pipeline.intake.readers import Source


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
    headings: list[str] = dataclass_field(default_factory=list)

    @property
    def blocking(self) -> bool:
        """A file-level error (missing, repeated or personal-data column): no row of the file is accepted."""
        return any(p.code in ("missing-column", "duplicate-column", "nominal-column") for p in self.problems)

    def shown(self, name: str) -> str:
        """The column of `checked` that holds field `name` as the Member sent it."""
        column = self.field_columns.get(name)
        return f"c{column}" if column is not None else f"x_{name}"


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
    return Layout(field_columns, problems, refused, list(headings))


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


def _value_map(expr: str, mapping: dict[str, str]) -> str:
    cases = " ".join(f"WHEN {sql_str(k.upper())} THEN {sql_str(v)}" for k, v in mapping.items())
    return f"CASE upper({expr}) {cases} ELSE {expr} END"


def _canon_expr(name: str, layout: Layout, profile: Profile) -> str:
    """The canonical text of field `name`: the source cell (or constant) after the profile's mappings."""
    if name in profile.constants:
        return sql_str(profile.constants[name])
    if name not in layout.field_columns:
        return "NULL::VARCHAR"
    expr = f"NULLIF(trim(c{layout.field_columns[name]}), '')"
    rule = rule_of(name)
    mapping = profile.values.get(name)
    if mapping:
        if isinstance(rule, CodeSet):
            parts = f"list_transform(string_split({expr}, '{LIST_SEPARATOR}'), lambda x: {_value_map('trim(x)', mapping)})"
            expr = f"array_to_string({parts}, '{LIST_SEPARATOR}')"
        else:
            expr = _value_map(expr, mapping)
    if isinstance(rule, Number | Integer):
        if profile.thousands_separator:
            expr = f"replace({expr}, {sql_str(profile.thousands_separator)}, '')"
        if profile.decimal_mark == "," and isinstance(rule, Number):
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


def _raw_expr(name: str, layout: Layout, profile: Profile) -> str:
    """The cell a field's quick check reads: the source cell when the profile maps nothing for the field,
    else its canonical text (a constant, or NULL for an absent column)."""
    column = layout.field_columns.get(name)
    canon = _canon_expr(name, layout, profile)
    return f"c{column}" if column is not None and canon == _trimmed(column) else canon


def _trimmed(column: int) -> str:
    return f"NULLIF(trim(c{column}), '')"


def numbered_source(source: Source) -> str:
    """`src_raw` with `_row`: spreadsheets carry it; for CSV a window numbers the records in file order
    (DuckDB keeps insertion order through its parallel scan); `Source.renumber` corrects for rejected rows."""
    if source.numbered:
        return "src_raw"
    return "(SELECT (row_number() OVER () + 1)::BIGINT AS _row, * FROM src_raw)"


def _key_exprs(layout: Layout, profile: Profile) -> dict[str, str]:
    return {f: _canon_expr(f, layout, profile) for f in ("reporting_member", "case_ref", "case_action")}


def _withdrawal_sql(action: str) -> str:
    return f"coalesce(lower({action}) = 'withdraw', false)"


def sieve(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    layout: Layout,
    profile: Profile,
    today: date,
    member: str | None,
    keep_lines: bool = False,
) -> int:
    """One pass over the whole file: the table `case_rows` (rows per case, and whether any row of the case
    failed a quick check, or its lines differ in their case fields or may repeat a line number), then the table
    `subset` holding every row of those cases, the only rows the full checks read. Gives the rows parsed.

    A quick check passes only cells that are certainly valid; the rest are decided by the full checks, so
    a clean file costs one cheap pass and a faulty one a second pass for its faulty cases.

    With `keep_lines` (the ingest), the pass also keeps every row typed the cheap way in the table `sieved`,
    so the ingest need not read a clean file a second time (see `keep_accepted_rows`).
    """
    ctx = SqlContext(today)
    quick = " AND ".join(f"({q})" for q in _quick_checks(layout, profile, ctx, member))
    keys = _key_exprs(layout, profile)
    # The cells as sent: lines that differ only in spelling ("FR", "fr ") make a suspect, decided exactly later.
    shared = "hash(" + ", ".join(_raw_sent(f, layout) for f in SHARED_CASE_FIELDS) + ")"
    cells = ", ".join(f"c{i}" for i in range(len(layout.headings)))
    line_no = _canon_expr("line_no", layout, profile)
    typed = f", {_typed_fields(layout, profile, today, clean=True, stored=True)}" if keep_lines else ""
    per_row = f"""SELECT {case_key_sql(keys)} AS case_key, {_withdrawal_sql(keys["case_action"])} AS withdrawal,
                      coalesce({quick}, false) AS quick, {shared} AS shared, {line_no} AS line_text{typed}
               FROM (SELECT {cells} FROM src_raw)"""
    if keep_lines:
        # In file order, DuckDB would hold back the rows of one thread for the other's: more than twice as
        # slow, and spilled. Nothing reads these rows by their order (`_row` numbers them where it counts).
        with unordered(con):
            con.execute(f"CREATE OR REPLACE TEMP TABLE sieved AS {per_row}")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE case_rows AS
            SELECT case_key, withdrawal, count(*) AS n_rows, count(*) FILTER (WHERE NOT quick) AS n_odd,
                   min(shared) <> max(shared) AS suspect, {_maybe_repeated("line_text")} AS repeated_line,
                   count(line_text) AS numbered
            FROM {"sieved" if keep_lines else f"({per_row})"}
            GROUP BY ALL"""
    )
    counted = con.execute(
        f"SELECT coalesce(sum(n_rows), 0), count(*) FILTER (WHERE {_ODD_CASE}) FROM case_rows"
    ).fetchone()
    rows, odd_cases = (int(counted[0]), int(counted[1])) if counted else (0, 0)
    if odd_cases:
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE subset AS SELECT _row, {cells} FROM {numbered_source(source)}
                WHERE coalesce({case_key_sql(keys)}, '') || chr(30) || {_withdrawal_sql(keys["case_action"])}::VARCHAR IN (
                    SELECT coalesce(case_key, '') || chr(30) || withdrawal::VARCHAR FROM case_rows
                    WHERE {_ODD_CASE})"""
        )
        source.renumber(con, "subset")
    else:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE subset AS SELECT NULL::BIGINT AS _row, {cells} FROM src_raw LIMIT 0"
        )
        source.renumber(con, None)
    return rows


# The rows of a case (its withdrawals apart) that the full checks read: `case_rows` says why.
_ODD_CASE = "n_odd > 0 OR suspect OR repeated_line"


def _maybe_repeated(line_no: str) -> str:
    """Whether a case may use a line number twice: false only when its numbers are certainly distinct.

    Each number sets one bit of a 64-bit word (its value modulo 64); as many bits set as numbers means no two
    are equal. Cheaper than counting distinct numbers; a case of more than 64 lines, or with a number that
    is not one, takes the exact check."""
    bit = f"1::UBIGINT << ((TRY_CAST({line_no} AS BIGINT) % 64 + 64) % 64)::INTEGER"  # negative ones too
    return f"coalesce(bit_count(bit_or({bit})) <> count({line_no}), true)"


def _quick_checks(layout: Layout, profile: Profile, ctx: SqlContext, member: str | None) -> list[str]:
    """Per field and per row rule, a predicate TRUE only when the row is certainly valid there."""
    out = []
    for name in FEED_FIELDS:
        raw = _raw_expr(name, layout, profile)
        rule = rule_of(name)
        quick = (
            f"{raw} = {sql_str(member)}"
            if name == "reporting_member" and member
            else rule.sql_quick(raw, ctx)
        )
        if name not in layout.field_columns and name not in profile.constants:
            quick = "false" if name in REQUIRED_FIELDS else f"{raw} IS NULL"
        elif quick is None:
            quick = f"{raw} IS NULL" if name not in REQUIRED_FIELDS else "false"
        elif name not in REQUIRED_FIELDS:
            quick = f"{raw} IS NULL OR ({quick})"
        out.append(quick)
    raws = {f: _raw_expr(f, layout, profile) for f in FEED_FIELDS}
    raws |= {f"x_{f}": _canon_expr(f, layout, profile) for f in FEED_FIELDS}
    out += [_expand(r.quick, raws) for r in ROW_RULES]
    # A withdrawal takes the full checks: it is rare, and other rules apply to it.
    out.append(f"NOT {_withdrawal_sql(_canon_expr('case_action', layout, profile))}")
    return out


def build_canon(con: duckdb.DuckDBPyConnection, layout: Layout, profile: Profile) -> None:
    """The view `canon` over the table `subset`: `_row`, the source cells, every record field as canonical
    text and whether the row withdraws its case."""
    cols = ",\n".join(f"{_canon_expr(f, layout, profile)} AS {f}" for f in FEED_FIELDS)
    cells = "".join(f"c{i}, " for i in range(len(layout.headings)))
    withdrawal = f"{_withdrawal_sql(_canon_expr('case_action', layout, profile))} AS withdrawal"
    con.execute(f"CREATE OR REPLACE TEMP VIEW canon AS SELECT _row, {cells}{cols}, {withdrawal} FROM subset")


def _error_expr(name: str, ctx: SqlContext, layout: Layout, profile: Profile, member: str | None) -> str:
    rule = rule_of(name)
    whens: list[str] = []
    raw = _raw_expr(name, layout, profile)
    quick = (
        f"{raw} = {sql_str(member)}" if name == "reporting_member" and member else rule.sql_quick(raw, ctx)
    )
    if quick:
        whens.append(f"WHEN {quick} THEN NULL")
    if name not in WITHDRAWAL_FIELDS:
        whens.append("WHEN withdrawal THEN NULL")
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


def _expand(sql: str, exprs: dict[str, str]) -> str:
    """`sql` with each field name replaced by an expression for it."""
    return re.sub(r"\b(x_)?(" + "|".join(FEED_FIELDS) + r")\b", lambda m: f"({exprs[m.group(0)]})", sql)


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
    canon = {f: _canon_expr(f, layout, profile) for f in FEED_FIELDS}
    typed = {
        f: f"CASE WHEN e_{f} IS NULL THEN {rule_of(f).sql_value(f'({canon[f]})', ctx)} END"
        for f in FEED_FIELDS
    }
    typed |= {f"x_{f}": canon[f] for f in FEED_FIELDS}
    rules = ",\n".join(
        f"CASE WHEN NOT withdrawal AND ({_expand(r.sql, typed)}) THEN '{r.code}' END AS r{i}"
        for i, r in enumerate(ROW_RULES)
    )
    texts = ", ".join(f"{canon[f]} AS x_{f}" for f in FEED_FIELDS)
    con.execute(
        f"""CREATE OR REPLACE TEMP VIEW checked AS
        SELECT *, {case_key_sql(canon)} AS case_key, {canon["case_ref"]} AS canon_case_ref, {texts} FROM (
            SELECT *, {rules} FROM (SELECT _row, withdrawal, {cells}{errors} FROM canon))"""
    )


def error_columns() -> list[str]:
    return [f"e_{f}" for f in FEED_FIELDS] + [f"r{i}" for i in range(len(ROW_RULES))]


def subset_size(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT count(*) FROM subset").fetchone()
    return int(row[0]) if row else 0


def flag_rows(con: duckdb.DuckDBPyConnection, layout: Layout) -> None:
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
        return
    any_error = " OR ".join(f"{c} IS NOT NULL" for c in error_columns())
    con.execute(f"CREATE OR REPLACE TEMP TABLE flagged AS SELECT * FROM checked WHERE {any_error}")


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


def case_key_sql(exprs: dict[str, str] | None = None) -> str:
    member, ref = (
        (exprs["reporting_member"], exprs["case_ref"]) if exprs else ("reporting_member", "case_ref")
    )
    return f"upper({member}) || chr(31) || {ref}"


SHARED_CASE_FIELDS = tuple(f for f in CASE_FIELDS if f != "case_action")


def _raw_sent(name: str, layout: Layout) -> str:
    column = layout.field_columns.get(name)
    return f"c{column}" if column is not None else "NULL"


def _exact_case_rows(con: duckdb.DuckDBPyConnection) -> None:
    """The table `subset_cases`: over the full-check subset, the cases whose lines differ in their case
    fields (by text) or repeat a line number."""
    text = "hash(" + ", ".join(f"lower(coalesce({f}, ''))" for f in SHARED_CASE_FIELDS) + ")"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE subset_cases AS
            SELECT {case_key_sql()} AS case_key, min({text}) <> max({text}) OR count(line_no) <> count(DISTINCT line_no) AS suspect
            FROM canon WHERE NOT withdrawal AND case_ref IS NOT NULL AND reporting_member IS NOT NULL GROUP BY ALL"""
    )


def case_problems(con: duckdb.DuckDBPyConnection, layout: Layout, today: date) -> list[Problem]:
    """Lines of one case that disagree on the case fields, and line numbers used twice in a case.

    A cheap pass over the text finds the cases whose lines differ at all; only those are compared field by
    field in Python, by parsed value, so "FR" and "France" on two lines of a case are not a conflict.
    """
    _exact_case_rows(con)
    flagged_cases = con.execute("SELECT count(*) FROM subset_cases WHERE suspect").fetchone()
    if not flagged_cases or not flagged_cases[0]:
        return []
    cells = "".join(f", c{i}" for i in layout.field_columns.values())
    columns = list(layout.field_columns.values())
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE suspect_rows AS
            WITH keyed AS (SELECT *, {case_key_sql()} AS case_key FROM canon WHERE NOT withdrawal)
            SELECT case_key, _row, line_no, {", ".join(SHARED_CASE_FIELDS)}{cells} FROM keyed
            WHERE case_key IN (SELECT case_key FROM subset_cases WHERE suspect)"""
    )
    suspects = con.execute("SELECT * FROM suspect_rows ORDER BY case_key, _row").fetchall()
    problems: list[Problem] = []
    first: dict[str, tuple[int, list[object]]] = {}
    lines: dict[tuple[str, object], int] = {}
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
                        {"first_row": str(lines[(key, line_no)]), "case_key": key},
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


def accepted_rows_sql(
    layout: Layout,
    profile: Profile,
    today: date,
    source: Source | None = None,
    clean: bool = False,
    stored: bool = False,
) -> str:
    """A SELECT of every accepted row of the file (no problem in its case, not a withdrawal), typed, with
    `_row` when `source` is given. It streams the file again rather than keeping it, so memory stays flat.

    `clean` says that every row of the file passed its quick checks: each cell is then in normal form
    already, and typed the cheap way. `stored`: with the defaults the store fills in."""
    relation, row = (numbered_source(source), "_row, ") if source else ("src_raw", "")
    return _accepted_sql(relation, row, layout, profile, today, clean, stored)


def _accepted_sql(
    relation: str, row: str, layout: Layout, profile: Profile, today: date, clean: bool, stored: bool
) -> str:
    canon = {f: _canon_expr(f, layout, profile) for f in FEED_FIELDS}
    key = case_key_sql(canon)
    return f"""SELECT {row}{key} AS case_key, {_typed_fields(layout, profile, today, clean, stored)}
               FROM {relation}
               WHERE NOT {_withdrawal_sql(canon["case_action"])}
                 AND {key} NOT IN (SELECT case_key FROM bad_cases)"""


def keep_accepted_rows(con: duckdb.DuckDBPyConnection, layout: Layout, profile: Profile, today: date) -> None:
    """Leave in the table `sieved` (`sieve(keep_lines=True)`) the accepted rows, typed as stored: the rows of
    the cases that passed their quick checks as kept; those of the other cases typed again from the subset,
    which holds them all. A clean file thus needs no second reading."""
    odd = f"SELECT case_key FROM case_rows WHERE NOT withdrawal AND ({_ODD_CASE})"
    dropped = f"""withdrawal OR case_key IS NULL OR case_key IN (SELECT case_key FROM bad_cases)
                  OR case_key IN ({odd})"""
    # Every row to drop or type again belongs to a case the full checks read, so to the subset: a clean
    # file has none, and costs no pass over its rows here.
    if subset_size(con):
        con.execute(f"DELETE FROM sieved WHERE {dropped}")
        con.execute(
            f"INSERT INTO sieved BY NAME {_accepted_sql('subset', '', layout, profile, today, False, True)}"
        )


def _typed_fields(layout: Layout, profile: Profile, today: date, clean: bool, stored: bool = False) -> str:
    """Every field of the record typed, named as the field. `stored`: with the defaults the store fills in,
    a line's health-and-safety flag from its product category where the Member did not say."""
    ctx = SqlContext(today)
    typed = {f: _typed(f, layout, profile, ctx, clean) for f in FEED_FIELDS}
    if stored:
        typed["health_safety"] = (
            f"coalesce({typed['health_safety']}, {_dangerous(typed['product_category'])})"
        )
    return ",\n".join(f"{sql} AS {f}" for f, sql in typed.items())


def _dangerous(category: str) -> str:
    """Whether a product category is one dangerous to health and safety. A constant list, not a join, which
    would cost a third of the staging."""
    dangerous = sorted(health_safety_categories())
    return f"coalesce(({category}) IN {sql_in_list(dangerous)}, false)" if dangerous else "false"


def _typed(name: str, layout: Layout, profile: Profile, ctx: SqlContext, clean: bool) -> str:
    rule = rule_of(name)
    cheap = rule.sql_clean_value(f"({_raw_expr(name, layout, profile)})", ctx) if clean else None
    return cheap or rule.sql_value(f"({_canon_expr(name, layout, profile)})", ctx)


def all_rows_quick(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether every row of the file passed its quick checks (`case_rows` counts those that did not)."""
    row = con.execute("SELECT coalesce(sum(n_odd), 0) = 0 FROM case_rows").fetchone()
    return bool(row and row[0])


def all_lines_numbered(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether every row of the file gave its line number (`case_rows` counts them)."""
    row = con.execute("SELECT coalesce(sum(numbered) = sum(n_rows), true) FROM case_rows").fetchone()
    return bool(row is None or row[0])


def has_withdrawals(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute("SELECT count(*) > 0 FROM case_rows WHERE withdrawal").fetchone()
    return bool(row and row[0])


def withdrawals_sql() -> str:
    """The withdrawal rows of the subset that passed their checks."""
    clean = " AND ".join(f"{c} IS NULL" for c in error_columns())
    return f"SELECT _row, upper(x_reporting_member) AS reporting_member, x_case_ref AS case_ref FROM checked WHERE withdrawal AND {clean}"
