"""The module map holds: storage has no import circle, and what leaves the app lives in one package."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORAGE = ROOT / "analytics" / "storage"


def _imported_modules(path: Path) -> set[str]:
    """Every `analytics...` module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("analytics")}


def _storage_graph() -> dict[str, set[str]]:
    modules = {f"analytics.storage.{p.stem}" for p in STORAGE.glob("*.py") if p.stem != "__init__"}
    return {
        f"analytics.storage.{p.stem}": _imported_modules(p) & modules
        for p in STORAGE.glob("*.py")
        if p.stem != "__init__"
    }


def test_storage_modules_import_each_other_without_a_circle():
    graph = _storage_graph()
    state: dict[str, str] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for needed in sorted(graph[module]):
            assert state.get(needed) != "open", "import circle: " + " -> ".join(
                [*trail, module, needed]
            )
            if needed not in state:
                visit(needed, [*trail, module])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [])


def test_faults_and_backup_files_do_not_import_the_journal_module():
    graph = _storage_graph()
    assert "analytics.storage.journal" not in graph["analytics.storage.faults"]
    assert "analytics.storage.journal" not in graph["analytics.storage.backup_files"]


def test_what_leaves_the_app_lives_in_the_export_package():
    top_level = {p.stem for p in (ROOT / "analytics").glob("*.py")}
    moved = {
        "export",
        "chart_export",
        "data_export",
        "export_reading",
        "export_checks",
        "data_restore",
        "restore_problems",
        "backups",
        "session_brief",
        "brief",
    }
    assert not (top_level & moved), f"still top-level: {sorted(top_level & moved)}"
