"""Charts for the Practice page: tidy frames from `analytics.practice` in, Altair charts out.

Titles state what the chart shows, computed from the frame; every mark has a tooltip; colours
come from `analytics.theme`. A missed day is a pale cell, never an alarm colour.
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from analytics import theme
from analytics.charts import closed_names
from analytics.dates import DateRange
from analytics.practice import WEEKDAYS
from analytics.words import phrases
from analytics.words.practice import strongest_sentence

DONE = theme.NEW_SKILL
REST = theme.SETBACK_BAND
REST_EDGE = theme.SETBACK_EDGE
REST_GLYPH = theme.SETBACK_TEXT
NONE = "#eef1f3"
WITHOUT = theme.OTHER_RESPONSE
CELL = 18
"""Height in pixels of one weekday row of the calendar."""
_STATUS_LABELS = {"done": "Practised", "rest": "Rest day", "none": "Not logged"}
_GLYPHS = {"done": "✓", "rest": "–", "none": ""}
_LEGEND_LABELS = (
    "datum.label === 'Practised' ? '✓ Practised' : datum.label === 'Rest day' ? '– Rest day'"
    " : datum.label"
)


STRENGTH_ROW = 150
"""Units of the strength chart's y scale per practice: 0-100 for the area, the rest for its name."""
STRENGTH_ROW_PX = 62


