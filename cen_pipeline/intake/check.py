"""Validation of a Member's file: read it, map it through its feed profile, check it, report every problem."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from cen_pipeline.contract import nominal
from cen_pipeline.contract.catalogue import kind
from cen_pipeline.contract.code_rules import Code, CodeSet
from cen_pipeline.contract.models import FEED_FIELDS, rule_of
from cen_pipeline.contract.value_rules import EARLIEST_SEIZURE, Integer, Number, Text, control_character
from cen_pipeline.core.duck import insert_rows, memory_connection
from cen_pipeline.intake.accepted import accepted_rows_sql
from cen_pipeline.intake.edi.senders import submitting_member
from cen_pipeline.intake.full_checks import (
    build_canon,
    build_checked,
    case_problems,
    error_columns,
    flag_rows,
    install_country_resolver,
    install_personal_data_guard,
    row_problems,
    warning_counts,
    warning_problems,
)
from cen_pipeline.intake.layout import Problem, layout_of
from cen_pipeline.intake.profiles import Profile, default_profile, load_profile
from cen_pipeline.intake.quick_checks import sieve, subset_size
from cen_pipeline.intake.readers import Source, open_source
from cen_pipeline.intake.repeats import REPEATED_ROW, keep_repeats, repeats_across_cases


@dataclass
class Summary:
    rows_read: int = 0
    rows_with_errors: int = 0
    cases: int = 0
    cases_with_errors: int = 0
    lines_accepted: int = 0
    errors_by_code: dict[str, int] = field(default_factory=dict)
    warnings_by_code: dict[str, int] = field(default_factory=dict)


@dataclass
class Report:
    """The outcome of validating one file: its summary and its problems, in row order."""

    file: str
    profile: str
    summary: Summary
    problems: list[Problem]
    headings: list[str]
    today: date
    truncated: bool = False  # more problems exist than were listed
    row_labels: list[str] | None = None  # for an interchange: "message <ref> segment <n>" per row

    @property
    def valid(self) -> bool:
        return not self.summary.errors_by_code

    def row_label(self, problem: Problem) -> str:
        """Where the problem is, as the sender finds it: the spreadsheet row, or the EDIFACT message and
        segment for an interchange."""
        if problem.row is None:
            return problem.params.get("where", "")
        if self.row_labels and 0 < problem.row <= len(self.row_labels):
            return self.row_labels[problem.row - 1]
        return str(problem.row)

    def location(self, problem: Problem) -> tuple[str, str]:
        """The column heading and spreadsheet letter of a problem, as the Member sees its file."""
        if problem.column is None:
            return (problem.params.get("column") or problem.field or "", "")
        return (self.headings[problem.column], column_letter(problem.column))

    def shown_value(self, problem: Problem) -> str:
        """The offending value, with any personal data in it masked; never shown for a refused column."""
        if problem.value is None or problem.code == "nominal-column":
            return ""
        if problem.code == "nominal-value":  # refused for personal data: nothing of it, however long
            kinds = nominal.find_personal_data(problem.value, "full") or ["personal data"]
            return nominal.withheld(kinds, len(problem.value))
        return shown_text(problem.value)

    def message(self, problem: Problem, lang: str = "en") -> str:
        column, _ = self.location(problem)
        params = {**problem_params(problem, self.today), "value": self.shown_value(problem), "column": column}
        return kind(problem.code).render(lang, **params)


# A cell longer than this is shown by its beginning: a report is read by a person.
SHOWN_CHARACTERS = 200


def shown_text(value: str) -> str:
    """A cell as a report shows it: withheld whole when it holds personal data, and cut (with an ellipsis)
    when it is very long. Of a long cell only what is shown and a window beyond it is screened (personal data
    that begins within the shown part ends within it): nothing further is shown, and a cell of megabytes is
    shown as fast as a short one."""
    kinds = nominal.find_personal_data(value[: SHOWN_CHARACTERS + nominal.WINDOW], "full")
    if kinds:
        return nominal.withheld(kinds, len(value))
    if len(value) <= SHOWN_CHARACTERS:
        return value
    return value[:SHOWN_CHARACTERS] + "…"


def column_letter(index: int) -> str:
    """Spreadsheet letters of a 0-based column index: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def problem_params(problem: Problem, today: date) -> dict[str, str]:
    """The message parameters of a problem, taken from the rule of its field."""
    params = dict(problem.params)
    if problem.field is None or problem.field not in FEED_FIELDS:
        return params
    rule = rule_of(problem.field)
    value = problem.value or ""
    if isinstance(rule, Text):
        params.setdefault("max_length", str(rule.max_length))
        params.setdefault("character", control_character(value) or "")
        if rule.screen:
            params.setdefault("kinds", ", ".join(nominal.find_personal_data(value, rule.screen)))
    if isinstance(rule, Code | CodeSet):
        params.setdefault("codelist", rule.list_name)
    if isinstance(rule, Number | Integer):
        params.setdefault("bound", rule.describe().split(" ", 2)[-1].split(",")[0])
    params.setdefault("earliest", EARLIEST_SEIZURE.isoformat())
    params.setdefault("today", today.isoformat())
    params.setdefault("expected", rule.describe())
    if problem.code != "nominal-value":  # nothing of a refused value goes into its parameters
        params.setdefault("chapter", value.replace(".", "").strip()[:2])
    return params


