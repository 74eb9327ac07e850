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
from analytics import serve
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
