"""Rules every chart the app draws keeps, on the sample journal, a three-entry journal and an
empty one (issue 23: "0.0 0.2 … 1.0 triggers", "Nov 30, 2026", a 20 px chart, cut titles).

- Counts are whole numbers on every axis and legend: a quantitative field whose data are
  integers is labelled with the integer format "d" or with explicit whole values.
- Dates use the app's one style: "30 Nov", "Mon 30 Nov 2026", "Nov 2026" (theme.DATE_FORMATS),
  on axes (the theme's multi-format) and in tooltips (the theme's timeFormat or one of those).
- No chart is drawn under 60 px high.
- Titles and subtitles fit a 390 px phone: no line is wider than the chart there.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime

import pyarrow as pa
import pytest

from analytics import storage, theme
from analytics.charts.fit import PHONE_WIDTH, text_width
from tests.apptest import open_page
from views import phone

CHART_PAGES = (
    "../views/home.py",
    "../views/progress.py",
    "../views/triggers.py",
    "../views/practice.py",
    "../views/measures.py",
    "../views/goals.py",
    "../views/patterns.py",
    "../views/review.py",
)
MIN_HEIGHT = 60
POSITION_AND_LEGEND = ("x", "y", "color", "size", "opacity")


def three_entries(path):
    con = storage.connect(path)
    for day, wellbeing in ((20, 5), (22, 7), (24, 4)):
        storage.add_check_in(con, when=datetime(2026, 11, day, 8, 0), wellbeing=wellbeing)
    con.close()


@pytest.fixture(scope="module")
def drawn(sample_journal_file, tmp_path_factory):
    """Every chart each chart page draws on the three journals, all time: (where, spec, the
    Arrow type of every field of its datasets)."""
    from tests.conftest import REPO, SAMPLE_DAY_END

    folder = tmp_path_factory.mktemp("every-chart")
    journals = {"sample": folder / "sample.duckdb", "three": folder / "three.duckdb"}
    shutil.copy(sample_journal_file, journals["sample"])
    three_entries(journals["three"])
    journals["empty"] = folder / "empty.duckdb"
    storage.connect(journals["empty"]).close()
    charts = []
    with pytest.MonkeyPatch.context() as mp:
        from analytics import clock

        mp.chdir(REPO)
        # This computer's browser, as tests/conftest.py's `this_computer` sets for each test.
        mp.setattr(phone, "peer_address", lambda: None)
        mp.setenv(clock.ENV, SAMPLE_DAY_END)
        mp.setenv("XDG_DATA_HOME", str(folder / "data"))
        for name, path in journals.items():
            mp.setenv("BETWEEN_DB", str(path))
            for page in CHART_PAGES:
                at = open_page(page, range_preset="All time")
                for i, chart in enumerate(at.get("vega_lite_chart")):
                    types = {}
                    for dataset in chart.proto.datasets:
                        table = pa.ipc.open_stream(dataset.data.data).read_all()
                        types.update({f.name: f.type for f in table.schema})
                    charts.append((f"{name} {page} #{i}", json.loads(chart.proto.spec), types))
    assert len(charts) >= 15  # 19 today: the walk sees the charts at all
    return charts


def walk(spec):
    """Every dict in a spec (layers, concatenations, encodings)."""
    stack = [spec]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            yield node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def encodings(spec):
    for node in walk(spec):
        encoding = node.get("encoding")
        if isinstance(encoding, dict):
            for channel, definition in encoding.items():
                for one in definition if isinstance(definition, list) else [definition]:
                    if isinstance(one, dict):
                        yield channel, one


def test_counts_are_whole_numbers_on_every_axis_and_legend(drawn):
    wrong, checked = [], 0
    for where, spec, types in drawn:
        for channel, enc in encodings(spec):
            if channel not in POSITION_AND_LEGEND or enc.get("type") != "quantitative":
                continue
            field = enc.get("field")
            if field not in types or not pa.types.is_integer(types[field]):
                continue
            if enc.get("aggregate") not in (None, "sum", "count", "max", "min"):
                continue
            kind = "axis" if channel in ("x", "y") else "legend"
            if kind in enc and enc[kind] is None:  # no axis or legend drawn
                continue
            guide = enc.get(kind) or {}
            checked += 1
            whole_values = "values" in guide and all(float(v).is_integer() for v in guide["values"])
            if guide.get("format") != "d" and not whole_values:
                wrong.append(f"{where}: {channel} {field}")
    assert checked >= 5, checked  # the rule saw count axes at all
    assert wrong == []


def test_dates_use_the_one_style_of_the_app(drawn):
    allowed = set(theme.DATE_FORMATS)
    wrong, checked = [], 0
    for where, spec, _ in drawn:
        config = spec.get("config", {})
        assert config.get("timeFormat") == theme.DAY_FORMAT, where
        assert config.get("axisTemporal", {}).get("format") == theme.AXIS_DATES, where
        for channel, enc in encodings(spec):
            if enc.get("type") != "temporal":
                continue
            checked += 1
            formats = [enc.get("format"), (enc.get("axis") or {}).get("format")]
            for fmt in formats:
                if fmt is not None and fmt not in allowed:
                    wrong.append(f"{where}: {channel} {enc.get('field')} {fmt!r}")
    assert checked >= 10, checked
    assert wrong == []


CHART_KEYS = ("mark", "layer", "hconcat", "vconcat", "concat", "facet", "repeat")


def heights(spec):
    """The height of every chart in a spec (not of a mark: a bar's "height" is its thickness)."""
    for node in walk(spec):
        if not any(key in node for key in CHART_KEYS):
            continue
        height = node.get("height")
        if isinstance(height, int | float):
            yield height
        elif isinstance(height, dict) and "step" in height:
            yield None  # a step height grows with its rows: checked by the rows drawn


def test_no_chart_is_drawn_under_60_px_high(drawn):
    low = [
        f"{where}: {h}"
        for where, spec, _ in drawn
        for h in heights(spec)
        if h is not None and h < MIN_HEIGHT
    ]
    assert low == []


def title_lines(spec):
    config = spec.get("config", {}).get("title", {})
    for node in walk(spec):
        title = node.get("title")
        if not isinstance(title, dict) or "text" not in title:
            if isinstance(title, str | list) and node is spec:
                title = {"text": title}
            else:
                continue
        for key, size, bold in (
            ("text", title.get("fontSize", config.get("fontSize", 16)), True),
            ("subtitle", title.get("subtitleFontSize", config.get("subtitleFontSize", 13)), False),
        ):
            lines = title.get(key) or []
            for line in [lines] if isinstance(lines, str) else lines:
                yield line, size, bold


def test_titles_and_subtitles_fit_a_phone(drawn):
    wide = [
        f"{where}: {line!r} ({text_width(line, size, bold):.0f} px)"
        for where, spec, _ in drawn
        for line, size, bold in title_lines(spec)
        if text_width(line, size, bold) > PHONE_WIDTH
    ]
    assert wide == []
