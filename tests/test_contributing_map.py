"""CONTRIBUTING's module map matches the tree (issue 24): every module and package of the app,
the core, the serving code and the testkit is named in the map, and every path the map names
exists, so the map is the house a new engineer can walk."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import REPO

MAPPED = ("analytics", "views", "serving", "testkit", "between_sessions")
"""The folders whose every module the map names."""
# Where a bare name in the map is read from: a name is written relative to the folder its
# paragraph is about ("`rows.py`" under `analytics/storage/`, "`cli/`" under `analytics/`).
FOLDERS = ("", "analytics/", "analytics/storage/", "analytics/words/", "analytics/charts/",
           "analytics/export/", "analytics/importers/", "analytics/cli/", "between_sessions/",
           "serving/", "views/", "testkit/", "tests/")  # fmt: skip
# A path or a folder; `<concern>` in it stands for any name ("storage/<concern>_queries.py").
PATH = re.compile(
    r"(?<![\w./<>-])((?:\.\./)?(?:[A-Za-z_]|<\w+>)(?:[\w/]|<\w+>)*(?:\.py|/))(?![\w/])"
)
PLACEHOLDER = re.compile(r"<\w+>")
NOT_IN_TREE = {"pages/": "the folder the map says not to make (Streamlit's older multipage mode)"}
"""Names the map gives on purpose for what is not in the tree, with why."""


def map_text(contributing: str) -> str:
    """The module map: CONTRIBUTING.md from "## Layers" up to the next section."""
    start = contributing.index("## Layers")
    return contributing[start : contributing.index("\n## ", start + 1)]


def named_paths(text: str) -> set[str]:
    """Every module path (`x.py`, `a/b.py`) or folder (`a/`) the text names."""
    return {found.removeprefix("../") for found in PATH.findall(text)}


def where(name: str, root: Path = REPO) -> list[Path]:
    """The files or folders a name in the map can stand for, by `FOLDERS`."""
    pattern = PLACEHOLDER.sub("*", name).rstrip("/")
    return [path for folder in FOLDERS for path in sorted((root / folder).glob(pattern))]


def modules(root: Path = REPO) -> list[Path]:
    """Every module and package (its folder) under `MAPPED`."""
    found = []
    for top in MAPPED:
        for path in sorted((root / top).rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            found.append(path.parent if path.name == "__init__.py" else path)
    return found


def unnamed(root: Path, text: str) -> list[str]:
    named = {path.resolve() for name in named_paths(text) for path in where(name, root)}
    return [
        path.relative_to(root).as_posix() for path in modules(root) if path.resolve() not in named
    ]


def test_every_module_is_named_in_the_map():
    missing = unnamed(REPO, map_text((REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")))
    assert not missing, f"modules CONTRIBUTING.md's map does not name: {missing}"


def test_every_path_the_map_names_exists():
    text = map_text((REPO / "CONTRIBUTING.md").read_text(encoding="utf-8"))
    gone = sorted(name for name in named_paths(text) - set(NOT_IN_TREE) if not where(name))
    assert not gone, f"paths CONTRIBUTING.md's map names that are not in the tree: {gone}"


def test_the_map_check_sees_a_new_module_and_a_path_gone(tmp_path):
    (tmp_path / "analytics" / "storage").mkdir(parents=True)
    for name in ("__init__.py", "mood.py", "storage/__init__.py", "storage/rows.py"):
        (tmp_path / "analytics" / name).write_text("")
    (tmp_path / "analytics" / "storage" / "mood_queries.py").write_text("")
    text = (
        "## Layers\n- `analytics/`: the core. `analytics/storage/` (`rows.py`, "
        "`storage/<concern>_queries.py`), `gone.py`.\n"
    )
    assert unnamed(tmp_path, text) == ["analytics/mood.py"]
    assert named_paths(text) == {
        "analytics/",
        "analytics/storage/",
        "rows.py",
        "storage/<concern>_queries.py",
        "gone.py",
    }
    assert not where("gone.py", tmp_path)
