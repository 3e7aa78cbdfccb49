"""Where things live: the flow of the packages, pinned.

files -> io -> model -> engine -> decisions, forecast -> present -> report; store beside io;
the app (app.py, vmo_app/) over all of it. Streamlit only in the app, the database only in
the store, pages only through the app layer and the presentation layer.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = sorted({*ROOT.glob("*.py"), *ROOT.glob("vmo_app/**/*.py"), *ROOT.glob("vmo_core/**/*.py")})
APP_FILES = {ROOT / "app.py", *ROOT.glob("vmo_app/**/*.py")}
PAGES = set(ROOT.glob("vmo_app/views/*.py"))
MAX_LINES = 400

# What each package of the core may import from the others: the flow, one way.
LAYERS = {
    "errors": set(),
    "model": {"errors"},
    "io": {"errors", "model", "store"},
    "store": {"errors", "model", "io"},
    "engine": {"errors", "model", "io"},
    "forecast": {"errors", "model", "engine"},
    "decisions": {"errors", "model", "engine", "forecast"},
    "present": {"errors", "model", "engine", "decisions", "forecast"},
    "report": {"errors", "model", "io", "engine", "decisions", "forecast", "present"},
    "service": {"errors", "model", "io", "store", "engine", "decisions"},
    "cli": {"errors", "model", "io", "store", "engine", "decisions", "forecast", "present", "report", "service"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def imports(path: Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(module, names) for every import in a file, relative ones resolved."""
    found = []
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, ()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.append((base, tuple(alias.name for alias in node.names)))
    return tuple(found)


MODULES = {module_name(p): p for p in PRODUCT}


def edges(path: Path) -> set[str]:
    """The product modules a file imports (`from pkg import mod` counts as importing pkg.mod)."""
    out = set()
    for module, names in imports(path):
        submodules = {f"{module}.{n}" for n in names} & MODULES.keys()
        # `from package import module` needs the module; the package itself only when a name is not a module
        wanted = submodules | ({module} if len(submodules) < len(names) or not names else set())
        out |= {m for m in wanted if m in MODULES and m != module_name(path)}
    return out


def top_modules(path: Path) -> set[str]:
    return {module.split(".")[0] for module, _ in imports(path)}


def test_there_is_no_import_cycle():
    graph = {name: edges(path) for name, path in MODULES.items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(trail[trail.index(nxt) :] + [nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_the_core_packages_depend_only_on_those_before_them():
    wrong = []
    for name, path in MODULES.items():
        parts = name.split(".")
        if parts[0] != "vmo_core" or len(parts) < 2 or parts[1] not in LAYERS:
            continue
        for target in edges(path):
            layer = target.split(".")[1] if target.startswith("vmo_core.") and target.count(".") else None
            if layer and layer != parts[1] and layer in LAYERS and layer not in LAYERS[parts[1]]:
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_nothing_imports_another_modules_private_names():
    private = []
    for path in [*PRODUCT, *ROOT.glob("tests/**/*.py"), *ROOT.glob("benchmarks/*.py")]:
        for module, names in imports(path):
            ours = module.split(".")[0] in ("vmo_core", "vmo_app", "tests", "benchmarks")
            private += [f"{path.relative_to(ROOT)}: {module}.{n}" for n in names if ours and n.startswith("_")]
            private += [f"{path.relative_to(ROOT)}: {module}" for part in module.split(".") if ours and part.startswith("_")]
    assert private == []


def test_pages_use_only_the_app_layer_and_the_presentation_layer():
    allowed = ("vmo_app", "vmo_core.present", "streamlit")
    wrong = []
    for page in PAGES:
        for module, _ in imports(page):
            first = module.split(".")[0]
            if first in ("vmo_app", "vmo_core") and not module.startswith(allowed):
                wrong.append(f"{page.name} imports {module}")
    assert len(PAGES) >= 10
    assert wrong == []


def test_streamlit_is_imported_only_by_the_app_layer():
    assert {p for p in PRODUCT if "streamlit" in top_modules(p)} - APP_FILES == set()


def test_the_core_never_imports_the_app():
    core = [p for p in PRODUCT if module_name(p).startswith("vmo_core")]
    assert [p for p in core if top_modules(p) & {"vmo_app", "streamlit"}] == []


def test_duckdb_is_imported_only_by_the_store():
    assert {p for p in PRODUCT if "duckdb" in top_modules(p)} == {ROOT / "vmo_core" / "store" / "duckdb_store.py"}


def test_postgresql_is_imported_only_by_its_store_engine():
    assert {p for p in PRODUCT if "psycopg" in top_modules(p)} == {ROOT / "vmo_core" / "store" / "postgres_store.py"}


def test_no_module_is_over_400_lines():
    long = {str(p.relative_to(ROOT)): n for p in PRODUCT if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_tests_mirror_the_package():
    packages = {p.name for p in (ROOT / "vmo_core").iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    for package in packages - {"model"}:
        assert list((ROOT / "tests" / package).glob("test_*.py")), f"tests/{package}/ holds no tests of vmo_core/{package}/"
    assert list((ROOT / "tests" / "app").glob("test_*.py"))


def test_the_pages_are_not_in_a_folder_streamlit_would_run_alone():
    # A pages/ folder beside app.py switches Streamlit to its first multipage mode until
    # app.py has run once: a fresh server would then open a deep link without the app around it.
    assert not (ROOT / "pages").exists()
