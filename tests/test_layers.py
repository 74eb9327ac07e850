"""The module map holds: each package imports only the packages its row of `MAY_IMPORT` names,
storage has no import circle, and what leaves the app lives in one package."""

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


PACKAGES = (
    "analytics",
    "serving",
    "views",
    "between_sessions",
    "sample_data",
    "testkit",
    "tests",
    "bench",
)
"""The top-level packages of this repository; an import of any other name is a library's."""

ANALYSES = {
    "analytics",
    "analytics.storage",
    "analytics.words",
    "analytics.charts",
    "analytics.export",
}
EVERY_PACKAGE = set(PACKAGES) | ANALYSES | {"analytics.importers", "analytics.cli"}

MAY_IMPORT: dict[str, set[str]] = {
    # The domain core. Its top-level modules (values, analyses, wording, the cache) read the
    # journal through storage and know nothing of charts, files, commands or the server.
    "analytics": {"analytics.storage", "analytics.words"},
    # The sentences, from the domain's typed facts: never a query or a chart of their own.
    "analytics.words": {"analytics"},
    # SQL, over the domain's values (entries, clock, measures...): never an analysis above it.
    "analytics.storage": {"analytics"},
    "analytics.charts": {"analytics", "analytics.words"},
    "analytics.export": {"analytics", "analytics.storage", "analytics.words", "analytics.charts"},
    "analytics.importers": {
        "analytics",
        "analytics.storage",
        "analytics.words",
        "analytics.export",
    },
    # The `between` command is a front door like the app: `between app` and `between pair`
    # start the server and pair phones, `between sample` writes the demo journal.
    "analytics.cli": ANALYSES | {"analytics.importers", "serving", "sample_data"},
    # Infrastructure beside the app: paths, the clock and the private files of the core.
    "serving": {"analytics"},
    "views": ANALYSES | {"analytics.importers", "serving"},
    "between_sessions": ANALYSES | {"analytics.cli", "views", "serving", "sample_data"},
    "sample_data": {"analytics", "analytics.storage"},
    # What the tests and the bench share, so that neither imports the other.
    "testkit": ANALYSES | {"analytics.importers", "serving"},
    "tests": EVERY_PACKAGE - {"bench"},
    "bench": EVERY_PACKAGE - {"tests"},
}
"""Package -> the packages of ours it may import (its own is always allowed). A top-level module
of `analytics` is in the package `analytics`; a module in `analytics/<folder>/` in
`analytics.<folder>`. A new package needs a row here: the test names any package without one."""

EXCEPTIONS: dict[str, set[str]] = {
    # `python -m analytics` is the `between` command.
    "analytics.__main__": {"analytics.cli"},
    # The test of the bench's own comparison with its previous figures.
    "tests.test_bench_previous": {"bench"},
}
"""Module -> packages it may import beyond its package's row, each for the reason given."""


def _package_of(module: str) -> str:
    parts = module.split(".")
    if parts[0] == "analytics" and len(parts) > 1 and (ROOT / "analytics" / parts[1]).is_dir():
        return f"analytics.{parts[1]}"
    return parts[0]


def _imports_of_ours(path: Path) -> set[str]:
    """Every module of this repository a file imports (at the top or inside a function),
    with `from package import module` counted as the module."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path.relative_to(ROOT)}: a relative import"
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.split(".")[0] in PACKAGES}


def _modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    return modules


def _names_of(module: str, modules: dict[str, Path]) -> set[str]:
    """The packages `module`'s imports reach; `from analytics import storage` reaches
    `analytics.storage`, `from analytics.storage import Connection` too."""
    reached = set()
    for name in _imports_of_ours(modules[module]):
        if name in modules or name.rpartition(".")[0] not in modules:
            reached.add(_package_of(name))
    return reached


def _wrong_imports(modules: dict[str, Path]) -> list[str]:
    wrong = []
    for module in sorted(modules):
        package = _package_of(module)
        assert package in MAY_IMPORT, f"{package} has no row in MAY_IMPORT: say what it may import"
        allowed = MAY_IMPORT[package] | EXCEPTIONS.get(module, set()) | {package}
        reached = _names_of(module, modules) - allowed
        wrong += [f"{module} imports {other}" for other in sorted(reached)]
    return wrong


def test_every_package_imports_only_what_its_row_allows():
    wrong = _wrong_imports(_modules())
    assert not wrong, "imports across layers the table does not allow:\n" + "\n".join(wrong)


def test_every_package_has_a_row_and_every_row_a_package():
    packages = {_package_of(module) for module in _modules()}
    assert packages == set(MAY_IMPORT)
    assert set(EXCEPTIONS) <= set(_modules())


def test_the_table_catches_a_wrong_import(tmp_path):
    """An analysis that imported a page, and storage that imported a chart, would fail."""
    (tmp_path / "progress.py").write_text("from views import common\n")
    (tmp_path / "rows.py").write_text("from analytics.charts.progress import progress_chart\n")
    (tmp_path / "empty.py").write_text("")
    modules = {
        "analytics.progress": tmp_path / "progress.py",
        "analytics.storage.rows": tmp_path / "rows.py",
        "analytics.charts.progress": tmp_path / "empty.py",
        "views.common": tmp_path / "empty.py",
    }
    assert _wrong_imports(modules) == [
        "analytics.progress imports views",
        "analytics.storage.rows imports analytics.charts",
    ]


def _export_names(tree: ast.Module) -> set[str]:
    """The names a module binds to something imported from `analytics.export`."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("analytics.export"):
            names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module == "analytics":
            names.update(
                alias.asname or alias.name for alias in node.names if alias.name == "export"
            )
    return names


def test_pages_take_their_charts_from_the_charts_package():
    """Issue 24: a chart is built in `analytics/charts/`; `analytics/export/` turns charts into
    files and may draw them there, but a page never takes a chart builder from it (the Review
    page once built its four charts with the brief's `session_brief.*_chart`)."""
    found = []
    for path in sorted((ROOT / "views").glob("*.py")):
        tree = ast.parse(path.read_text())
        exported = _export_names(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id in exported and node.id.endswith("_chart"):
                found.append(f"{path.name}:{node.lineno} {node.id}")
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in exported
                and node.attr.endswith("_chart")
            ):
                found.append(f"{path.name}:{node.lineno} {node.value.id}.{node.attr}")
    assert not found, f"chart builders taken from analytics.export: {found}"
