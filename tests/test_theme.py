"""WCAG contrast of what the theme draws: text at AA (4.5:1), meaningful marks at 3:1."""

from __future__ import annotations

import tomllib

import pytest

from analytics import theme
from analytics.charts import practice as practice_charts
from analytics.charts import progress as progress_charts
from tests.conftest import REPO

CONFIG = tomllib.loads((REPO / "between_sessions" / ".streamlit" / "config.toml").read_text())
TEXT_AA = 4.5
GRAPHICS = 3.0


def test_contrast_ratio_matches_wcag_reference_values():
    assert theme.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert theme.contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert theme.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_the_app_follows_the_system_theme():
    """Issue 23: the app had one theme, light, whatever the system preferred."""
    assert "base" not in CONFIG["theme"]
    assert set(theme.PAGE_THEMES) == {"light", "dark"} <= set(CONFIG["theme"])


@pytest.mark.parametrize("name", list(theme.PAGE_THEMES))
def test_the_page_theme_is_the_one_the_contrast_tests_check(name):
    table, colours = CONFIG["theme"][name], theme.PAGE_THEMES[name]
    assert table["textColor"].lower() == colours.text
    assert table["backgroundColor"].lower() == colours.background
    assert table["secondaryBackgroundColor"].lower() == colours.sidebar
    assert table["primaryColor"].lower() == colours.primary


@pytest.mark.parametrize("name", list(theme.PAGE_THEMES))
def test_a_chosen_pill_is_filled_with_text_at_aa(name):
    """Issue 23: a chosen pill on Quick log was a faint tint, hard to tell from the others."""
    from views import common

    colours = theme.PAGE_THEMES[name]
    assert theme.contrast_ratio(theme.SELECTED_TEXT, colours.primary) >= TEXT_AA
    assert colours.primary in common.PAGE_STYLE
    assert 'button[aria-checked="true"]' in common.PAGE_STYLE
    # One of several chosen (Progress's "Also show") is marked pressed, not checked.
    assert 'button[aria-pressed="true"]' in common.PAGE_STYLE
    # Against the page it sits on, the fill is a shape a person sees at once (3:1).
    assert theme.contrast_ratio(colours.primary, colours.background) >= GRAPHICS
    assert theme.contrast_ratio(colours.primary, colours.sidebar) >= GRAPHICS


@pytest.mark.parametrize(
    ("name", "where"),
    [(name, where) for name in theme.PAGE_THEMES for where in ("background", "sidebar")],
)
def test_page_text_and_captions_meet_aa(name, where):
    colours = theme.PAGE_THEMES[name]
    background = getattr(colours, where)
    caption = theme.blend(colours.text, background, theme.CAPTION_OPACITY)
    assert theme.contrast_ratio(colours.text, background) >= TEXT_AA
    assert theme.contrast_ratio(caption, background) >= TEXT_AA


@pytest.mark.parametrize(
    "colour",
    [
        theme.TITLE_TEXT,
        theme.SUBTITLE_TEXT,
        theme.AXIS_TITLE_TEXT,
        theme.LABEL_TEXT,
        theme.SETBACK_TEXT,
    ],
)
def test_chart_text_meets_aa_on_the_chart(colour):
    assert theme.contrast_ratio(colour, theme.CHART_BACKGROUND) >= TEXT_AA


def test_setback_labels_meet_aa_on_their_band():
    band = theme.blend(theme.SETBACK_BAND, theme.CHART_BACKGROUND, 0.7)
    assert theme.contrast_ratio(theme.SETBACK_TEXT, band) >= TEXT_AA


@pytest.mark.parametrize(
    "colour",
    [
        theme.TREND,
        theme.POINTS,
        theme.SETBACK_EDGE,
        theme.SESSION_RULE,
        theme.NEW_SKILL,
        *progress_charts.EXTRA_SERIES.values(),
        practice_charts.DONE,
        practice_charts.REST_EDGE,
    ],
)
def test_marks_that_carry_meaning_reach_3_to_1_on_the_chart(colour):
    assert theme.contrast_ratio(colour, theme.CHART_BACKGROUND) >= GRAPHICS


def test_daily_points_are_drawn_opaque_and_setback_bands_have_edges():
    chart = progress_charts.progress_chart(
        *_progress_frames(), sessions=[], title="t", extra=["anxiety", "energy"]
    ).to_dict()
    marks = [layer["mark"] for layer in chart["layer"]]
    circle = next(m for m in marks if m["type"] == "circle")
    assert circle.get("opacity", 1) == 1
    rect = next(m for m in marks if m["type"] == "rect")
    assert rect["stroke"] == theme.SETBACK_EDGE


def test_anxiety_and_energy_have_a_legend_a_dash_and_a_label():
    chart = progress_charts.progress_chart(
        *_progress_frames(), sessions=[], title="t", extra=["anxiety", "energy"]
    ).to_dict()
    encoded = [layer.get("encoding", {}) for layer in chart["layer"]]
    dashed = [e for e in encoded if "strokeDash" in e]
    assert dashed and all(e["color"].get("legend") is not None for e in dashed)
    labels = [
        layer
        for layer in chart["layer"]
        if layer["mark"]["type"] == "text" and layer["encoding"]["text"]["field"] == "series"
    ]
    assert labels, "each extra line is named at its end"
    assert "anxiety" in chart["layer"][0]["encoding"].get("y", {}).get("title", "").lower() or any(
        "anxiety" in str(e.get("y", {}).get("title", "")).lower() for e in encoded
    )


def _progress_frames():
    import pandas as pd

    days = pd.date_range("2026-01-01", periods=20)
    points = pd.DataFrame(
        {
            "date": days,
            "value": 5.0,
            "anxiety": 4.0,
            "energy": 6.0,
            "check_ins": 1,
            "notes": 0,
        }
    )
    trend = pd.DataFrame({"date": days, "trend": 5.0})
    setbacks = pd.DataFrame({"start": [days[3]], "end": [days[8]], "label": ["a harder week"]})
    return points, trend, setbacks


@pytest.mark.parametrize("band", theme.MEASURE_BANDS)
def test_questionnaire_band_labels_and_marks_read_on_every_band(band):
    assert theme.contrast_ratio(theme.BAND_TEXT, band) >= TEXT_AA
    assert theme.contrast_ratio(theme.MEASURE_LINE, band) >= GRAPHICS
    assert theme.contrast_ratio(theme.CHANGE_MARK, band) >= GRAPHICS
    assert theme.contrast_ratio(theme.IMPROVEMENT_MARK, band) >= GRAPHICS
    assert theme.contrast_ratio(theme.WORSENING_MARK, band) >= GRAPHICS
    assert theme.contrast_ratio(theme.CUT_OFF_RULE, band) >= TEXT_AA
