"""Measures: each questionnaire in use over time, on its severity bands, beside wellbeing."""

from __future__ import annotations

import streamlit as st

from analytics import outcomes, storage
from analytics.charts.measures import story_chart
from analytics.measures import MEASURES
from views import common

st.title("Measures")
st.caption(
    "PHQ-9 (depression), GAD-7 (anxiety) and WHO-5 (wellbeing): the questionnaires therapists "
    "use to see whether therapy is helping. Your answers stay on this computer."
)
con = common.journal()
chosen = common.date_range()

with st.expander("Which questionnaires I use"):
    in_use = storage.measures_in_use(con) or []
    picked = st.multiselect(
        "Questionnaires in use (Home says when one is due, 14 days after the last)",
        list(MEASURES),
        default=in_use,
        format_func=lambda k: f"{MEASURES[k].name} ({MEASURES[k].about})",
        key="measures_in_use",
    )
    if st.button("Save my choice", key="measures_in_use_save") and common.attempt(
        lambda: storage.set_measures_in_use(con, picked)
    ):
        common.written("Your questionnaires are saved.")

shown = outcomes.shown_measures(con)
if not shown:
    common.not_enough_data(
        "No questionnaires yet. Choose the ones you use above, then fill one in on the Log "
        "page, under Questionnaire."
    )
    st.stop()

weekly = outcomes.weekly_wellbeing(con, chosen.start, chosen.end)
for key in shown:
    story = outcomes.measure_story(con, key, chosen.start, chosen.end)
    st.header(story.measure.name, divider="gray")
    if not story.n:  # otherwise the chart's title states the finding
        st.markdown(f"**{story.finding()}**")
    if latest := outcomes.latest_words(story):
        st.markdown(latest)
    # The change since the previous response too, beside the title's change since the first:
    # a worsening after a recovery is said, not hidden behind it.
    if story.n:
        score = outcomes.latest_score(story.measure, story.latest)
        if score.previous is not None:
            st.markdown("  \n".join(score.lines()[1:]))
    if not story.enough:
        common.not_enough_data(outcomes.not_enough_words(story))
    if story.n:
        chart = common.built_once(
            outcomes.fingerprint(
                story.responses, weekly, extra=(key, chosen.start, chosen.end, story.finding())
            ),
            lambda story=story: story_chart(story, weekly, chosen.start, chosen.end),
        )
        common.show_chart(chart, f"measures-{key}")
