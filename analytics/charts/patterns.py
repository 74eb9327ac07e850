"""The patterns chart: each factor's difference in the outcome, with its interval.

One row per factor and lag that has enough days to compare; claimed patterns stand out (a
filled dot in the trend colour, a thick interval and "went with" in the row's label), the
others sit in grey with a hollow dot and "not clear yet". Every row's label names its days
with and without, so the n is never only in a tooltip.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from analytics import patterns, theme

ROW_STEP = 40
"""Pixels per row: two label lines (what, and status with n) and the interval."""
CLAIMED_COLOUR = theme.TREND
UNCLEAR_COLOUR = theme.SESSION_RULE


def chart_rows(results: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """The rows drawn: tested rows of `outcome`, claimed first (clearest first), then by size
    of difference; only the columns the chart needs (the browser gets nothing else)."""
    rows = results[(results["outcome"] == outcome) & results["tested"]].copy()
    rows["order"] = rows["p"].where(rows["claimed"], 2 + (-rows["difference"].abs()))
    rows = rows.sort_values(["order", "factor", "lag"], kind="stable")
    labels = [patterns.label(r) for r in rows.itertuples()]
    status = [
        ("went with it" if r.claimed else "not clear yet")
        + f" · {r.n_with:,} days with, {r.n_without:,} without"
        for r in rows.itertuples()
    ]
    return pd.DataFrame(
        {
            "row": [f"{a}\n{b}" for a, b in zip(labels, status, strict=True)],
            "factor": labels,
            "status": ["went with it" if c else "not clear yet" for c in rows["claimed"]],
            "difference": rows["difference"].round(2),
            "low": rows["low"].round(2),
            "high": rows["high"].round(2),
            "n_with": rows["n_with"],
            "n_without": rows["n_without"],
        }
    )


def patterns_chart(results: pd.DataFrame, outcome: str, title: str) -> alt.LayerChart:
    """The difference (with minus without, points) per factor and lag, with its interval.

    `title` comes from `patterns.title`, the same facts as the sentences beside the chart."""
    data = chart_rows(results, outcome)
    order = data["row"].tolist()
    status_scale = alt.Scale(
        domain=["went with it", "not clear yet"], range=[CLAIMED_COLOUR, UNCLEAR_COLOUR]
    )
    y = alt.Y(
        "row:N",
        sort=order,
        title=None,
        axis=alt.Axis(
            labelExpr="split(datum.label, '\\n')",
            labelLimit=190,
            labelPadding=6,
            labelFontSize=11,
        ),
    )
    tooltip = [
        alt.Tooltip("factor:N", title="Days"),
        alt.Tooltip("status:N", title=""),
        alt.Tooltip("difference:Q", title="Difference (points)", format="+.1f"),
        alt.Tooltip("low:Q", title="Interval from", format="+.1f"),
        alt.Tooltip("high:Q", title="Interval to", format="+.1f"),
        alt.Tooltip("n_with:Q", title="Days with"),
        alt.Tooltip("n_without:Q", title="Days without"),
    ]
    colour = alt.Color("status:N", scale=status_scale, legend=None)
    intervals = (
        alt.Chart(data)
        .mark_rule()
        .encode(
            x=alt.X(
                "low:Q", title=f"{outcome.capitalize()}: days with minus days without (points)"
            ),
            x2="high:Q",
            y=y,
            color=colour,
            strokeWidth=alt.StrokeWidth(
                "status:N",
                scale=alt.Scale(domain=["went with it", "not clear yet"], range=[3.5, 1.5]),
                legend=None,
            ),
            tooltip=tooltip,
        )
    )
    dots = (
        alt.Chart(data)
        .mark_point(size=70, strokeWidth=2, opacity=1)
        .encode(
            x="difference:Q",
            y=y,
            color=colour,
            fill=alt.Fill(
                "status:N",
                scale=alt.Scale(
                    domain=["went with it", "not clear yet"], range=[CLAIMED_COLOUR, "#ffffff"]
                ),
                legend=None,
            ),
            tooltip=tooltip,
        )
    )
    zero = (
        alt.Chart(pd.DataFrame({"x": [0]}))
        .mark_rule(color=theme.LABEL_TEXT, strokeDash=[4, 3])
        .encode(x="x:Q")
    )
    return (zero + intervals + dots).properties(
        title=alt.Title(
            title,
            subtitle="Dots: the difference; lines: how sure (filled and blue: went with it).",
        ),
        height=alt.Step(ROW_STEP),
    )
