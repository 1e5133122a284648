"""The package's layers, checked on the source with `ast` (no import, no tooling).

- ``records.py`` (the JSON contract's records) and ``text/`` (pure text primitives) import
  nothing from ``analyse/``: analysers depend on them, never the other way.
- ``render/`` reads records and text helpers, never ``analyse/`` (it renders, it does not analyse).
- No module imports another module's private (``_underscored``) names: a helper two modules
  need lives, public, in the one place both import.
- The modules import each other without a cycle. Imports under ``if TYPE_CHECKING:`` are left out
  of this one rule: they name a type for the reader and the type checker (an analyser's
  ``corpus: Corpus``) and are never executed, so they cannot make a module wait for another.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from paths import ROOT

SRC = ROOT / "src"
PACKAGE = SRC / "synopsis"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_only(tree: ast.AST) -> set[int]:
    """ids of the import nodes inside ``if TYPE_CHECKING:`` blocks."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            out.update(id(n) for stmt in node.body for n in ast.walk(stmt) if isinstance(n, (ast.Import, ast.ImportFrom)))
    return out


def _imports(path: Path, source: str | None = None, *, runtime: bool = False) -> list[tuple[str, list[str], int]]:
    """(absolute module, imported names, line) for every import in the file, at any depth
    (with `runtime`, without the imports made only for type checkers)."""
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source, str(path))
    skip = _type_only(tree) if runtime else set()
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    out = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names = [alias.name for alias in node.names]
            if node.module is None:  # "from . import x": x is a module
                out += [(f"{module}.{name}", [], node.lineno) for name in names]
            else:
                out.append((module, names, node.lineno))
    return out


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _violations(sources: list[str], forbidden: str) -> list[str]:
    found = []
    for name in sources:
        for module, _, line in _imports(MODULES[name]):
            if module == forbidden or module.startswith(forbidden + "."):
                found.append(f"{MODULES[name].relative_to(ROOT)}:{line} imports {module}")
    return found


def test_records_import_nothing_from_analyse():
    assert not _violations(["synopsis.records"], "synopsis.analyse")


def test_text_primitives_import_nothing_from_analyse():
    text = [m for m in MODULES if m == "synopsis.text" or m.startswith("synopsis.text.")]
    assert text, "src/synopsis/text/ holds the text primitives"
    assert not _violations(text, "synopsis.analyse")


def test_render_imports_nothing_from_analyse():
    render = [m for m in MODULES if m.startswith("synopsis.render")]
    assert not _violations(render, "synopsis.analyse")


def test_no_module_imports_private_names_of_another():
    found = []
    for name, path in MODULES.items():
        for module, names, line in _imports(path):
            if not module.startswith("synopsis"):
                continue
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private and module != name:
                found.append(f"{path.relative_to(ROOT)}:{line} imports {', '.join(private)} from {module}")
    assert not found, "\n".join(found)


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        for module, names, _ in _imports(path, runtime=True):
            targets = [f"{module}.{n}" for n in names if f"{module}.{n}" in MODULES] or [module]
            graph[name].update(t for t in targets if t in MODULES and t != name)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycle():
    # The package re-exports from its submodules; "synopsis" itself is the top, not part of a layer.
    graph = {k: {t for t in v if t != "synopsis"} for k, v in _graph().items()}
    cycles = _cycles(graph)
    assert not cycles, "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


@pytest.mark.parametrize("source, expected", [
    ("from ..records import Article\n", [("synopsis.records", ["Article"])]),
    ("from .alignment import SentenceSpace\n", [("synopsis.analyse.alignment", ["SentenceSpace"])]),
    ("from ..text.words import stem\n", [("synopsis.text.words", ["stem"])]),
    ("from . import models\n", [("synopsis.analyse.models", [])]),
    ("import numpy as np\n", [("numpy", [])]),
])
def test_imports_are_resolved(source, expected):
    assert [(m, n) for m, n, _ in _imports(PACKAGE / "analyse" / "probe.py", source)] == expected


def test_type_checking_imports_are_not_runtime_edges():
    source = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .corpus import Corpus\n"
    path = PACKAGE / "analyse" / "probe.py"
    assert ("synopsis.analyse.corpus", ["Corpus"]) in [(m, n) for m, n, _ in _imports(path, source)]
    assert [m for m, _, _ in _imports(path, source, runtime=True)] == ["typing"]
