"""Progress: the trend of wellbeing over the chosen range, its setbacks, and recovery."""

from __future__ import annotations

import streamlit as st

from analytics import progress, storage
from analytics.charts import progress as charts
from analytics.text import plain
from analytics.words import phrases
from views import common

st.title("Progress")
st.caption(
    "Progress is not a straight line. The bold line is your trend; shaded bands are setbacks, "
    "measured against your own usual ups and downs."
)

con = common.journal()
days = common.date_range()
extra = st.segmented_control(
    "Also show",
    ["anxiety", "energy"],
    selection_mode="multi",
    default=[],
    key="progress_extra",
    format_func=str.capitalize,
)
view = progress.progress_view(con, days.start, days.end, storage.session_days(con))
summary = view.summary

if not view.has_trend and view.history_check_in_days >= progress.MIN_TREND_DAYS:
    common.not_enough_data(
        f"No check-ins in this range yet ({days.label()}). The trend shows here once you "
        "check in; it is computed on your history, so one check-in is enough."
    )
elif not view.has_trend:
    common.not_enough_data(progress.KEEP_LOGGING)
    st.caption(
        f"Check-in days so far: {view.history_check_in_days} of about "
        f"{progress.MIN_TREND_DAYS} needed."
    )
else:
    st.markdown(f"**{plain(summary.sentence)}**")
    figures = st.columns(4)
    figures[0].metric(
        "Change in trend",
        f"{summary.change:+.1f}",
        help="Trend at the end of the range minus at its start (0-10 scale).",
    )
    figures[1].metric(
        "Per month",
        "n/a" if summary.slope_per_month is None else f"{summary.slope_per_month:+.1f}",
        help="The change in trend above, spread evenly over the months of the range. "
        f"Shown once the range has {progress.MIN_TREND_DAYS} check-in days.",
    )
    figures[2].metric(
        "Days at or above the start",
        f"{summary.share_at_or_above_start:.0%}",
        help=progress.share_help(summary),
    )
    figures[3].metric("Setbacks", summary.setbacks)
    # Each chart is built once per view (view.key: the check-ins' version, range, sessions).
    progress_chart = common.built_once(
        ("progress", view.key, tuple(extra or ())),
        lambda: charts.progress_chart(
            view.points,
            view.trend,
            view.setbacks,
            view.sessions,
            title=summary.headline,
            subtitle=("Weekly averages" if view.weekly else "Daily averages")
            + f" ({phrases.count(summary.check_in_days, 'check-in day')} in this range; the trend "
            "is fitted on your whole history); dashed lines are therapy sessions",
            extra=extra or (),
            weekly=view.weekly,
        ),
    )
    common.show_chart(progress_chart, "progress")
    # The table at the page's width: squeezed into a column, "Deepest" was cut and its values
    # looked blank.
    st.subheader("Setbacks")
    if view.setbacks.empty:
        st.caption("No setbacks in this range.")
    else:
        st.dataframe(
            progress.setback_table(view.setbacks),
            hide_index=True,
            width="stretch",
            column_config={name: common.DAY_COLUMN for name in ("Began", "Lowest")},
        )
    if view.recovered_setbacks >= 2:
        recovery_chart = common.built_once(
            ("recovery", view.key),
            lambda: charts.recovery_chart(
                view.setbacks, title=progress.recovery_title(summary, view.setbacks)
            ),
        )
        common.show_chart(recovery_chart, "recovery")
    elif len(view.setbacks):
        st.caption(
            "Recovery over time appears once two setbacks in this range are behind you: "
            f"{phrases.n_of(view.recovered_setbacks, len(view.setbacks))} so far."
        )
    st.subheader("Between sessions")
    if view.periods.empty:
        st.caption(
            "Add your therapy session dates on the Log page to see each week between sessions."
        )
    else:
        st.dataframe(
            progress.period_table(view.periods),
            hide_index=True,
            width="stretch",
            column_config={"From session": common.DAY_COLUMN},
        )
        st.caption(
            "Averages of daily wellbeing in each stretch between two sessions. Direction from a robust slope; it shows a tendency, not a cause."
        )
