"""The package's shape: stages import the ones below them, never the ones
above or beside them, and no module imports itself back through others."""
from __future__ import annotations

import ast
from pathlib import Path

import builder

PACKAGE = Path(builder.__file__).parent

# Lowest first. A module may import from its own stage and from any layer
# below; single modules of one layer (the base ones, the commands) from each other.
LAYERS = [
    {"errors", "models", "dates", "hashing", "text", "files", "languages"},
    {"content"},
    {"config", "ingest", "annotate", "search", "starter"},
    {"site"},
    {"build"},
    {"cli", "serve", "__main__", "themes"},
]
LAYER = {name: number for number, names in enumerate(LAYERS) for name in names}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The builder modules a module imports, at any depth of its code."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            if base.split(".")[0] == "builder":
                found.add(base)
                found.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == "builder")
    modules = {module_name(p) for p in PACKAGE.rglob("*.py")}
    return {m for m in found if m in modules and m != name}


GRAPH = {module_name(path): imports(path) for path in sorted(PACKAGE.rglob("*.py"))}


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "builder"


def test_every_module_has_a_layer():
    assert {stage(m) for m in GRAPH} - {"builder"} <= set(LAYER)


def test_stages_import_only_the_ones_below_them():
    wrong = []
    for module, imported in GRAPH.items():
        mine = stage(module)
        for other in imported:
            theirs = stage(other)
            if theirs in ("builder", mine):
                continue
            if LAYER[theirs] == LAYER[mine] and not (PACKAGE / mine).is_dir() and not (PACKAGE / theirs).is_dir():
                continue  # modules of one layer (errors and models, cli and serve), not stages
            if mine == "builder" or LAYER[theirs] >= LAYER[mine]:
                wrong.append(f"{module} imports {other}")
    assert wrong == []


def test_no_module_imports_itself_back():
    """No cycle in the import graph (lazy imports inside functions count too)."""
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for other in sorted(GRAPH.get(module, ())):
            if other == "builder":
                continue
            if state.get(other) == 1:
                cycles.append(" -> ".join(path[path.index(other):] + [other]))
            elif other not in state:
                visit(other, path + [other])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_graph_is_read_right():
    """The reading itself: imports that are known to be there are found."""
    assert "builder.search.terms" in GRAPH["builder.search.shards"]
    assert "builder.content.frontmatter" in GRAPH["builder.config"]
    assert "builder.search.index" in GRAPH["builder.search.background"]  # a lazy import, inside a function
