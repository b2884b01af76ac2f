"""The layers of the package: one direction of imports, no cycle, scoring without mcda.

Every import is counted, those inside functions too (a lazy import is still a
dependency); only ``if TYPE_CHECKING:`` blocks are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"


def _modules() -> dict[str, Path]:
    out = {}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """Modules of efc_scoring imported by a file (``from pkg import module`` gives the module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for n in ast.walk(node)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if not node.module.startswith("efc_scoring"):
                continue
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in MODULES else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("efc_scoring")}
    return {m for m in found if m in MODULES}


GRAPH = {name: _imports(path) - {name} for name, path in MODULES.items()}


def _is_ancestor(package: str, module: str) -> bool:
    return module.startswith(package + ".")


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (a package importing its own
    submodules for re-export is not a cycle: edges to an ancestor package are left out)."""
    graph = {a: {b for b in deps if not _is_ancestor(b, a)} for a, deps in GRAPH.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in graph:
        if v not in index:
            strong(v)
    return out


def test_no_import_cycle_even_through_lazy_imports():
    assert _cycles() == []


def _importers(prefix: str, of: str) -> list[tuple[str, str]]:
    return sorted(
        (a, b)
        for a, deps in GRAPH.items()
        if a.startswith(prefix)
        for b in deps
        if b == of or b.startswith(of + ".")
    )


def test_scoring_does_not_import_mcda():
    assert _importers("efc_scoring.scoring", "efc_scoring.mcda") == []


FOUNDATIONS = ("efc_scoring.present", "efc_scoring.errors", "efc_scoring._deprecation")


@pytest.mark.parametrize("layer", FOUNDATIONS)
def test_the_foundations_import_only_each_other(layer):
    allowed = set(FOUNDATIONS)
    wrong = [
        (a, b)
        for a, deps in GRAPH.items()
        if a == layer or a.startswith(layer + ".")
        for b in deps
        if not any(b == x or b.startswith(x + ".") for x in allowed)
    ]
    assert wrong == []


def test_models_import_only_models_and_foundations():
    allowed = ("efc_scoring.model", *FOUNDATIONS)
    wrong = [
        (a, b)
        for a, deps in GRAPH.items()
        if a.startswith("efc_scoring.model")
        for b in deps
        if not any(b == x or b.startswith(x + ".") for x in allowed)
    ]
    assert wrong == []


def test_nothing_imports_the_cli():
    assert [
        (a, b)
        for a, b in _importers("efc_scoring", "efc_scoring.cli")
        if not a.startswith("efc_scoring.cli")
    ] == []
