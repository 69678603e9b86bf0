"""No SQL text is built from values: a path, a Member code, a cell or any other value reaches DuckDB as a
parameter or through the one quoting helper (`core.duck.sql_str`), never pasted into the statement; and no
module of `cli/` runs SQL (the commands call library functions that do)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "cen_pipeline"
# Calls that run SQL text.
_RUNS_SQL = {"execute", "executemany", "sql", "query"}
# Names that hold values from outside (paths, codes, cells, texts), which SQL text may only hold quoted.
_VALUE_NAMES = {
    "path", "paths", "file", "filename", "db", "db_path", "directory", "folder", "target", "out", "output",
    "member", "value", "values", "text", "since", "case_ref", "reference", "name_or_path", "heading", "cell",
    "brand", "label", "sender", "profile_name", "url",
}  # fmt: skip
_QUOTING = {"sql_str", "int", "float", "len"}


def _sql_texts(tree: ast.AST) -> list[ast.expr]:
    """The SQL text arguments of calls that run SQL."""
    found = []
    for node in ast.walk(tree):
        runs = (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _RUNS_SQL
        )
        if runs and node.args:  # type: ignore[attr-defined]
            found.append(node.args[0])  # type: ignore[attr-defined]
    return found


def _unquoted_values(expr: ast.expr) -> list[str]:
    """Names of values pasted into SQL text without the quoting helper."""
    bad: list[str] = []

    def visit(node: ast.AST, quoted: bool) -> None:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _QUOTING:
            quoted = True
        if isinstance(node, ast.Name) and node.id in _VALUE_NAMES and not quoted:
            bad.append(node.id)
        if isinstance(node, ast.Attribute) and node.attr in _VALUE_NAMES and not quoted:
            bad.append(node.attr)
        for child in ast.iter_child_nodes(node):
            visit(child, quoted)

    if isinstance(expr, ast.JoinedStr):
        for part in expr.values:
            if isinstance(part, ast.FormattedValue):
                visit(part.value, False)
    elif isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mod):  # "... %s" % value
        visit(expr.right, False)
    elif isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "format":
        for arg in [*expr.args, *(k.value for k in expr.keywords)]:
            visit(arg, False)
    return bad


def test_no_sql_text_holds_an_unquoted_value() -> None:
    offences = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for expr in _sql_texts(tree):
            for name in _unquoted_values(expr):
                offences.append(f"{path.relative_to(PACKAGE)}:{expr.lineno}: {name}")
    assert offences == []


def test_the_rule_catches_a_pasted_value() -> None:  # the check above can fail
    pasted = ast.parse("con.execute(f\"ATTACH '{path}' AS store\")")
    quoted = ast.parse('con.execute(f"ATTACH {sql_str(str(path))} AS store")')
    formatted = ast.parse("con.execute(\"SELECT * FROM t WHERE m = '%s'\" % member)")
    assert _unquoted_values(_sql_texts(pasted)[0]) == ["path"]
    assert _unquoted_values(_sql_texts(quoted)[0]) == []
    assert _unquoted_values(_sql_texts(formatted)[0]) == ["member"]


def test_no_command_module_runs_sql() -> None:
    offences = []
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offences += [f"{path.name}:{expr.lineno}" for expr in _sql_texts(tree)]
    assert offences == []
