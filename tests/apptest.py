"""Opening a page of the app through AppTest, the way every page test does."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pyarrow as pa
from streamlit.testing.v1 import AppTest

import views
from tests.conftest import REPO

APP = str(REPO / "between_sessions" / "app.py")


def open_page(page: str, timeout: float = 60, **session) -> AppTest:
    """Run app.py (with `session` state set first), switch to `page` and check it raised nothing."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def each_tab(at: AppTest, page: str) -> Iterator[str | None]:
    """Open, in turn, each tab of `page` that runs only when open (`views.LAZY_TABS`), yielding
    its label with `at` showing it; on any other page, yield None once, as it is."""
    if page not in views.LAZY_TABS:
        yield None
        return
    key, labels = views.LAZY_TABS[page]
    for label in labels:
        at.session_state[key] = label
        at.run()
        assert not at.exception, (page, label, at.exception)
        yield label


def chart_specs(at: AppTest) -> list[tuple[dict, int]]:
    """Each chart's spec and how many data rows were sent to the browser with it."""
    found = []
    for chart in at.get("vega_lite_chart"):
        rows = sum(
            pa.ipc.open_stream(d.data.data).read_all().num_rows for d in chart.proto.datasets
        )
        found.append((json.loads(chart.proto.spec), rows))
    return found
