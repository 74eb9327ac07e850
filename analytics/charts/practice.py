"""Charts for the Practice page: tidy frames from `analytics.practice` in, Altair charts out.

Titles state what the chart shows, computed from the frame; every mark has a tooltip; colours
come from `analytics.theme`. A missed day is a pale cell, never an alarm colour.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from analytics import phrases, theme
from analytics.practice import WEEKDAYS, strongest_sentence

DONE = theme.NEW_SKILL
REST = theme.SETBACK_BAND
NONE = "#eef1f3"
WITHOUT = theme.OTHER_RESPONSE
_STATUS_LABELS = {"done": "Practised", "rest": "Rest day", "none": "Not logged"}


def strength_chart(frame: pd.DataFrame) -> alt.FacetChart:
    """Small multiples: habit strength (0-100) over the range, one panel per practice.

    `frame` is `practice.strength_over_time`: practice, day, strength.
    """
    latest = (
        frame.sort_values("day")
        .groupby("practice", sort=False)
        .tail(1)
        .sort_values("strength", ascending=False)
    )
    if latest.empty:
        title = "No practice logged in this range yet"
    else:
        title = strongest_sentence(dict(zip(latest["practice"], latest["strength"], strict=True)))
    order = latest["practice"].tolist()
    base = alt.Chart(frame).encode(
        x=alt.X("day:T", title=None),
        y=alt.Y("strength:Q", title="Strength", scale=alt.Scale(domain=[0, 100])),
        tooltip=[
            alt.Tooltip("practice:N", title="Practice"),
            alt.Tooltip("day:T", title="Day"),
            alt.Tooltip("strength:Q", title="Habit strength", format=".0f"),
            alt.Tooltip("change:N", title="That day"),
        ],
    )
    area = base.mark_area(color=theme.POINTS, opacity=0.35, line={"color": theme.TREND})
    return (
        area.properties(height=90, width=280)
        .facet(facet=alt.Facet("practice:N", title=None, sort=order), columns=2)
        .properties(
            title=alt.Title(
                title,
                subtitle=(
                    "Habit strength (0-100, as Loop Habit Tracker scores it): the share of the "
                    "target met lately, smoothed; it fades slowly on days without"
                ),
            )
        )
    )


def calendar_chart(frame: pd.DataFrame, practice: str) -> alt.Chart:
    """A contribution-graph calendar: weeks across, weekdays down, one cell per day.

    `frame` is `practice.calendar`: day, week, weekday, status (done, rest, none).
    """
    done = int((frame["status"] == "done").sum())
    weeks = frame["week"].nunique()
    title = f"{practice}: practised on {phrases.n_of(done, len(frame), 'day')} in the last {phrases.count(weeks, 'week')}"
    data = frame.assign(label=frame["status"].map(_STATUS_LABELS))
    return (
        alt.Chart(data)
        .mark_rect(cornerRadius=2, stroke="#ffffff", strokeWidth=1)
        .encode(
            x=alt.X(
                "yearmonthdate(week):O",
                title=None,
                axis=alt.Axis(
                    format="%b %Y", labelAngle=0, labelOverlap=True, ticks=False, domain=False
                ),
            ),
            y=alt.Y(
                "weekday:O",
                title=None,
                sort=list(WEEKDAYS),
                axis=alt.Axis(ticks=False, domain=False),
            ),
            color=alt.Color(
                "label:N",
                title=None,
                scale=alt.Scale(domain=list(_STATUS_LABELS.values()), range=[DONE, REST, NONE]),
            ),
            tooltip=[
                alt.Tooltip("day:T", title="Day", format="%a %-d %b %Y"),
                alt.Tooltip("label:N", title=""),
            ],
        )
        .properties(title=title, height=7 * 16)
    )


def wellbeing_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Mean wellbeing on days with and without each practice (only rows with enough days).

    `frame` is `practice.wellbeing_association`; rows where `enough` is false are left out.
    """
    shown = frame[frame["enough"]]
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
    long = pd.concat(
        [
            shown.assign(
                side="With the practice", wellbeing=shown["mean_with"], days=shown["days_with"]
            ),
            shown.assign(
                side="Without", wellbeing=shown["mean_without"], days=shown["days_without"]
            ),
        ],
        ignore_index=True,
    )[["practice", "side", "wellbeing", "days"]]
    order = shown.sort_values("difference", ascending=False)["practice"].tolist()
    y = alt.Y("practice:N", title=None, sort=order, axis=alt.Axis(labelLimit=260))
    rules = (
        alt.Chart(shown)
        .mark_rule(color=theme.SESSION_RULE, strokeWidth=2)
        .encode(y=y, x=alt.X("mean_without:Q"), x2="mean_with:Q")
    )
    points = (
        alt.Chart(long)
        .mark_circle(size=120, opacity=1)
        .encode(
            y=y,
            x=alt.X("wellbeing:Q", title="Mean wellbeing (0-10)", scale=alt.Scale(zero=False)),
            color=alt.Color(
                "side:N",
                title=None,
                scale=alt.Scale(domain=["With the practice", "Without"], range=[DONE, WITHOUT]),
            ),
            tooltip=[
                alt.Tooltip("practice:N", title="Practice"),
                alt.Tooltip("side:N", title="Days"),
                alt.Tooltip("wellbeing:Q", title="Mean wellbeing", format=".1f"),
                alt.Tooltip("days:Q", title="Number of days"),
            ],
        )
    )
    return (rules + points).properties(
        title=alt.Title(
            title, subtitle="An association, not a cause: good days may make practice easier too"
        ),
        height=alt.Step(28),
    )
