"""The package reads like the pipeline: data flows forward through the stages only, and no modules import
each other in a circle (also imports inside functions, which grimp reads too)."""

from __future__ import annotations

from pathlib import Path

import grimp
import pytest

PACKAGE = "cen_pipeline"
# The stages in data-flow order; stages in one tuple are siblings, which may not import each other.
STAGES: tuple[tuple[str, ...], ...] = (
    ("core", "data"),
    ("contract",),
    ("intake",),
    ("store",),
    ("analysis",),
    ("alerts", "quality"),
    ("batch", "report"),
    ("service",),
    ("samples",),
    ("cli", "bench"),
)
ROOT_MODULES = {PACKAGE, f"{PACKAGE}.__main__"}  # the version, and `python -m cen_pipeline`
MAX_LINES = 500


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(PACKAGE, include_external_packages=False)


def stage_of(module: str) -> int:
    top = module.split(".")[1]
    for rank, stages in enumerate(STAGES):
        if top in stages:
            return rank
    raise AssertionError(f"{module} belongs to no stage: add its package to STAGES")


def test_every_module_belongs_to_a_stage(graph: grimp.ImportGraph) -> None:
    for module in graph.modules - ROOT_MODULES:
        stage_of(module)


def test_no_stage_imports_a_later_one_or_a_sibling(graph: grimp.ImportGraph) -> None:
    wrong = []
    for importer in sorted(graph.modules - ROOT_MODULES):
        for imported in graph.find_modules_directly_imported_by(importer) - ROOT_MODULES:
            ahead = stage_of(imported) > stage_of(importer)
            sibling = stage_of(imported) == stage_of(importer) and (
                importer.split(".")[1] != imported.split(".")[1]
            )
            if ahead or sibling:
                details = graph.get_import_details(importer=importer, imported=imported)
                lines = ", ".join(str(d["line_number"]) for d in details)
                wrong.append(f"{importer} (line {lines}) imports {imported}")
    assert not wrong, "imports against the data flow:\n" + "\n".join(wrong)


def circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_modules_import_each_other_in_a_circle(graph: grimp.ImportGraph) -> None:
    assert circles(graph) == []


def test_the_circle_finder_finds_a_circle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "loop"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from loop import b\n")
    (package / "b.py").write_text("def f():\n    from loop import c\n")
    (package / "c.py").write_text("import loop.a\n")
    (package / "d.py").write_text("import loop.a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert circles(grimp.build_graph("loop", cache_dir=None)) == [["loop.a", "loop.b", "loop.c"]]


def test_no_module_passes_the_length_a_reader_holds() -> None:
    root = Path(__file__).resolve().parents[1] / PACKAGE
    long = {
        str(path.relative_to(root)): n
        for path in root.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