def validate_file(
    path: Path,
    profile: Profile | str | None = None,
    member: str | None = None,
    max_errors: int | None = None,
    today: date | None = None,
) -> Report:
    """Validate one CSV or Excel file; raises UnreadableInput when the file cannot be read at all."""
    with opened(path, profile) as (con, source, prof):
        return check_source(
            con, source, prof, member.upper() if member else None, max_errors, today or date.today()
        )


@contextmanager
def opened(
    path: Path, profile: Profile | str | None
) -> Iterator[tuple[duckdb.DuckDBPyConnection, Source, Profile]]:
    """A working connection with the file opened on it through its profile (the canonical one by default)."""
    prof = (
        default_profile(path)
        if profile is None
        else (load_profile(profile) if isinstance(profile, str) else profile)
    )
    con = memory_connection()
    try:
        source = open_source(con, path, prof)
        try:
            yield con, source, prof
        finally:
            source.close()
    finally:
        con.close()


def check_source(
    con: duckdb.DuckDBPyConnection,
    source: Source,
    profile: Profile,
    member: str | None,
    max_errors: int | None,
    today: date,
    keep_lines: bool = False,
) -> Report:
    """Check the opened source. Leaves on `con` the views `canon` and `checked` and the tables `case_rows`
    (rows per case) and `flagged` (rows with problems), which the ingest reads next; with `keep_lines`, also
    the table `sieved` (see `quick_checks.sieve`)."""
    if source.edi is not None:  # the sender of an interchange is its Member's identity
        member = submitting_member(source.edi.interchange.sender, member)
    layout = layout_of(con, source, profile)
    problems = list(layout.problems)
    summary = Summary()
    cell_counts: Counter[str] = Counter()
    if layout.refused:
        summary.rows_read = _count_refused(con, source)  # personal data: count the rows, read no value
    else:
        install_personal_data_guard(con, profile.allowed_terms)  # the quick check screens candidates too
        summary.rows_read = sieve(con, source, layout, profile, today, member, keep_lines)
        build_canon(con, layout, profile)
        install_country_resolver(con)  # over the subset: the only rows that may name countries
        if subset_size(con):
            build_checked(con, layout, profile, today, member)
        flag_rows(con, layout, profile)
        summary.rows_read += len(source.malformed)
    problems += [Problem("malformed-row", m.row, params={"detail": m.detail}) for m in source.malformed]
    if summary.rows_read == len(source.malformed) and not layout.refused:
        problems.append(Problem("empty-file"))
    elif not layout.refused:
        found = case_problems(con, layout, today) if subset_size(con) else []
        repeats = [p for p in found if p.code == REPEATED_ROW] + repeats_across_cases(con, layout, profile)
        case_level = [p for p in found if p.code != REPEATED_ROW]
        keep_repeats(con, repeats)
        cell_counts = _cell_counts(con)
        _count_rows(con, summary, case_level, repeats, layout.blocking, len(source.malformed))
        problems += sorted(
            row_problems(con, layout, limit=max_errors)
            + case_level
            + repeats
            + warning_problems(con, layout, limit=max_errors, decimal_mark=profile.decimal_mark),
            # Errors first, in file order, then warnings: a listing cut at --max-errors shows what to fix.
            key=lambda p: (kind(p.code).severity != "error", p.row or 0, p.column or 0),
        )
    for problem in problems:
        if problem.code == "member-mismatch" and member:  # said with the Member the file was sent for
            problem.params.setdefault("member", member)
    if source.edi is not None:
        edi_problems = _edi_problems(source)
        problems = edi_problems + problems
        summary.rows_read += source.edi.rejected_rows
        summary.rows_with_errors += source.edi.rejected_rows
        if not source.data_rows and summary.rows_read:
            problems = [p for p in problems if p.code != "empty-file"]
    counts = (
        Counter(p.code for p in problems if p.code in _LISTED_WHOLE or p.code.startswith("edi-"))
        + cell_counts
    )
    truncated = max_errors is not None and sum(counts.values()) > max_errors
    if max_errors is not None:
        problems = problems[: max_errors + len(layout.problems)]
    for code, n in sorted(counts.items()):
        bucket = summary.errors_by_code if kind(code).severity == "error" else summary.warnings_by_code
        bucket[code] = n
    labels = list(source.edi.row_labels) if source.edi is not None else None
    return Report(
        str(source.path), profile.name, summary, problems, source.headings, today, truncated, labels
    )