def strength_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Small multiples in one view: habit strength (0-100) over the range, one row per practice.

    `frame` is `practice.strength_over_time`: practice, day, strength. The rows are stacked in
    a single chart (a ridgeline without overlap), strongest now at the top, each named with its
    strength now, so the chart stretches to any page width: a phone and a desk both see every
    practice. The offsets are computed in the browser, so no extra column is sent.
    """
    frame = closed_names(frame, "practice")
    latest = (
        frame.sort_values("day")
        .groupby("practice", sort=False, observed=True)
        .tail(1)
        .sort_values("strength", ascending=False)
    )
    if latest.empty:
        title = "No practice logged in this range yet"
    else:
        title = strongest_sentence(dict(zip(latest["practice"], latest["strength"], strict=True)))
    order = [str(name) for name in latest["practice"]]
    rows = max(len(order), 1)
    base_expr = f"({rows - 1} - indexof({json.dumps(order)}, datum.practice)) * {STRENGTH_ROW}"
    y = alt.Y("top:Q", axis=None, scale=alt.Scale(domain=[0, rows * STRENGTH_ROW - 30], nice=False))
    areas = (
        alt.Chart(frame)
        .transform_calculate(base=base_expr)
        .transform_calculate(top="datum.base + datum.strength")
        .mark_area(color=theme.POINTS, opacity=0.35, line={"color": theme.TREND})
        .encode(
            x=alt.X("day:T", title=None),
            y=y,
            y2="base:Q",
            detail="practice:N",
            tooltip=[
                alt.Tooltip("practice:N", title="Practice"),
                alt.Tooltip("day:T", title="Day"),
                alt.Tooltip("strength:Q", title="Habit strength", format=".0f"),
                alt.Tooltip("change:N", title="That day"),
            ],
        )
    )
    names = pd.DataFrame(
        {
            "practice": order,
            "label": [
                f"{name}: {value:.0f}"
                for name, value in zip(order, latest["strength"], strict=True)
            ],
            "top": [(rows - 1 - i) * STRENGTH_ROW for i in range(len(order))],
            "day": latest["day"].to_numpy(),
            "strength": latest["strength"].to_numpy(),
        }
    )
    # A dot at each practice's value now: it shows even when the range holds a single day.
    now = (
        alt.Chart(names)
        .transform_calculate(top="datum.top + datum.strength")
        .mark_circle(color=theme.TREND, size=36, opacity=1)
        .encode(
            x="day:T",
            y=y,
            tooltip=[
                alt.Tooltip("practice:N", title="Practice"),
                alt.Tooltip("strength:Q", title="Habit strength now", format=".0f"),
            ],
        )
    )
    baselines = alt.Chart(names).mark_rule(color=theme.LABEL_TEXT, strokeWidth=1).encode(y=y)
    labels = (
        alt.Chart(names)
        .transform_calculate(top="datum.top + 104")
        .mark_text(align="left", baseline="bottom", fontSize=12, color=theme.AXIS_TITLE_TEXT, x=0)
        .encode(y=y, text="label:N")
    )
    return alt.layer(areas, baselines, now, labels).properties(
        height=max(rows, 2) * STRENGTH_ROW_PX,
        title=alt.Title(
            title,
            subtitle=(
                "Habit strength (0-100, as Loop Habit Tracker scores it): the share of the "
                "target met lately, smoothed; it fades slowly on days without"
            ),
        ),
    )


def calendar_chart(frame: pd.DataFrame, practice: str) -> alt.LayerChart:
    """A contribution-graph calendar: weeks across, weekdays down, one cell per day.

    `frame` is `practice.calendar`: day, week, weekday, status (done, rest, none).
    Weeks run along a time axis that stretches to the page (so a year fits a phone); each
    weekday row is `CELL` pixels tall, so the calendar has its height whatever its width.
    Colour is not the only cue: a practised day carries a tick and a rest day a dash and an
    edge, in the cell and in the legend.
    """
    done = int((frame["status"] == "done").sum())
    weeks = frame["week"].nunique()
    # The days themselves, not "the last 5 weeks": 30 days span parts of five weeks.
    if len(frame):
        first, last = (pd.Timestamp(frame["day"].min()), pd.Timestamp(frame["day"].max()))
        days = f", {DateRange(first.date(), last.date()).label()}"
    else:
        days = ""
    title = f"{practice}: practised on {phrases.n_of(done, len(frame), 'day')}{days}"
    data = frame.assign(
        label=frame["status"].map(_STATUS_LABELS),
        glyph=frame["status"].map(_GLYPHS),
        week_end=frame["week"] + pd.Timedelta(days=7),
    )
    base = alt.Chart(data).encode(
        x=alt.X(
            "week:T",
            title=None,
            # A few weeks: each labelled by its Monday. Many: Vega's months and years.
            axis=alt.Axis(
                labelOverlap=True,
                ticks=False,
                domain=False,
                grid=False,
                values=sorted(data["week"].dt.strftime("%Y-%m-%d").unique().tolist())
                if weeks <= 8
                else alt.Undefined,
                format="%-d %b" if weeks <= 8 else alt.Undefined,
                labelAlign="left",
            ),
        ),
        y=alt.Y(
            "weekday:O", title=None, sort=list(WEEKDAYS), axis=alt.Axis(ticks=False, domain=False)
        ),
        tooltip=[
            alt.Tooltip("day:T", title="Day", format="%a %-d %b %Y"),
            alt.Tooltip("label:N", title=""),
        ],
    )
    cells = base.mark_rect(cornerRadius=2, strokeWidth=1).encode(
        x2="week_end:T",
        color=alt.Color(
            "label:N",
            title=None,
            scale=alt.Scale(domain=list(_STATUS_LABELS.values()), range=[DONE, REST, NONE]),
            legend=alt.Legend(labelExpr=_LEGEND_LABELS, symbolStrokeColor=REST_EDGE),
        ),
        stroke=alt.condition(
            "datum.status === 'rest'", alt.value(REST_EDGE), alt.value(theme.CHART_BACKGROUND)
        ),
    )
    # The glyph shrinks with the cells and disappears when they are too narrow to hold it.
    glyphs = (
        base.mark_text(
            fontWeight=700,
            fontSize={"expr": f"min(12, width / {max(weeks, 1)} * 0.6)"},
            opacity={"expr": f"width / {max(weeks, 1)} >= 9 ? 1 : 0"},
        )
        .encode(
            x=alt.X("middle:T"),
            text="glyph:N",
            color=alt.condition(
                "datum.status === 'done'", alt.value(theme.CHART_BACKGROUND), alt.value(REST_GLYPH)
            ),
        )
        .transform_calculate(middle="toDate(datum.week) + 3.5 * 864e5")
    )
    return alt.layer(cells, glyphs).properties(title=title, height=alt.Step(CELL))
