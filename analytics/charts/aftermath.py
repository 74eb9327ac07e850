"""The days after a session against the usual level: one dot per day (the session's day and
the three after it) for the difference from the usual level, with its band (the likely range,
see `analytics.aftermath`). Claimed days are filled in the trend colour with a thick band;
the others hollow grey and "not clear yet"; each day's label names its sessions, so the n is
never only in a tooltip.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from analytics import theme
from analytics.charts.patterns import interval_marks, wrap
from analytics.words import patterns as pattern_words

STATUS = ["stands out", "not clear yet", "too few sessions"]
DAY_NAMES = {0: "Session day", 1: "Day 1", 2: "Day 2", 3: "Day 3"}


def chart_rows(results: pd.DataFrame, outcome: str) -> pd.DataFrame:
    """The rows drawn, only the columns the chart needs."""
    rows = results[(results["outcome"] == outcome) & results["difference"].notna()]
    status = [
        STATUS[0] if r.claimed else STATUS[1] if r.tested else STATUS[2] for r in rows.itertuples()
    ]
    return pd.DataFrame(
        {
            "day": [DAY_NAMES[int(d)] for d in rows["day_after"]],
            "label": [
                f"{DAY_NAMES[int(r.day_after)]} · {r.n_sessions:,} "
                f"{'session' if r.n_sessions == 1 else 'sessions'} · {s}"
                for r, s in zip(rows.itertuples(), status, strict=True)
            ],
            "status": status,
            "difference": rows["difference"].round(2).to_numpy(),
            "low": rows["low"].round(2).to_numpy(),
            "high": rows["high"].round(2).to_numpy(),
            "n_sessions": rows["n_sessions"].astype(int).to_numpy(),
        }
    )


def aftermath_chart(results: pd.DataFrame, outcome: str, title: str) -> alt.LayerChart:
    """Difference from the usual level (points) for each of the days after a session, with its
    band; 0 is the usual level, drawn as a labelled line. `title` is the section's sentence
    (`aftermath.summary`)."""
    data = chart_rows(results, outcome)
    order = [DAY_NAMES[d] for d in DAY_NAMES if DAY_NAMES[d] in set(data["day"])]
    y = alt.Y("day:N", sort=order, title=None, axis=None)
    tooltip = [
        alt.Tooltip("day:N", title="Day"),
        alt.Tooltip("status:N", title="So far"),
        alt.Tooltip("difference:Q", title="Against your usual level (points)", format="+.2f"),
        alt.Tooltip("low:Q", title="Likely from", format="+.2f"),
        alt.Tooltip("high:Q", title="Likely to", format="+.2f"),
        alt.Tooltip("n_sessions:Q", title="Sessions with the day logged", format="d"),
    ]
    base = alt.Chart(data).encode(y=y, tooltip=tooltip)
    axis_title = pattern_words.difference_axis(outcome, "that day minus your usual level")
    usual, bands, dots = interval_marks(base, STATUS, axis_title, y_offset=10)
    words = base.mark_text(align="left", baseline="middle", dy=-8, fontSize=12, limit=340).encode(
        x=alt.value(0), text="label:N", color=alt.value(theme.TITLE_TEXT)
    )
    return (usual + bands + dots + words).properties(
        title=alt.Title(
            wrap(title),
            subtitle=[
                "Dot: that day against your usual level (0);",
                "line: the likely range. Filled and blue: stands",
                "out; hollow grey: not clear yet.",
            ],
        ),
        height=alt.Step(40),
    )
