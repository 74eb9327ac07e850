"""Charts for the Triggers page: tidy frames from `analytics.triggers` in, Altair charts out.

Each title states what the chart shows ("Work triggers came most often"), computed from the
frame it is given; every mark has a tooltip; colours come from `analytics.theme`. Nothing here
knows about Streamlit. Frames are those `analytics.triggers` returns, already aggregated.
"""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from analytics import theme
from analytics.charts import closed_names
from analytics.entries import RESPONSE_LABELS, ResponseKind
from analytics.text import closed_bidi
from analytics.triggers import (
    KIND_ORDER,
    MIN_FOR_PATTERN,
    PART_NAMES,
    WEEKDAYS,
    Grain,
    intensity_change,
    share_change,
    slot_facts,
)
from analytics.words import triggers as words

_RESPONSE_DOMAIN = [RESPONSE_LABELS[ResponseKind(k)] for k in KIND_ORDER]
_RESPONSE_RANGE = [theme.NEW_SKILL, theme.OLD_PATTERN, theme.OTHER_RESPONSE]


def _period_axis(grain: Grain, frame: pd.DataFrame) -> alt.X:
    return alt.X(
        "period:T",
        title="Week starting" if grain == "week" else "Month",
        timeUnit="yearmonthdate" if grain == "week" else "yearmonth",
        axis=_period_ticks(frame, grain),
    )


def _category_colours(count: int) -> list[str]:
    """The palette in order, then soft greys: more categories than colours stay distinguishable
    by position and tooltip rather than repeating a colour."""
    greys = ["#8a8f98", "#b9bec6", "#5b636b", "#d5d9de"]
    return [
        theme.PALETTE[i] if i < len(theme.PALETTE) else greys[(i - len(theme.PALETTE)) % len(greys)]
        for i in range(count)
    ]


