"""Charts of the Progress page: the trend with its setbacks, and recovery over time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import altair as alt
import pandas as pd

from analytics import theme

EXTRA_SERIES = {"anxiety": theme.PALETTE[1], "energy": theme.PALETTE[2]}


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
    y = alt.Y("value:Q", title="Wellbeing (0-10)", scale=alt.Scale(domain=[0, 10]))
    bands = (
        alt.Chart(
            setbacks[["start", "shown_from", "end", "label"]]
            if len(setbacks)
            else _empty(["start", "shown_from", "end", "label"])
        )
        .mark_rect(color=theme.SETBACK_BAND, opacity=0.7)
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
        .mark_text(align="left", baseline="top", dx=3, fontSize=11, color="#4a4560")
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
        .mark_circle(color=theme.POINTS, opacity=0.6, size=30, stroke="#ffffff", strokeWidth=0.8)
        .encode(x=alt.X("date:T", title=None), y=y, tooltip=tooltip)
    )
    line = (
        alt.Chart(trend)
        .mark_line(color=theme.TREND, strokeWidth=3.5)
        .encode(
            x="date:T",
            y=alt.Y("trend:Q", title="Wellbeing (0-10)"),
            tooltip=[
                alt.Tooltip("date:T", title=unit),
                alt.Tooltip("trend:Q", title="Trend", format=".1f"),
            ],
        )
    )
    # Days drawn over the trend: a day that sits right on it stays visible, and its tooltip wins.
    layers = [bands, rules, line, dots, labels]
    for name in extra:
        layers.insert(
            2,
            alt.Chart(points)
            .transform_fold([name], as_=["series", "level"])
            .mark_line(
                color=EXTRA_SERIES[name], strokeWidth=1.5, opacity=0.8, interpolate="monotone"
            )
            .encode(x="date:T", y="level:Q", detail="series:N", tooltip=tooltip),
        )
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


def _empty(columns: list[str]) -> pd.DataFrame:
    kinds = {"label": "object", "row": "float64"}
    return pd.DataFrame({c: pd.Series(dtype=kinds.get(c, "datetime64[ns]")) for c in columns})
