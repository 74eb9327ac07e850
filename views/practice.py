"""Practice: streaks, this week against the target, habit strength, calendars, and wellbeing."""

from __future__ import annotations

import streamlit as st

from analytics import clock, patterns, practice
from analytics.charts import patterns as pattern_charts
from analytics.charts import practice as charts
from analytics.dates import DateRange
from analytics.text import plain
from analytics.words import patterns as pattern_words
from analytics.words import phrases
from views import common

st.title("Practice")
st.caption(
    "The skills you are practising between sessions: how steadily, and how your days feel "
    "with them. A rest day you logged never breaks a streak."
)

con = common.journal()
days: DateRange = common.date_range()
journal = practice.load(con, clock.today())

if journal.is_empty:
    common.not_enough_data(
        "Not enough data yet: no practice has been logged. When you log a practice on the Log "
        "page, its streaks and habit strength will show here."
    )
    st.stop()

summary = practice.overview(journal)
for sentence in practice.summary(summary):
    st.markdown(plain(sentence))

st.header("Streaks and habit strength", divider="gray")
st.dataframe(
    practice.overview_table(summary),
    hide_index=True,
    width="stretch",
    # Narrow columns with short headings: all five fit a phone's width.
    column_config={
        "Practice": st.column_config.TextColumn("Practice", width=124),
        "Current streak": st.column_config.TextColumn(
            "Streak", width=62, help="The streak going now"
        ),
        "Longest streak": st.column_config.TextColumn("Longest", width=62),
        "This week": st.column_config.TextColumn("Week", width=48, help="This week, of its target"),
        "Habit strength": st.column_config.NumberColumn(
            "Strength",
            width=60,
            format="%d",
            help=(
                "Loop Habit Tracker's score (0-100): the share of your target met over the last "
                "days (two weeks for a weekly target), smoothed so it fades slowly on days "
                "without. A steady 2 a week against a target of 4 settles at 50."
            ),
        ),
    },
)
st.caption(
    "A daily practice counts days in a row; a practice with a weekly target counts weeks in a "
    "row that met it. Today (and this week) are still open, so they never break a streak."
)


def build_strength_chart():
    strength = practice.strength_over_time(journal, days)
    if practice.strength_history_days(strength) < practice.MIN_STRENGTH_DAYS:
        return None
    return charts.strength_chart(strength)


# Each chart is built once per journal version (journal.key), range and choice.
strength_chart = common.built_once(("practice-strength", journal.key, days), build_strength_chart)
if strength_chart is None:
    history = practice.strength_history_days(practice.strength_over_time(journal, days))
    common.not_enough_data(
        "Not enough data yet: no practice falls in this range."
        if history == 0
        else f"Habit strength is drawn once there are {practice.MIN_STRENGTH_DAYS} days of "
        f"practice history in this range; so far {phrases.count(history, 'day')}."
    )
else:
    common.show_chart(strength_chart, "practice-habit-strength")

st.header("Calendar", divider="gray")
ids = dict(zip(summary["practice"], summary["practice_id"], strict=True))  # names are unique
chosen = st.selectbox("Practice", list(ids), key="practice_calendar")
calendar = practice.calendar(journal, ids[chosen], days)
common.show_chart(
    common.built_once(
        ("practice-calendar", journal.key, days, ids[chosen]),
        lambda: charts.calendar_chart(calendar, chosen),
    ),
    "practice-calendar",
)
if days.days > len(calendar):
    st.caption("The calendar shows the last two years of the range.")

st.header("Practice and wellbeing", divider="gray")
# The same question as the Patterns page, answered by the same test over the same days.
view = practice.wellbeing_patterns(con, days)
if view.widened:
    st.caption(
        f"Looked at over the {patterns.MIN_SPAN_DAYS} days ending {view.looked_at.end:%-d %B %Y} "
        f"({view.looked_at.label()}), as on the Patterns page."
    )
if view.state == "too_regular":
    common.not_enough_data(plain(view.cannot_tell_apart_text()))
    if too_few := view.too_few_text():
        st.caption(plain(too_few))
elif view.state != "ready" or view.results.empty:
    common.not_enough_data(
        plain(
            pattern_words.patterns_need(
                view.outcome_days, view.nearest, outcome="wellbeing", factors=view.factors
            )
        )
    )
else:
    lines = patterns.sentences(view.results)
    for line in lines:
        st.markdown(f"- {plain(line)}")
    if not lines:
        st.markdown(plain(pattern_words.no_pattern_yet("wellbeing", view.tried)))
    common.show_chart(
        common.built_once(
            ("practice-wellbeing", view.key),
            lambda: pattern_charts.patterns_chart(
                view.results, "wellbeing", patterns.title(view.results, "wellbeing")
            ),
        ),
        "practice-wellbeing",
    )
    st.caption(pattern_words.NOT_CLEAR_YET)
    for text in (view.cannot_tell_apart_text(), view.too_few_text()):
        if text:
            st.caption(plain(text))
