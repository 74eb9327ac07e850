"""Goals: up to three goals in the person's own words, each rated 0-10 (Goal-Based Outcomes)."""

from __future__ import annotations

import streamlit as st

from analytics import clock, goals, storage
from analytics.charts.goals import ratings_chart
from analytics.gbo import GOAL_TEXT_MAX, MAX_ACTIVE, QUESTION, RATING_MAX, RATING_MIN
from analytics.storage import goal_queries
from views import common

k = common.fresh_key
DONE = "goals_done"
SCALE = list(range(RATING_MIN, RATING_MAX + 1))

st.title("Goals")
st.caption(
    f"Up to {MAX_ACTIVE} goals in your own words, each rated from 0 (not at all close) to 10 "
    f"(reached): \u201c{QUESTION}\u201d This is the Goal-Based Outcomes tool many therapists "
    "use; rate at a session or on any day. Your goals stay on this computer."
)
con = common.journal()
common.show_done(DONE)
stories = goals.goal_stories(con)
active = [s for s in stories if s.active]


def done(message: str, scope: str) -> None:
    common.start_afresh(scope)
    st.session_state[DONE] = message
    st.rerun()


st.header("Rate my goals", divider="gray")
if not active:
    common.not_enough_data("No goal to rate yet. Add one under \u201cMy goals\u201d below.")
else:
    with st.form("goal_rating_form", border=False, enter_to_submit=False):
        day = st.date_input(
            "Day of the rating",
            value=clock.today(),
            max_value=clock.today(),
            key=k("goal_rate", "day"),
            format="YYYY-MM-DD",
        )
        picks = {}
        for s in active:
            st.text(s.titled())  # the person's words: plain text, never Markdown
            picks[s.goal_id] = st.pills(
                f"{s.name}: how close am I? (0-10)", SCALE, key=k("goal_rate", s.goal_id)
            )
        st.caption("A goal rated again on the same day keeps the newer rating.")
        submitted = st.form_submit_button(
            "Save ratings", type="primary", key=k("goal_rate", "save")
        )
    if submitted:
        chosen = {goal_id: rating for goal_id, rating in picks.items() if rating is not None}
        if not chosen:
            st.warning("Choose a rating for at least one goal, then save.")
        elif common.attempt(lambda: goal_queries.rate_goals(con, day, chosen)):
            rated = "1 goal" if len(chosen) == 1 else f"{len(chosen)} goals"
            done(f"Ratings saved for {rated} on {day:%-d %b %Y}.", "goal_rate")

st.header("How close I am", divider="gray")
st.markdown(f"**{goals.overview(stories)}**")
for s in stories:
    line, change = goals.story_lines(s)
    st.text(line)
    st.caption(change)
if any(s.n for s in stories):
    chart = common.built_once(
        ("goals", goal_queries.version(con)),
        lambda: ratings_chart(goals.chart_points(stories), goals.overview(stories)),
    )
    if chart is not None:
        common.show_chart(chart, "goals")
    st.dataframe(goals.summary_rows(stories), hide_index=True)
    by_session = goals.ratings_by_session(stories, storage.session_days(con))
    if by_session:
        st.subheader("Session by session")
        st.dataframe(goals.by_session_frame(by_session), hide_index=True)
        st.caption(goals.BY_SESSION_RULE)
st.caption(
    "The change is the latest rating minus the first, in points of the 0-10 scale. It is a "
    "change you and your therapist judge: no published threshold for adults is applied here."
)

st.header("My goals", divider="gray")
with st.expander("Add a goal", expanded=not stories):
    with st.form("goal_add_form", border=False, enter_to_submit=False):
        text = st.text_input(
            "My goal, in my own words", max_chars=GOAL_TEXT_MAX, key=k("goal_add", "text")
        )
        set_on = st.date_input(
            "Set on",
            value=clock.today(),
            max_value=clock.today(),
            key=k("goal_add", "day"),
            format="YYYY-MM-DD",
        )
        added = st.form_submit_button("Add goal", type="primary", key=k("goal_add", "save"))
    if added and common.attempt(lambda: goal_queries.add_goal(con, text, set_on)):
        done("Goal added. Rate it whenever you like, at a session or any day.", "goal_add")


def end_or_change(story: goals.GoalStory) -> None:
    """One active goal's form: reached, let go, changed into a new goal, or reworded."""
    scope = f"goal_{story.goal_id}"
    with st.expander(f"{story.name}: reached, let go or changed"):
        st.text(story.text)
        with st.form(f"{scope}_form", border=False, enter_to_submit=False):
            action = st.radio(
                "What happened",
                list(goals.ACTIONS),
                format_func=goals.ACTIONS.get,
                index=None,
                key=k(scope, "action"),
            )
            new_text = st.text_input(
                "New words (for a change or a fix)", max_chars=GOAL_TEXT_MAX, key=k(scope, "text")
            )
            on = st.date_input(
                "On",
                value=clock.today(),
                max_value=clock.today(),
                key=k(scope, "day"),
                format="YYYY-MM-DD",
            )
            save = st.form_submit_button("Save", key=k(scope, "save"))
    if not save:
        return
    name = story.name
    if action is None:
        st.warning("Choose what happened, then save.")
    elif action in ("reached", "let_go"):
        if common.attempt(lambda: goal_queries.end_goal(con, story.goal_id, action, on)):
            said = "reached" if action == "reached" else "let go"
            done(f"{name} marked {said}; its ratings stay.", scope)
    elif action == "changed":
        if common.attempt(lambda: goal_queries.change_goal(con, story.goal_id, new_text, on)):
            done(f"{name} changed: the new words are a goal of their own, rated from now.", scope)
    elif common.attempt(lambda: goal_queries.reword_goal(con, story.goal_id, new_text)):
        done(f"{name}'s wording fixed; its ratings stay its own.", scope)


for story in active:
    end_or_change(story)
ended = [s for s in stories if not s.active]
if ended:
    st.caption(
        "1 earlier goal keeps its ratings above."
        if len(ended) == 1
        else f"{len(ended)} earlier goals keep their ratings above."
    )
