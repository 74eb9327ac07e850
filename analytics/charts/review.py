"""Charts for the session review, drawn on the Review page and put in the PDF brief: wellbeing
with its trend and setbacks, triggers per week, practice days against each practice's target,
and the questionnaires over the review's measure range. Titles come from `analytics.words`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from analytics import theme, triggers
from analytics.charts import closed_names
from analytics.charts import measures as measure_charts
from analytics.charts import progress as progress_charts
from analytics.charts import triggers as trigger_charts
from analytics.words import phrases
from analytics.words import practice as practice_words
from analytics.words import review as review_words

if TYPE_CHECKING:  # only the review's fields are read; the review module need not load here
    from analytics.dates import DateRange
    from analytics.outcomes import MeasureStory
    from analytics.review import SessionReview


def progress_chart(r: SessionReview) -> alt.LayerChart:
    """Wellbeing over the review's period: daily averages, the trend, setbacks and sessions."""
    view = r.progress
    dates = review_words.chart_dates(r.choice.period)
    # The same change as the summary's sentence (the period's mean against the period
    # before): one number for one change, never the trend's change beside it.
    title = (
        review_words.wellbeing_title(r.wellbeing)
        if view.has_trend
        else review_words.check_in_days_title(r.wellbeing, dates)
    )
    return progress_charts.progress_chart(
        view.points,
        view.trend,
        view.setbacks,
        view.sessions,
        title=title,
        subtitle=review_words.wellbeing_chart_subtitle(dates),
    )


def trigger_chart(r: SessionReview) -> alt.Chart:
    """Triggers per week in the review's period, by category when it has any."""
    return trigger_charts.frequency_chart(
        triggers.frequency(r.trigger_counts),
        "week",
        list(r.trigger_categories) or None,
        period=f"from {review_words.chart_dates(r.choice.period)}",
    )


def practice_chart(r: SessionReview) -> alt.LayerChart:
    """Each practice's days in the review's period against its target (`practice_targets_chart`)."""
    return practice_targets_chart(r.practices, review_words.chart_dates(r.choice.period))


def questionnaire_chart(
    r: SessionReview, *, side_by_side: bool = False
) -> alt.VConcatChart | alt.ConcatChart | None:
    """Every questionnaire over the review's `measure_range`, one panel each (stacked for the
    page; `side_by_side` for the A4 brief), None when none has a response in that range."""
    shown = r.measure_range
    if shown is None or not any(story.n for story in r.measure_stories):
        return None
    return questionnaires_in_range(r.measure_stories, shown, side_by_side=side_by_side)


def questionnaires_in_range(
    stories: Sequence[MeasureStory], shown: DateRange, *, side_by_side: bool = False
) -> alt.VConcatChart | alt.ConcatChart:
    """`stories` over the days `shown`, one panel each (`questionnaire_chart` for a review)."""
    return measure_charts.stories_chart(
        stories,
        shown.start,
        shown.end,
        title=f"Questionnaires, {shown.label()}",
        subtitle=measure_charts.MARKERS_SAID.capitalize()
        + "; bands are the published ranges; dashed: the cut-off",
        side_by_side=side_by_side,
    )


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
