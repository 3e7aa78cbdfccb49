"""Where things live: Streamlit only in the app's own files, DuckDB only in the store, a core without either."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = [*ROOT.glob("*.py"), *ROOT.glob("views/*.py"), *ROOT.glob("vmo_core/**/*.py"), *ROOT.glob("benchmarks/*.py")]
APP_FILES = {ROOT / "app.py", ROOT / "vmo_ui.py", *ROOT.glob("views/*.py")}


def imported_top_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def importers_of(module: str) -> set[Path]:
    return {path for path in PRODUCT if module in imported_top_modules(path)}


def test_streamlit_is_imported_only_by_the_app_files():
    assert importers_of("streamlit") - APP_FILES == set()


def test_duckdb_is_imported_only_by_the_store():
    assert importers_of("duckdb") == {ROOT / "vmo_core" / "store" / "duckdb_store.py"}


def test_the_pages_are_not_in_a_folder_streamlit_would_run_alone():
    # A pages/ folder beside app.py switches Streamlit to its first multipage mode until
    # app.py has run once: a fresh server would then open a deep link without the app around it.
    assert not (ROOT / "pages").exists()
    assert len(list((ROOT / "views").glob("*.py"))) >= 10