def _edi_problems(source: Source) -> list[Problem]:
    """The interchange's own problems (envelope, syntax, mapping), located by message and segment."""
    assert source.edi is not None
    out = []
    for p in source.edi.problems:
        where = []
        if p.message_ref:
            where.append(f"message {p.message_ref}")
        if p.segment_position:
            where.append(f"segment {p.segment_position}" + (f" ({p.segment_tag})" if p.segment_tag else ""))
        params = {
            "detail": p.detail,
            "where": ", ".join(where),
            "column": p.element or p.segment_tag or "",
            "message_ref": p.message_ref or "",
            "segment": p.segment_tag or "",
            "element": p.element or "",
        }
        out.append(Problem(p.code, None, None, None, None, None, params))
    return out


def _count_refused(con: duckdb.DuckDBPyConnection, source: Source) -> int:
    row = con.execute("SELECT count(*) FROM src_raw").fetchone()
    source.renumber(con, None)
    return (int(row[0]) if row else 0) + len(source.malformed)


def _count_rows(
    con: duckdb.DuckDBPyConnection,
    summary: Summary,
    case_level: list[Problem],
    repeats: list[Problem],
    blocking: bool,
    malformed: int,
) -> None:
    """Rows and cases with errors, counted over the whole file (not only the listed problems); the copies of
    repeated rows are not accepted, though their cases are."""
    flagged = con.execute("SELECT _row, case_key FROM flagged").fetchall()
    bad_rows = {row for row, _ in flagged} | {p.row for p in case_level}
    bad_keys = {key for _, key in flagged if key is not None} | {p.params["case_key"] for p in case_level}
    con.execute("CREATE OR REPLACE TEMP TABLE bad_cases (case_key VARCHAR)")
    insert_rows(con, "bad_cases", [(k,) for k in sorted(bad_keys)])
    row = con.execute(
        """SELECT count(*) FILTER (WHERE case_key IS NOT NULL AND NOT withdrawal),
                  coalesce(sum(n_rows) FILTER (WHERE case_key IS NOT NULL AND NOT withdrawal
                                               AND case_key NOT IN (SELECT case_key FROM bad_cases)), 0)
           FROM case_rows"""
    ).fetchone()
    assert row is not None
    copies = sum(1 for p in repeats if p.params["case_key"] not in bad_keys)
    summary.cases, summary.lines_accepted = int(row[0]), int(row[1]) - copies
    summary.rows_with_errors = len(bad_rows) + malformed
    summary.cases_with_errors = len(bad_keys)
    if blocking:  # a file-level error: no row is accepted
        summary.rows_with_errors, summary.cases_with_errors = summary.rows_read, summary.cases
        summary.lines_accepted = 0


def _cell_counts(con: duckdb.DuckDBPyConnection) -> Counter[str]:
    """Cell and row problems (warnings too) by code over the whole file, even when --max-errors lists only
    the first."""
    cols = ", ".join(error_columns())
    rows = con.execute(
        f"SELECT code, count(*) FROM (SELECT unnest([{cols}]) AS code FROM flagged) WHERE code IS NOT NULL GROUP BY code"
    ).fetchall()
    return Counter({str(code): int(n) for code, n in rows}) + Counter(dict(warning_counts(con)))


# File-level and case-level problems are all listed; their counts come from the list.
_LISTED_WHOLE = {
    "missing-column",
    "unknown-column",
    "duplicate-column",
    "nominal-column",
    "empty-file",
    "malformed-row",
    "inconsistent-case",
    "duplicate-line",
    REPEATED_ROW,
}


def read_records(
    path: Path, profile: Profile | str | None = None, today: date | None = None
) -> list[dict[str, object]]:
    """The accepted rows of a file as canonical records (typed values by field), in case and line order."""
    day = today or date.today()
    with opened(path, profile) as (con, source, prof):
        report = check_source(con, source, prof, None, 0, day)
        if report.summary.lines_accepted == 0:
            return []
        layout = layout_of(con, source, prof)
        rows = accepted_rows_sql(layout, prof, day, source)
        cursor = con.execute(f"SELECT * EXCLUDE (_row) FROM ({rows}) ORDER BY case_key, line_no")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
