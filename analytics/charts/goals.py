"""The Goals chart: each goal's 0-10 ratings over time, one line and one point shape per goal."""

from __future__ import annotations

import altair as alt
import pandas as pd

from analytics import theme

SHAPES = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down")
"""A shape per goal besides its colour, so the goals are told apart without colour."""
HEIGHT = 320
"""The chart's whole height on a page (its title, legend and axis within it): the plot keeps
about 200 px on a phone, where the title takes three lines."""


def ratings_chart(points: pd.DataFrame, title: str) -> alt.LayerChart:
    """Lines and points of every goal's ratings (`goals.chart_points`: day, rating, goal,
    number), on the whole 0-10 scale; `title` states the finding (`goals.overview`)."""
    names = list(dict.fromkeys(points["goal"]))
    colours = [theme.PALETTE[i % len(theme.PALETTE)] for i in range(len(names))]
    shapes = [SHAPES[i % len(SHAPES)] for i in range(len(names))]
    legend = alt.Legend(title=None, orient="bottom", direction="horizontal")
    colour = alt.Color("goal:N", scale=alt.Scale(domain=names, range=colours), legend=legend)
    x = alt.X("day:T", title=None, axis=alt.Axis(tickMinStep=theme.DAY_MS))
    y = alt.Y(
        "rating:Q",
        title="How close (0-10)",
        scale=alt.Scale(domain=[0, 10]),
        axis=alt.Axis(format="d", tickMinStep=1, values=list(range(0, 11, 2))),
    )
    tooltip = [
        alt.Tooltip("goal:N", title="Goal"),
        alt.Tooltip("day:T", title="Day", format=theme.DAY_FORMAT),
        alt.Tooltip("rating:Q", title="Rating (0-10)", format="d"),
    ]
    base = alt.Chart(points).encode(x=x, y=y, color=colour, tooltip=tooltip)
    lines = base.mark_line(strokeWidth=2)
    marks = base.mark_point(filled=True, size=70, opacity=1).encode(
        shape=alt.Shape("goal:N", scale=alt.Scale(domain=names, range=shapes), legend=legend)
    )
    return (lines + marks).properties(
        title=alt.Title(title, subtitle="0 = not at all close, 10 = reached"),
        height=HEIGHT,
    )
