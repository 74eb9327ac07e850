"""Measures: each questionnaire in use over time, on its severity bands, beside wellbeing."""

from __future__ import annotations

from functools import partial

import streamlit as st

from analytics import clock, outcomes, safety, storage
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

with st.expander("My course of therapy"):
    course_words = st.empty()  # filled after the buttons, so it says what a click just saved
    began = st.date_input(
        "The day my new course of therapy began",
        value=storage.chosen_course_start(con) or clock.today(),
        max_value=clock.today(),
        key="course_start_day",
        format="YYYY-MM-DD",
    )
    if st.button("I started a new course of therapy", key="course_start_save") and common.attempt(
        lambda: storage.set_course_start(con, began)
    ):
        common.written(f"Change is now measured from your first response since {began:%-d %b %Y}.")
    if storage.chosen_course_start(con) is not None and st.button(
        "Measure from my first session or questionnaire again", key="course_start_clear"
    ):
        storage.set_course_start(con, None)
        common.written("Change is measured from your first session or questionnaire again.")
    course_words.markdown(outcomes.course_words(con))

view = outcomes.measures_view(con, chosen.start, chosen.end)
if not view.shown:
    common.not_enough_data(
        "No questionnaires yet. Choose the ones you use above, then fill one in on the Log "
        "page, under Questionnaire."
    )
    st.stop()

# The headline where both PHQ-9 and GAD-7 are answered: NHS Talking Therapies judges them
# together; each measure's own words follow below.
if view.paired:
    with st.container(border=True):
        st.markdown(f"**{view.paired.headline()}**")
        st.markdown(view.paired.details())
for section in view.sections:
    story, key = section.story, section.story.measure.key
    st.header(story.measure.name, divider="gray")
    if section.risk is not None:
        risk = section.risk
        if risk.highest is not None:
            # Calm, never alarm-styled: every answer above 0 in these dates, the highest first,
            # and the message that fits the highest.
            help_lines = "\n".join(f"- {line}" for line in safety.help_lines(view.crisis_region))
            st.info(
                "  \n".join(risk.lines(span="these dates"))
                + f"\n\n{safety.safety_body(risk.highest[1])}\n\n{help_lines}",
                icon=":material/favorite:",
            )
        elif risk.phq9s:
            st.caption(risk.lines(span="these dates")[0])
    if not story.n:  # otherwise the chart's title states the finding
        st.markdown(f"**{story.finding()}**")
    if section.latest:
        st.markdown(section.latest)
    # The change since the previous response too, beside the title's change since the first:
    # a worsening after a recovery is said, not hidden behind it.
    if section.since_previous:
        st.markdown(section.since_previous)
    # What the published forms add: WHO-5's prompt, PHQ-9's and GAD-7's unscored question.
    if section.who5_prompt:
        st.markdown(section.who5_prompt)
    if section.difficulty:
        st.markdown(section.difficulty)
    if not story.enough:
        common.not_enough_data(outcomes.not_enough_words(story))
    if story.n:
        chart = common.built_once(
            section.chart_key,
            partial(story_chart, story, view.weekly, chosen.start, chosen.end),
        )
        common.show_chart(chart, f"measures-{key}")
