"""Charts of the Progress page: the trend with its setbacks, and recovery over time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import altair as alt
import pandas as pd

from analytics import theme

EXTRA_SERIES = {"anxiety": theme.ANXIETY, "energy": theme.ENERGY}
# Each line has its own colour *and* dash pattern, a legend entry and a label at its end, so
# it reads without colour (and in a black-and-white print).
SERIES_NAMES = {"wellbeing": "Wellbeing (trend)", "anxiety": "Anxiety", "energy": "Energy"}
SERIES_DASHES = {"wellbeing": [1, 0], "anxiety": [7, 4], "energy": [2, 3]}


def progress_chart(
    points: pd.DataFrame,
    trend: pd.DataFrame,
    setbacks: pd.DataFrame,
    sessions: Sequence[date],
    *,
    title: str,
    subtitle: str = "",
    extra: Sequence[str] = (),
    weekly: bool = False,
) -> alt.LayerChart:
    """Faint daily (or weekly) points, the bold trend, setbacks as soft bands with a label,
    therapy sessions as dashed rules; `extra` adds "anxiety"/"energy" as thin lines.

    `points`: date, value, anxiety, energy, check_ins, notes. `trend`: date, trend.
    `setbacks`: start, end, label (and `shown_from`, where a band is cut at the range's first
    day). Colours come from `analytics.theme`; setbacks are never red.
    """
    if len(setbacks) and "shown_from" not in setbacks:
        setbacks = setbacks.assign(shown_from=setbacks["start"])
    unit = "Week of" if weekly else "Day"
    axis_title = (
        "Wellbeing (0-10)" if not extra else "Wellbeing, " + " and ".join(extra) + " (0-10)"
    )
    y = alt.Y("value:Q", title=axis_title, scale=alt.Scale(domain=[0, 10]))
    bands = (
        alt.Chart(
            setbacks[["start", "shown_from", "end", "label"]]
            if len(setbacks)
            else _empty(["start", "shown_from", "end", "label"])
        )
        # The soft fill stays calm; the edges give the band 3:1 against the chart's white.
        .mark_rect(
            color=theme.SETBACK_BAND,
            opacity=0.7,
            stroke=theme.SETBACK_EDGE,
            strokeWidth=1,
            strokeOpacity=1,
        )
        .encode(
            x="shown_from:T",
            x2="end:T",
            tooltip=[
                alt.Tooltip("start:T", title="Setback began"),
                alt.Tooltip("label:N", title="Setback"),
            ],
        )
    )
    # Labels take turns on three rows so that setbacks close together stay readable.
    staggered = (
        setbacks[["shown_from", "label"]].assign(
            row=[9.8 - 0.6 * (i % 3) for i in range(len(setbacks))]
        )
        if len(setbacks)
        else _empty(["shown_from", "label", "row"])
    )
    labels = (
        alt.Chart(staggered)
        .mark_text(align="left", baseline="top", dx=3, fontSize=11, color=theme.SETBACK_TEXT)
        .encode(x="shown_from:T", y=alt.Y("row:Q", scale=alt.Scale(domain=[0, 10])), text="label:N")
    )
    rules = (
        alt.Chart(
            pd.DataFrame({"session": pd.to_datetime(list(sessions))})
            if len(sessions)
            else _empty(["session"])
        )
        .mark_rule(color=theme.SESSION_RULE, strokeDash=[4, 4], strokeWidth=1)
        .encode(x="session:T", tooltip=[alt.Tooltip("session:T", title="Therapy session")])
    )
    tooltip = [
        alt.Tooltip("date:T", title=unit),
        alt.Tooltip("value:Q", title="Wellbeing", format=".1f"),
        alt.Tooltip("anxiety:Q", title="Anxiety", format=".1f"),
        alt.Tooltip("energy:Q", title="Energy", format=".1f"),
        alt.Tooltip("check_ins:Q", title="Check-ins"),
        alt.Tooltip("notes:Q", title="Notes"),
    ]
    dots = (
        alt.Chart(points)
        .mark_circle(color=theme.POINTS, opacity=1, size=30, stroke="#ffffff", strokeWidth=0.8)
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(tickMinStep=theme.DAY_MS)),
            y=y,
            tooltip=tooltip,
        )
    )
    shown_series = ["wellbeing", *extra]
    series = alt.Scale(
        domain=[SERIES_NAMES[s] for s in shown_series],
        range=[EXTRA_SERIES.get(s, theme.TREND) for s in shown_series],
    )
    dashes = alt.Scale(
        domain=[SERIES_NAMES[s] for s in shown_series],
        range=[SERIES_DASHES[s] for s in shown_series],
    )
    legend = alt.Legend(title=None, symbolStrokeWidth=3, symbolSize=300)
    # With one line the axis names it; with more, a legend does (colour and dash together).
    trend_encoding = (
        {
            "color": alt.Color("series:N", scale=series, legend=legend),
            "strokeDash": alt.StrokeDash("series:N", scale=dashes, legend=legend),
        }
        if extra
        else {}
    )
    line = (
        alt.Chart(trend)
        .transform_calculate(series=repr(SERIES_NAMES["wellbeing"]))
        .mark_line(color=theme.TREND, strokeWidth=3.5)
        .encode(
            x="date:T",
            y=alt.Y("trend:Q", title=axis_title),
            **trend_encoding,
            tooltip=[
                alt.Tooltip("date:T", title=unit),
                alt.Tooltip("trend:Q", title="Trend", format=".1f"),
            ],
        )
    )
    # Days drawn over the trend: a day that sits right on it stays visible, and its tooltip wins.
    layers = [bands, rules, line, dots, labels]
    if extra:
        folded = (
            alt.Chart(points)
            .transform_fold(list(extra), as_=["key", "level"])
            .transform_calculate(series=_series_name_expression())
            .transform_filter("isValid(datum.level)")
        )
        lines = folded.mark_line(strokeWidth=2, interpolate="monotone").encode(
            x="date:T",
            y="level:Q",
            color=alt.Color("series:N", scale=series, legend=legend),
            strokeDash=alt.StrokeDash("series:N", scale=dashes, legend=legend),
            tooltip=tooltip,
        )
        # A label at each line's last point: the line is named where the eye ends up.
        ends = (
            folded.transform_joinaggregate(last="max(date)", groupby=["series"])
            .transform_filter("datum.date === datum.last")
            .mark_text(align="left", dx=4, fontSize=11, fontWeight=600)
            .encode(
                x="date:T",
                y="level:Q",
                text="series:N",
                color=alt.Color("series:N", scale=series, legend=None),
            )
        )
        layers[2:2] = [lines, ends]
    return alt.layer(*layers).properties(
        title=alt.Title(title, subtitle=subtitle or alt.Undefined), height=340
    )


def recovery_chart(setbacks: pd.DataFrame, *, title: str) -> alt.LayerChart:
    """Days to recover from each recovered setback, by when it began, with a straight-line guide."""
    recovered = setbacks.loc[~setbacks["ongoing"], ["start", "recovery_days", "label"]].astype(
        {"recovery_days": "float64"}
    )
    base = alt.Chart(recovered).encode(
        # Padding keeps the first and last setback clear of the chart's edges.
        x=alt.X("start:T", title="Setback began", scale=alt.Scale(padding=18)),
        y=alt.Y("recovery_days:Q", title="Days to recover", scale=alt.Scale(zero=True)),
        tooltip=[alt.Tooltip("start:T", title="Began"), alt.Tooltip("label:N", title="Setback")],
    )
    # A lollipop per setback: a thin stem from zero and a dot at the days it took.
    stems = base.mark_rule(color="#8d86a8", strokeWidth=2).encode(y2=alt.datum(0))
    dots = base.mark_circle(color="#8d86a8", size=90, opacity=1)
    guide = base.transform_regression("start", "recovery_days").mark_line(
        color=theme.TREND, strokeDash=[6, 3], strokeWidth=2
    )
    layers = [stems, dots, guide] if len(recovered) >= 3 else [stems, dots]
    return alt.layer(*layers).properties(title=title, height=200)


def _series_name_expression() -> str:
    """A Vega expression naming a folded series for a person ("anxiety" -> "Anxiety")."""
    cases = " : ".join(f"datum.key === '{key}' ? '{name}'" for key, name in SERIES_NAMES.items())
    return f"{cases} : datum.key"


def _empty(columns: list[str]) -> pd.DataFrame:
    kinds = {"label": "object", "row": "float64"}
    return pd.DataFrame({c: pd.Series(dtype=kinds.get(c, "datetime64[ns]")) for c in columns})
