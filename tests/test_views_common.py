"""views.common's charts: drawn as `st.altair_chart` would draw them, each built once per key."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


def _sent(proto) -> tuple[str, list[bytes], str]:
    """What the browser gets for one chart: its spec (dataset names numbered in order, since
    each way of drawing names them its own way), its Arrow datasets and its theme."""
    spec = proto.spec
    for number, dataset in enumerate(proto.datasets):
        spec = spec.replace(dataset.name, f"dataset-{number}")
    return spec, [dataset.data.data for dataset in proto.datasets], proto.theme


def test_show_chart_sends_what_st_altair_chart_sends():
    def script():
        import altair as alt
        import pandas as pd
        import streamlit as st

        import analytics.theme  # noqa: F401
        from views.common import built_once, show_chart

        frame = pd.DataFrame(
            {
                "day": pd.date_range("2026-01-01", periods=10),
                "wellbeing": [float(v) for v in range(10)],
                "kind": ["practice", "rest"] * 5,
            }
        )
        base = alt.Chart(frame).encode(x="day:T", y="wellbeing:Q")
        rule = alt.Chart(pd.DataFrame({"y": [3.0]})).mark_rule().encode(y="y:Q")
        charts = {
            "single": base.mark_line(),
            "layered": base.mark_line() + rule,
            "stacked": alt.vconcat(base.mark_line() + rule, base.mark_bar().encode(color="kind:N")),
        }
        for name, chart in charts.items():
            composite = isinstance(chart, alt.VConcatChart)
            st.altair_chart(chart, width="content" if composite else "stretch", theme=None)
            show_chart(chart, name)
            show_chart(built_once(("test", name), lambda chart=chart: chart), f"{name}-kept")

    at = AppTest.from_function(script, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    sent = [_sent(chart.proto) for chart in at.get("vega_lite_chart")]
    assert len(sent) == 9
    for first in range(0, 9, 3):
        altair, drawn, kept = sent[first : first + 3]
        assert drawn == altair
        assert kept == altair
    assert sent[0][0] != sent[3][0] != sent[6][0]
    # A kept chart is sent again unchanged on the next rerun (no redraw in the browser).
    at.run()
    assert [_sent(chart.proto) for chart in at.get("vega_lite_chart")] == sent


@pytest.fixture
def builds():
    from views import common

    common._DRAWINGS.clear()
    yield
    common._DRAWINGS.clear()


def test_built_once_builds_a_chart_once_per_key_and_again_for_a_new_key(builds):
    def script():
        import altair as alt
        import pandas as pd
        import streamlit as st

        from views.common import built_once, show_chart

        key = st.session_state.get("key", 1)

        def build():
            st.session_state["builds"] = st.session_state.get("builds", 0) + 1
            frame = pd.DataFrame({"x": [1, 2, 3], "y": [key, key + 1, key + 2]})
            return alt.Chart(frame).mark_line().encode(x="x:Q", y="y:Q")

        show_chart(built_once(("a chart", key), build), "chart")
        if built_once(("no chart", key), lambda: None) is not None:
            st.error("a build that makes no chart gave a drawing")

    at = AppTest.from_function(script, default_timeout=30)
    at.run()
    first = _sent(at.get("vega_lite_chart")[0].proto)
    at.run()
    at.run()
    assert not at.exception and not at.error
    assert at.session_state["builds"] == 1
    assert _sent(at.get("vega_lite_chart")[0].proto) == first

    at.session_state["key"] = 2
    at.run()
    assert at.session_state["builds"] == 2
    assert _sent(at.get("vega_lite_chart")[0].proto)[1] != first[1]


def test_a_chart_the_vega_lite_schema_refuses_is_refused_when_built(builds):
    def script():
        import altair as alt
        import pandas as pd

        from views.common import built_once

        frame = pd.DataFrame({"x": [1, 2, 3]})
        # Altair builds this chart without a word; only the schema check refuses the sort.
        built_once("wrong", lambda: alt.Chart(frame).mark_line().encode(x=alt.X("x:Q", sort="up")))

    at = AppTest.from_function(script, default_timeout=30)
    at.run()
    assert at.exception and "'up' is an invalid value for `sort`" in at.exception[0].message
