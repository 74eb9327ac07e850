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
from analytics.words import patterns as pattern_words

ROW_STEP = 54
"""Pixels per row: two lines of words (what, and status with n) above the interval."""
CLAIMED_COLOUR = theme.TREND
UNCLEAR_COLOUR = theme.SESSION_RULE
TITLE_LINE = 34
"""Characters per title line: a title wraps rather than running past a phone's edge."""
STATUS = ["went with it", "not clear yet"]


def wrap(text: str, width: int = TITLE_LINE) -> list[str]:
    """`text` in lines of at most `width` characters, broken between words."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def interval_marks(
    base: alt.Chart, status: list[str], axis_title: str | list[str], y_offset: int
) -> tuple[alt.Chart, alt.Chart, alt.Chart]:
    """A difference with its interval on each row of `base` (fields `difference`, `low`,
    `high`, `status`), drawn `y_offset` px below the row's words: (zero, interval, dot). The
    first of `status` is the claimed one (the trend colour, a thick line, a filled dot); the
    others are grey, thin and hollow. The patterns chart and the days after a session share it.
    """
    claimed, others = [CLAIMED_COLOUR], len(status) - 1
    colour = alt.Color(
        "status:N",
        scale=alt.Scale(domain=status, range=claimed + [UNCLEAR_COLOUR] * others),
        legend=None,
    )
    x = alt.X(
        "low:Q",
        title=axis_title,
        axis=alt.Axis(orient="top", titleFontSize=11, tickMinStep=0.5, labelOverlap=True),
    )
    interval = base.mark_rule(yOffset=y_offset).encode(
        x=x,
        x2="high:Q",
        color=colour,
        strokeWidth=alt.StrokeWidth(
            "status:N", scale=alt.Scale(domain=status, range=[3.5] + [1.5] * others), legend=None
        ),
    )
    dot = base.mark_point(size=70, strokeWidth=2, opacity=1, yOffset=y_offset).encode(
        x="difference:Q",
        color=colour,
        fill=alt.Fill(
            "status:N",
            scale=alt.Scale(domain=status, range=claimed + ["#ffffff"] * others),
            legend=None,
        ),
    )
    # Zero as a short tick on each row's line, not a rule through the words above it.
    zero = base.mark_tick(yOffset=y_offset, size=18, thickness=1, color=theme.LABEL_TEXT).encode(
        x=alt.datum(0)
    )
    return zero, interval, dot


def chart_rows(results: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """The rows drawn: tested rows of `outcome`, claimed first (clearest first), then by size
    of difference; only the columns the chart needs (the browser gets nothing else)."""
    rows = results[(results["outcome"] == outcome) & results["tested"]].copy()
    rows["order"] = rows["p"].where(rows["claimed"], 2 + (-rows["difference"].abs()))
    rows = rows.sort_values(["order", "factor", "lag"], kind="stable")
    status = ["went with it" if c else "not clear yet" for c in rows["claimed"]]
    return pd.DataFrame(
        {
            "factor": [patterns.label(r) for r in rows.itertuples()],
            "status": status,
            "days": [
                pattern_words.pattern_days(s, r.n_with, r.n_without)
                for s, r in zip(status, rows.itertuples(), strict=True)
            ],
            "difference": rows["difference"].round(2),
            "low": rows["low"].round(2),
            "high": rows["high"].round(2),
            "n_with": rows["n_with"],
            "n_without": rows["n_without"],
            "mean_with": rows["mean_with"].round(2),
            "mean_without": rows["mean_without"].round(2),
        }
    )


def patterns_chart(results: pd.DataFrame, outcome: str, title: str) -> alt.LayerChart:
    """The difference (with minus without, points, allowing for how one day carries into the
    next and for any steady rise or fall: see `analytics.patterns`) per factor and lag, with
    its interval.

    Each row's words sit above its interval, across the chart's whole width, so a long
    practice name and the plot both fit a phone. `title` comes from `patterns.title`, the same
    facts as the sentences beside the chart."""
    data = chart_rows(results, outcome)
    y = alt.Y("factor:N", sort=data["factor"].tolist(), title=None, axis=None)
    tooltip = [
        alt.Tooltip("factor:N", title="Days"),
        alt.Tooltip("status:N", title="So far"),
        alt.Tooltip(
            "difference:Q", title="Difference, allowing for carry-over and trend", format="+.2f"
        ),
        alt.Tooltip("low:Q", title="Interval from", format="+.2f"),
        alt.Tooltip("high:Q", title="Interval to", format="+.2f"),
        alt.Tooltip("n_with:Q", title="Days with"),
        alt.Tooltip("n_without:Q", title="Days without"),
        alt.Tooltip("mean_with:Q", title="Plain average with", format=".1f"),
        alt.Tooltip("mean_without:Q", title="Plain average without", format=".1f"),
    ]
    base = alt.Chart(data).encode(y=y, tooltip=tooltip)
    axis_title = pattern_words.difference_axis(outcome, "days with minus days without")
    zero, intervals, dots = interval_marks(base, STATUS, axis_title, y_offset=12)
    claimed = f"datum.status == '{STATUS[0]}'"
    words = {"align": "left", "baseline": "middle", "dy": -16, "fontSize": 12, "limit": 340}
    what = base.mark_text(fontWeight="bold", **words).encode(
        x=alt.value(0), text="factor:N", color=alt.value(theme.TITLE_TEXT)
    ).transform_filter(claimed) + base.mark_text(**words).encode(
        x=alt.value(0), text="factor:N", color=alt.value(theme.TITLE_TEXT)
    ).transform_filter(f"!({claimed})")
    days = base.mark_text(align="left", baseline="middle", dy=-2, fontSize=11, limit=340).encode(
        x=alt.value(0), text="days:N", color=alt.value(theme.LABEL_TEXT)
    )
    return (zero + intervals + dots + what + days).properties(
        title=alt.Title(
            wrap(title),
            subtitle=[
                "Dot: days with minus without, allowing for carry-over",
                "and any steady rise or fall. Line: how sure.",
                "Filled and blue: went with it; hollow grey: not clear yet.",
            ],
        ),
        height=alt.Step(ROW_STEP),
    )
