"""The rules of ARCHITECTURE.md, checked on the source tree.

- no import cycle among ``src/innokg`` modules (imports inside functions count: a cycle
  through a lazy import is still a cycle in the design);
- ``click`` imported only under ``innokg/cli/``;
- no private name (``_x``) imported from another module;
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PKG = SRC / "innokg"


def _modules() -> dict[str, Path]:
    mods = {}
    for f in PKG.rglob("*.py"):
        parts = f.relative_to(SRC).with_suffix("").parts
        mods[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = f
    return mods


MODULES = _modules()


def _imports(name: str, path: Path):
    """(imported module or name, imported attribute or None) for every import in the module."""
    pkg = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for a in node.names:
                yield a.name, None
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = pkg.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join(parts + ([base] if base else []))
            for a in node.names:
                yield base, a.name


def _target(base: str, attr: str | None) -> str | None:
    """The innokg module an import points at (a submodule when ``attr`` names one)."""
    t = f"{base}.{attr}" if attr and f"{base}.{attr}" in MODULES else base
    while t and t not in MODULES:
        t = t.rpartition(".")[0]
    return t or None


def _edges() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {m: set() for m in MODULES}
    for m, f in MODULES.items():
        for base, attr in _imports(m, f):
            t = _target(base, attr)
            # a package's __init__ is run by importing any submodule: not an edge of the design
            if t and t != m and not m.startswith(t + "."):
                edges[m].add(t)
    return edges


def test_no_import_cycle():
    edges = _edges()
    state: dict[str, int] = {}
    cycles = []

    def visit(v: str, path: list[str]) -> None:
        state[v] = 1
        for w in sorted(edges[v]):
            if state.get(w) == 1:
                cycles.append(" -> ".join(path[path.index(w):] + [w]))
            elif w not in state:
                visit(w, path + [w])
        state[v] = 2

    for v in sorted(MODULES):
        if v not in state:
            visit(v, [v])
    assert cycles == []


def test_click_only_in_the_cli_package():
    users = sorted(m for m, f in MODULES.items()
                   if not (m == "innokg.cli" or m.startswith("innokg.cli."))
                   and any(base.split(".")[0] == "click" for base, _ in _imports(m, f)))
    assert users == []


def test_no_private_name_imported_across_modules():
    found = []
    for m, f in MODULES.items():
        for base, attr in _imports(m, f):
            if attr and attr.startswith("_") and not attr.startswith("__") and base.startswith("innokg"):
                t = _target(base, attr)
                if t != m:
                    found.append(f"{m} imports {base}.{attr}")
    assert sorted(found) == []


@pytest.mark.parametrize("rule", ["cycle", "click", "private"])
def test_the_checks_catch_what_they_look_for(rule, tmp_path, monkeypatch):
    """Each check fails on a tree that breaks its rule (so a green run means something)."""
    pkg = tmp_path / "innokg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    if rule == "cycle":
        (pkg / "a.py").write_text("from innokg.b import x\n")
        (pkg / "b.py").write_text("def f():\n    from innokg.a import y\n")
    elif rule == "click":
        (pkg / "a.py").write_text("import click\n")
    else:
        (pkg / "a.py").write_text("_x = 1\n")
        (pkg / "b.py").write_text("from innokg.a import _x\n")
    monkeypatch.setattr(sys.modules[__name__], "SRC", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "PKG", pkg)
    monkeypatch.setattr(sys.modules[__name__], "MODULES", _modules())
    check = {"cycle": test_no_import_cycle, "click": test_click_only_in_the_cli_package,
             "private": test_no_private_name_imported_across_modules}[rule]
    with pytest.raises(AssertionError):
        check()
