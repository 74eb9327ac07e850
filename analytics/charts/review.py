"""Charts for the session review: practice days against each practice's target for the period."""

from __future__ import annotations

import altair as alt
import pandas as pd

from analytics import theme
from analytics.charts import closed_names
from analytics.words import phrases
from analytics.words import practice as practice_words


def practice_targets_chart(practices: pd.DataFrame, dates: str = "") -> alt.LayerChart:
    """One bar per practice: days done in the period, with a tick at the period's share of its
    weekly target. `practices` is `review.practice_review`; `dates` ("1 to 15 June 2026") goes
    in the title."""
    # Only the columns drawn: `first_tried` holds Python dates, which a Vega-Lite spec cannot carry.
    # Every practice listed, a stopped one too (no bar, its tick and "0 of 6"): the title's
    # "k of n" counts the same practices as the review's sentence.
    data = closed_names(
        practices.loc[:, ["practice", "done_days", "expected_days", "met"]], "practice"
    )
    data = data.assign(
        target_label=[
            phrases.against_target(int(done), int(target))
            for done, target in zip(data["done_days"], data["expected_days"], strict=True)
        ]
    )
    met = int(data["met"].sum())
    title = practice_words.targets_met_title(met, len(data), dates)
    # An explicit order: a sort by field is dropped when layers with transforms share the axis.
    order = data.sort_values(["done_days", "practice"], ascending=[False, True])[
        "practice"
    ].tolist()
    y = alt.Y("practice:N", title=None, sort=order, axis=alt.Axis(labelLimit=260))
    tooltip = [
        alt.Tooltip("practice:N", title="Practice"),
        alt.Tooltip("done_days:Q", title="Days done"),
        alt.Tooltip("expected_days:Q", title="Target for the period"),
    ]
    bars = (
        alt.Chart(data)
        .mark_bar(color=theme.NEW_SKILL, cornerRadiusEnd=3, height=14)
        .encode(
            x=alt.X("done_days:Q", title="Days practised", axis=theme.WHOLE_NUMBERS),
            y=y,
            tooltip=tooltip,
        )
    )
    targets = (
        alt.Chart(data)
        .mark_tick(color=theme.SESSION_RULE, thickness=2, size=20)
        .encode(x=alt.X("expected_days:Q", axis=theme.WHOLE_NUMBERS), y=y, tooltip=tooltip)
    )
    labels = (
        alt.Chart(data)
        .mark_text(align="left", dx=6, color="#4a5259", fontSize=11)
        .encode(x=alt.X("max_days:Q"), y=y, text="target_label:N")
        .transform_calculate(max_days="max(datum.done_days, datum.expected_days)")
    )
    # A step per row, not a total: exported with its title fitted into the height (the brief),
    # a total of 26 px a row left a few rows no room at all and they were drawn on one line.
    height = alt.Step(26)
    return (bars + targets + labels).properties(
        title=alt.Title(
            title,
            subtitle="Bars: days practised. Grey ticks: the weekly target for this many days.",
        ),
        height=height,
    )