def _period_ticks(frame: pd.DataFrame, grain: Grain) -> alt.Axis:
    """Ticks on the starts of the weeks (or months) drawn, at most `MAX_PERIOD_TICKS` of them
    (every second, third... start when there are more): a week's tick falls on its Monday,
    never on a day Vega picks (ticks on 2, 6 and 10 Nov under "Week starting" read wrong), and
    the axis never names a month after the last one drawn."""
    starts = sorted(pd.to_datetime(frame["period"]).unique()) if len(frame) else []
    if not starts:
        return alt.Axis()
    step = -(-len(starts) // MAX_PERIOD_TICKS)
    return alt.Axis(
        values=[
            alt.DateTime(year=t.year, month=t.month, date=t.day)
            for t in map(pd.Timestamp, starts[::step])
        ],
        format=theme.SHORT_DAY_FORMAT if grain == "week" else theme.MONTH_FORMAT,
        labelOverlap=True,
    )


MAX_PERIOD_TICKS = 8
"""At most this many weeks (or months) are ticked on a trigger chart: eight labels fit a phone."""


def _count_axis(frame: pd.DataFrame) -> alt.Axis:
    """Whole numbers only: a count axis of 0 to 1 would otherwise read 0.0, 0.2, ... 1.0."""
    most = int(frame.groupby("period")["triggers"].sum().max()) if len(frame) else 0
    if most <= 5:
        return alt.Axis(values=list(range(most + 1)), format="d")
    return alt.Axis(format="d", tickMinStep=1)


def frequency_chart(
    frame: pd.DataFrame,
    grain: Grain = "week",
    categories: list[str] | None = None,
    period: str = "",
) -> alt.Chart:
    """Stacked bars: triggers per bucket (`period` to `period_end`), one colour per `category`.

    `categories` (all the person's categories, in order) keeps each category's colour the same
    whatever the filter; the legend lists only those drawn.
    """
    frame = closed_names(frame, "category")
    categories = [closed_bidi(c) for c in categories or []]
    totals = frame.groupby("category")["triggers"].sum().sort_values(ascending=False)
    title = words.category_finding({str(k): int(v) for k, v in totals.items()}, period)
    domain = list(dict.fromkeys([*(categories or []), *sorted(totals.index)]))
    drawn = [c for c in domain if c in totals.index]
    label = "Week starting" if grain == "week" else "Month"
    return (
        alt.Chart(frame, title=alt.Title(title, subtitle=words.frequency_subtitle(grain)))
        .mark_bar(stroke="#ffffff", strokeWidth=0.5)
        .encode(
            x=alt.X("period:T", title=label, axis=_period_ticks(frame, grain)),
            x2="period_end:T",
            y=alt.Y("sum(triggers):Q", title="Triggers", stack="zero", axis=_count_axis(frame)),
            color=alt.Color(
                "category:N",
                title="Category",
                scale=alt.Scale(domain=domain, range=_category_colours(len(domain))),
                legend=alt.Legend(values=drawn),
            ),
            order=alt.Order("category:N"),
            tooltip=[
                alt.Tooltip(
                    "period:T", title=label, format="%-d %b %Y" if grain == "week" else "%b %Y"
                ),
                alt.Tooltip("category:N", title="Category"),
                alt.Tooltip("sum(triggers):Q", title="Triggers"),
            ],
        )
    )


def when_heatmap(grid: pd.DataFrame) -> alt.VConcatChart:
    """Two weekday x part-of-day grids side by side: how many triggers, and how intense on average."""
    title = words.slot_finding(slot_facts(grid))
    base = alt.Chart(grid).encode(
        x=alt.X("part:N", title="Time of day", sort=list(PART_NAMES), axis=alt.Axis(labelAngle=0)),
        # "Mon" for "Monday": the grid keeps its width for the cells on a phone.
        y=alt.Y(
            "day:N",
            title=None,
            sort=list(WEEKDAYS),
            axis=alt.Axis(labelExpr="substring(datum.label, 0, 3)"),
        ),
        tooltip=[
            alt.Tooltip("day:N", title="Day"),
            alt.Tooltip("part:N", title="Time of day"),
            alt.Tooltip("triggers:Q", title="Triggers"),
            alt.Tooltip("mean_intensity:Q", title="Mean intensity", format=".1f"),
        ],
    )
    # Each cell also says its number, so the grid reads without telling shades apart.
    counts = (
        base.mark_rect().encode(
            color=alt.Color(
                "triggers:Q",
                title="Triggers",
                scale=alt.Scale(scheme=theme.SEQUENTIAL),
                legend=alt.Legend(format="d", tickMinStep=1),
            ),
        )
        + base.mark_text(fontSize=11).encode(
            text=alt.Text("triggers:Q", format="d"),
            color=_text_on("triggers", _half(grid["triggers"])),
        )
    ).properties(title="How many", width=WHEN_WIDTH, height=WHEN_HEIGHT)
    intensity = (
        base.mark_rect().encode(
            color=alt.Color(
                "mean_intensity:Q",
                title="Mean intensity",
                scale=alt.Scale(scheme="purples", domain=[0, 10]),
            ),
        )
        + base.transform_filter("isValid(datum.mean_intensity)")
        .mark_text(fontSize=11)
        .encode(
            text=alt.Text("mean_intensity:Q", format=".1f"),
            color=_text_on("mean_intensity", 5),
        )
    ).properties(title="How intense, on average (0-10)", width=WHEN_WIDTH, height=WHEN_HEIGHT)
    # One above the other: side by side they need 670 pixels, more than a phone has.
    return alt.vconcat(
        counts,
        intensity,
        spacing=24,
        # The finding in lines that fit the grids' width: a title wider than the grids would
        # widen the whole chart past a phone's screen.
        title=alt.Title(
            textwrap.wrap(title, TITLE_CHARACTERS),
            subtitle=textwrap.wrap(
                "Morning 5-12, afternoon 12-17, evening 17-22, night 22-5", TITLE_CHARACTERS
            ),
        ),
    ).resolve_scale(color="independent")


WHEN_WIDTH = 250
"""Width of each weekday x time-of-day grid: with its axis and legend it fits a 360 px phone."""
WHEN_HEIGHT = 200
TITLE_CHARACTERS = 36
"""Characters in one line of the grids' title: a bold line of 36 stays within WHEN_WIDTH and its axis."""


def _half(values: pd.Series) -> float:
    """The middle of a sequential scale over `values` (where a cell's text turns white)."""
    return float(values.max()) / 2 if len(values) and values.max() > 0 else 1.0


def _text_on(field: str, middle: float) -> alt.Color:
    """Dark text on the pale half of a sequential scale, white on the dark half."""
    return alt.condition(
        f"datum.{field} > {middle}", alt.value("#ffffff"), alt.value(theme.TITLE_TEXT)
    )


def intensity_chart(frame: pd.DataFrame, grain: Grain = "week") -> alt.LayerChart:
    """Mean intensity per bucket as points joined by a faint line, with the trend line over them."""
    title = words.intensity_title(intensity_change(frame), grain)
    trend = frame.dropna(subset=["trend"])
    base = alt.Chart(frame).encode(x=_period_axis(grain, frame))
    tooltip = [
        alt.Tooltip(
            "period:T",
            title="Week starting" if grain == "week" else "Month",
            format="%-d %b %Y" if grain == "week" else "%b %Y",
        ),
        alt.Tooltip("mean_intensity:Q", title="Mean intensity", format=".1f"),
        alt.Tooltip("triggers:Q", title="Triggers"),
    ]
    y = alt.Y("mean_intensity:Q", title="Mean intensity (0-10)", scale=alt.Scale(domain=[0, 10]))
    line = base.mark_line(color=theme.POINTS, strokeWidth=1).encode(y=y)
    points = base.mark_circle(color=theme.POINTS, size=40).encode(y=y, tooltip=tooltip)
    layers = [line, points]
    if len(trend) >= 2:
        layers.append(
            alt.Chart(trend)
            .mark_line(color=theme.TREND, strokeWidth=3)
            .encode(
                x=_period_axis(grain, frame),
                y=alt.Y("trend:Q"),
                tooltip=[alt.Tooltip("trend:Q", title="Trend", format=".1f")],
            )
        )
    return alt.layer(
        *layers,
        title=alt.Title(title, subtitle=words.intensity_subtitle(grain)),
    )


def response_share_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Per month, the share of triggers met with a new skill, an old pattern, or something else."""
    title = words.share_title(share_change(frame))
    frame = frame.assign(
        compared=frame["month_total"] >= MIN_FOR_PATTERN,
        month_label=frame["month_total"].map(lambda n: f"{n:d}"),
    )
    # One bar per month drawn, named by its month (an ordinal axis: a time axis ran on to
    # the month after the last). A month with too few triggers to compare is drawn pale and
    # says its count on top, so a month of 1 never reads as a full month.
    x = alt.X(
        "yearmonth(month):O",
        title="Month",
        axis=alt.Axis(format=theme.MONTH_FORMAT, labelAngle=0, labelOverlap=True),
    )
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y(
                "share:Q", title="Share of triggers", stack="normalize", axis=alt.Axis(format="%")
            ),
            color=alt.Color(
                "response:N",
                title="Met with",
                scale=alt.Scale(domain=_RESPONSE_DOMAIN, range=_RESPONSE_RANGE),
            ),
            opacity=alt.condition("datum.compared", alt.value(1.0), alt.value(0.3)),
            order=alt.Order("kind_order:Q"),
            tooltip=[
                alt.Tooltip("month:T", title="Month", format=theme.MONTH_FORMAT),
                alt.Tooltip("response:N", title="Met with"),
                alt.Tooltip("triggers:Q", title="Triggers"),
                alt.Tooltip("month_total:Q", title="Of"),
                alt.Tooltip("share:Q", title="Share", format=".0%"),
            ],
        )
    )
    few = (
        alt.Chart(frame.loc[~frame["compared"]].drop_duplicates("month"))
        .mark_text(baseline="bottom", dy=-2, fontSize=11, color=theme.TITLE_TEXT)
        .encode(x=x, y=alt.value(0), text="month_label:N")
    )
    subtitle = words.share_subtitle(pale=bool((~frame["compared"]).any()))
    return alt.layer(bars, few, title=alt.Title(title, subtitle=subtitle))


def helped_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Mean "helped" per response (only those with enough ratings), with the count beside each bar."""
    rated = frame.dropna(subset=["mean_helped"])
    if rated.empty:
        title = words.helped_title(None)
    else:
        rated = rated.sort_values(["mean_helped", "rated"], ascending=False)
        best = rated.iloc[0]
        title = words.helped_title(
            str(best["response"]), float(best["mean_helped"]), int(best["rated"])
        )
    rated = rated.assign(count_label=rated["rated"].map(lambda n: f"n = {n}"))
    base = alt.Chart(rated).encode(
        # An explicit order: a layered chart does not sort by another layer's field.
        y=alt.Y(
            "response:N",
            title=None,
            sort=list(dict.fromkeys(rated["response"])),
            axis=alt.Axis(labelLimit=260),
        ),
    )
    bars = base.mark_bar().encode(
        x=alt.X(
            "mean_helped:Q",
            title="Mean helped (0-10)",
            scale=alt.Scale(domain=[0, 10]),
            axis=alt.Axis(values=list(range(0, 11, 2))),
        ),
        color=alt.Color(
            "kind:N", title="Kind", scale=alt.Scale(domain=_RESPONSE_DOMAIN, range=_RESPONSE_RANGE)
        ),
        tooltip=[
            alt.Tooltip("response:N", title="Response"),
            alt.Tooltip("kind:N", title="Kind"),
            alt.Tooltip("mean_helped:Q", title="Mean helped", format=".1f"),
            alt.Tooltip("rated:Q", title="Times rated"),
        ],
    )
    counts = base.mark_text(align="left", dx=4, color="#4a5259").encode(
        x=alt.X("mean_helped:Q"), text=alt.Text("count_label:N")
    )
    return alt.layer(
        bars,
        counts,
        title=alt.Title(
            title,
            subtitle="Mean \u201chelped\u201d rating per response (0-10); how often it was rated beside it",
        ),
    )
