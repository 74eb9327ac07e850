"""Charts for the Practice page: tidy frames from `analytics.practice` in, Altair charts out.

Titles state what the chart shows, computed from the frame; every mark has a tooltip; colours
come from `analytics.theme`. A missed day is a pale cell, never an alarm colour.
"""

from __future__ import annotations

import json

import altair as alt
import numpy as np
import pandas as pd

from analytics import phrases, theme
from analytics.charts import closed_names
from analytics.practice import WEEKDAYS, strongest_sentence

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
    title = f"{practice}: practised on {phrases.n_of(done, len(frame), 'day')} in the last {phrases.count(weeks, 'week')}"
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


def wellbeing_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Mean wellbeing on days with and without each practice (only rows with enough days).

    `frame` is `practice.wellbeing_association`; rows where `enough` is false are left out.
    """
    shown = closed_names(frame[frame["enough"]], "practice")
    higher = int((shown["difference"] >= 0.25).sum())
    if shown.empty:
        title = "Not enough days yet to compare wellbeing with and without a practice"
    elif len(shown) == 1:
        row = shown.iloc[0]
        word = (
            "higher"
            if row["difference"] >= 0.25
            else ("lower" if row["difference"] <= -0.25 else "about the same")
        )
        title = f"Wellbeing was {word} on days with {row['practice']}"
    else:
        title = f"Wellbeing was higher on practice days for {phrases.n_of(higher, len(shown), 'practice')}"
    # The difference itself, on an axis that starts at zero and spans at least +-2 points of
    # the 0-10 scale: a 0.3 gap looks like 0.3, not like the whole chart. n beside each bar.
    data = shown.assign(
        counts=[
            f"{with_:d} days with · {without:d} without"
            for with_, without in zip(shown["days_with"], shown["days_without"], strict=True)
        ],
        side=np.where(
            shown["difference"] >= 0, "Higher with the practice", "Lower with the practice"
        ),
    )
    reach = max(2.0, float(np.ceil(shown["difference"].abs().max() if len(shown) else 0)))
    order = shown.sort_values("difference", ascending=False)["practice"].tolist()
    y = alt.Y("practice:N", title=None, sort=order, axis=alt.Axis(labelLimit=160, labelFontSize=11))
    x = alt.X(
        "difference:Q",
        title="Wellbeing on practice days minus other days (0-10 scale)",
        scale=alt.Scale(domain=[-reach, reach]),
        axis=alt.Axis(
            format=".1~f",
            tickCount=5,
            labelExpr="datum.value > 0 ? '+' + datum.label : datum.label",
        ),
    )
    base = alt.Chart(data).encode(
        y=y,
        tooltip=[
            alt.Tooltip("practice:N", title="Practice"),
            alt.Tooltip("mean_with:Q", title="Mean wellbeing with", format=".1f"),
            alt.Tooltip("days_with:Q", title="Days with"),
            alt.Tooltip("mean_without:Q", title="Mean wellbeing without", format=".1f"),
            alt.Tooltip("days_without:Q", title="Days without"),
            alt.Tooltip("difference:Q", title="Difference", format="+.1f"),
        ],
    )
    bars = base.mark_bar(height={"band": 0.45}).encode(
        x=x,
        color=alt.Color(
            "side:N",
            title=None,
            scale=alt.Scale(
                domain=["Higher with the practice", "Lower with the practice"],
                range=[DONE, theme.SESSION_RULE],
            ),
        ),
    )
    # Zero marked beside each bar only, so the line never runs through the counts below it.
    zero = base.mark_tick(color=theme.LABEL_TEXT, thickness=1.5, size=24).encode(x=alt.datum(0))
    # The sample size sits under each practice's name, so no bar is read without its n.
    counts = base.mark_text(
        align="left", baseline="top", dy=9, fontSize=11, color=theme.SUBTITLE_TEXT
    ).encode(x=alt.datum(-reach), text="counts:N")
    return (bars + zero + counts).properties(
        title=alt.Title(
            title, subtitle="An association, not a cause: good days may make practice easier too"
        ),
        height=alt.Step(44),
    )
