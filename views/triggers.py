"""Triggers: how often, when, how strongly, and how they were met, over the chosen range."""

from __future__ import annotations

import streamlit as st

from analytics import clock, triggers
from analytics.charts import triggers as charts
from analytics.dates import DateRange
from analytics.entries import SCALE_MAX, SCALE_MIN
from analytics.text import plain
from analytics.words import triggers as trigger_words
from views import common

st.title("Triggers")
st.caption(
    "What set things off, when, how strongly, and how you met it. These are patterns in what "
    "you logged: they show what tends to go together, not what causes what."
)

con = common.journal()
days: DateRange = common.date_range()

categories = triggers.category_options(con)
with st.container(border=True):
    left, right = st.columns([3, 2])
    chosen = left.multiselect(
        "Categories",
        categories,
        key="triggers_categories",
        placeholder="All categories",
    )
    # Shown as the ratings are given ("0", "7.5"), not "0.00" and "10.00".
    low, high = right.select_slider(
        "Intensity",
        options=[step / 2 for step in range(2 * SCALE_MIN, 2 * SCALE_MAX + 1)],
        value=(float(SCALE_MIN), float(SCALE_MAX)),
        format_func=lambda v: f"{v:g}",
        key="triggers_intensity",
    )

selection = triggers.TriggerFilter(days.start, days.end, tuple(chosen), (low, high))
grain = triggers.grain_for(days)
view = triggers.triggers_view(con, selection, grain, clock.today())
facts = view.facts
st.markdown(f"**{plain(trigger_words.summary_sentence(facts))}**")

if facts.total == 0:
    common.not_enough_data(
        "Not enough data yet: there are no triggers in this range with these filters. "
        "When you log triggers on the Log page, their patterns will show here."
    )
    st.stop()

st.header("How often", divider="gray")
# Each chart is built once per view (view.key: the triggers' version, filter, grain, day).
common.show_chart(
    common.built_once(
        ("triggers-frequency", view.key, tuple(categories)),
        lambda: charts.frequency_chart(view.frequency, grain, categories, facts.period),
    ),
    "triggers-per-category",
)
changes = view.changes
compared = facts.previous_total > 0
if compared:
    st.caption(f"Per category, {facts.period} and {facts.previous_period}.")
else:
    st.caption(
        f"Per category, {facts.period}. Nothing was logged {facts.previous_period}, so there is no change to show."
    )
st.dataframe(
    changes,
    hide_index=True,
    column_order=["category", "triggers", "previous", "change"]
    if compared
    else ["category", "triggers"],
    column_config={
        "category": st.column_config.TextColumn("Category"),
        "triggers": st.column_config.NumberColumn("This period"),
        "previous": st.column_config.NumberColumn("Period before"),
        "change": st.column_config.NumberColumn("Change", format="%+d"),
    },
)

st.header("When", divider="gray")
common.show_chart(
    common.built_once(("triggers-when", view.key), lambda: charts.when_heatmap(view.grid)),
    "triggers-by-weekday-and-time",
)
st.caption(
    "Days and hours are your own clock at the time. Morning is 5-12, afternoon 12-17, evening "
    "17-22 and night 22-5; a trigger at 1 am on a Tuesday counts as Tuesday night."
)

st.header("How intense", divider="gray")
common.show_chart(
    common.built_once(
        ("triggers-intensity", view.key), lambda: charts.intensity_chart(view.intensity, grain)
    ),
    "trigger-intensity",
)

st.header("How you met them", divider="gray")
common.show_chart(
    common.built_once(
        ("triggers-responses", view.key), lambda: charts.response_share_chart(view.response_share)
    ),
    "new-skill-share-by-month",
)

helped = view.helped
state = triggers.helped_state(helped)
if state == "unrated":
    common.not_enough_data(
        "Not enough data yet on what helped: rate how much a response helped when you log a "
        "trigger, and the responses that help most will show here."
    )
else:
    if state == "enough":
        common.show_chart(
            common.built_once(("triggers-helped", view.key), lambda: charts.helped_chart(helped)),
            "responses-that-helped",
        )
    else:
        common.not_enough_data(
            f"Not enough data yet for a chart: a response needs at least {triggers.MIN_RATED} "
            "ratings before its average means much."
        )
    st.dataframe(
        helped[["response", "kind", "helped", "rated"]],
        hide_index=True,
        column_config={
            "response": st.column_config.TextColumn("Response"),
            "kind": st.column_config.TextColumn("Kind"),
            "helped": st.column_config.TextColumn("Helped, on average"),
            "rated": st.column_config.NumberColumn("Times rated"),
        },
    )
    st.caption(
        f"An average shows once a response has been rated at least {triggers.MIN_RATED} times. "
        "Responses are grouped by what you wrote, ignoring capitals."
    )
