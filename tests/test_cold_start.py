"""A cold start pays only for what its first page draws (issue 19: cold start to first chart
under 3 s). The PDF library, the chart-image converter and the zip encryption are loaded when
a brief, an image or a locked export is made, never to show a chart; the statistics libraries
the tests check against are never loaded by the app. Checked in a fresh process, by what it
imported (`sys.modules`), not by a time."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

NOT_AT_START = ("fpdf", "vl_convert", "pyzipper", "scipy", "statsmodels", "uharfbuzz")
"""Top-level packages a page with a chart must not load: fpdf2 (the brief, and once the chart
titles' ruler, about half a second of processor time), vl-convert (chart images), pyzipper
(locked exports), HarfBuzz (the brief's right-to-left text), and the tests' statistics."""

# Runs in the child: the page opened as a browser opens it, on this computer, with the
# settings it is served with; then the top-level packages it loaded.
OPEN_PAGE = """
import json, sys
from views import phone
phone.peer_address = lambda: None
from serving import serve
serve.use_app_settings()
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(str(serve.APP_FILE), default_timeout=120)
at.run()
if sys.argv[1] != "home":
    at.switch_page(f"../views/{sys.argv[1]}.py").run()
assert not at.exception, at.exception
print(json.dumps({
    "charts": len(at.get("vega_lite_chart")),
    "loaded": sorted({name.partition(".")[0] for name in sys.modules}),
}))
"""


def first_page(page: str, journal, tmp_path) -> dict:
    env = {
        **os.environ,
        "BETWEEN_DB": str(journal),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [sys.executable, "-c", OPEN_PAGE, page],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("page", ["progress", "home"])
def test_a_first_page_loads_no_pdf_image_zip_or_statistics_library(
    page, sample_journal_path, tmp_path
):
    opened = first_page(page, sample_journal_path, tmp_path)
    if page == "progress":
        assert opened["charts"] >= 1  # the chart was drawn, titles fitted and all
    assert "altair" in opened["loaded"]  # the check sees what a page loads
    assert [name for name in NOT_AT_START if name in opened["loaded"]] == []


# Runs in the child: the server's warm-up, then which of app.py's imports it left unloaded.
WARM_UP = """
import ast, json, sys
from between_sessions import warm_up
from tests.conftest import REPO
warm_up.start()
warm_up.wait()
tree = ast.parse((REPO / "between_sessions" / "app.py").read_text())
# Its imports at the top level, made on every run (not those inside a function).
imported = {node.module for node in tree.body if isinstance(node, ast.ImportFrom)}
imported |= {alias.name for node in tree.body if isinstance(node, ast.Import) for alias in node.names}
print(json.dumps(sorted(name for name in imported if name not in sys.modules)))
"""


def test_the_servers_warm_up_loads_everything_app_py_imports():
    """The server imports the first run's modules while the browser loads the page
    (between_sessions/warm_up.py); one app.py imports later must be added to its list."""
    done = subprocess.run(
        [sys.executable, "-c", WARM_UP], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_app_py_waits_for_the_warm_up_before_its_own_imports():
    """Two threads importing at once can deadlock on modules that import each other: app.py's
    first statement after `warm_up`'s import is the wait."""
    import ast

    tree = ast.parse((REPO / "between_sessions" / "app.py").read_text())
    first_call = next(node for node in tree.body[1:] if isinstance(node, ast.Expr))
    assert ast.unparse(first_call) == "warm_up.wait()"
    imports_before = [
        node
        for node in tree.body[: tree.body.index(first_call)]
        if isinstance(node, ast.Import | ast.ImportFrom)
    ]
    assert [ast.unparse(node) for node in imports_before] == [
        "from __future__ import annotations",
        "from between_sessions import warm_up",
    ]
