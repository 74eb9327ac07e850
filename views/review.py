"""Session review: the weeks since the last session, compared with the period before, an agenda
to take along, and a PDF brief for the therapist."""

from __future__ import annotations

import streamlit as st

from analytics import clock, review
from analytics import sessions as session_dates
from analytics.charts import review as review_charts
from analytics.export import session_brief
from analytics.export.brief import (
    BriefChoices,
    agenda_choice_label,
    brief_file_name,
    patterns_choice_label,
    preview_brief,
    preview_lines,
)
from analytics.text import plain
from analytics.words import review as review_words
from views import common

st.title("Session review")
st.caption(
    "Everything since your last session, next to the stretch before it. Take what helps; leave what doesn't."
)

con = common.journal()
today = clock.today()
sessions = session_dates.review_dates(con, today)
past = [d for d in sessions if d < today]

if past:
    left, right = st.columns(2)
    start = left.selectbox(
        "From the session on",
        list(reversed(past)),
        format_func=lambda d: f"{d:%A %-d %B %Y}",
        key="review_start",
    )
    later = [d for d in sessions if d > start]
    end = right.selectbox(
        "Up to",
        [None, *later],
        format_func=lambda d: "today" if d is None else f"the session on {d:%A %-d %B %Y}",
        key="review_end",
    )
    choice = review.choose_period(sessions, today, start, end)
else:
    choice = review.choose_period(sessions, today)
    st.info(
        f"No therapy sessions logged yet, so this shows the last {review.NO_SESSION_DAYS} days. "
        "Add your session dates on the Log page to review the time between sessions.",
        icon=":material/event:",
    )

result = review.session_review(con, choice, today)
period, previous = choice.period, choice.previous
st.caption(review_words.period_caption(choice))
if choice.next_session:
    st.caption(f"Next session: {choice.next_session:%A %-d %B}.")
st.markdown(f"**{plain(result.summary)}**")

wellbeing, trigger_facts = result.wellbeing, result.trigger_facts
figures = st.columns(4)
figures[0].metric(
    "Mean wellbeing",
    "–" if wellbeing.mean is None else f"{wellbeing.mean:.1f}",
    None if wellbeing.shown_change is None else f"{wellbeing.shown_change:+.1f}",
    delta_color="off",
    help=result.wellbeing_help(),
)
figures[1].metric("Setbacks", result.setback_figure, help="Sustained dips below your own trend.")
figures[2].metric(
    "Triggers",
    trigger_facts.total,
    # No arrow for no change ("↑ +0" read as a rise), as Home shows it.
    f"{trigger_facts.total - trigger_facts.previous_total:+d}"
    if trigger_facts.total != trigger_facts.previous_total
    else None,
    delta_color="off",
    help=f"{trigger_facts.previous_total} in the period before.",
)
figures[3].metric(
    "Met with a new skill",
    f"{trigger_facts.new_skill} of {trigger_facts.total}" if trigger_facts.total else "–",
    help=f"Before: {trigger_facts.previous_new_skill} of {trigger_facts.previous_total}.",
)

st.header("Wellbeing", divider="gray")
st.markdown(
    plain(review_words.wellbeing_sentence(wellbeing).capitalize() + " " + result.setback_text())
)
for line in result.sleep_lines():
    st.markdown(plain(line))
# Each chart built once per review (result.key names its journal version, period and day):
# shown here, then put in the brief.
drawn = {}
if wellbeing.check_in_days:
    wellbeing_chart = common.built_once(
        ("review-wellbeing", result.key), lambda: review_charts.progress_chart(result)
    )
    drawn["wellbeing"] = wellbeing_chart.chart
    common.show_chart(wellbeing_chart, "review-wellbeing")
if len(result.setbacks):
    st.dataframe(
        review.kept_part(result, "setback_rows", lambda: review.setback_rows(result.setbacks)),
        hide_index=True,
        width="stretch",
        column_config={name: common.DAY_COLUMN for name in ("Began", "Lowest")},
    )

st.header("Triggers", divider="gray")
st.markdown(plain(result.trigger_text()))
if trigger_facts.total:
    trigger_chart = common.built_once(
        ("review-triggers", result.key), lambda: review_charts.trigger_chart(result)
    )
    drawn["triggers"] = trigger_chart.chart
    common.show_chart(trigger_chart, "review-triggers")

st.header("Practice", divider="gray")
st.markdown(plain(result.practice_text()))
if result.practice_days:
    practice_chart = common.built_once(
        ("review-practice", result.key), lambda: review_charts.practice_chart(result)
    )
    drawn["practice"] = practice_chart.chart
    common.show_chart(practice_chart, "review-practice")
    st.dataframe(
        review.kept_part(result, "practice_rows", lambda: review.practice_rows(result.practices)),
        hide_index=True,
        width="stretch",
    )

if result.measures:
    st.header("Questionnaires", divider="gray")
    if result.course is not None:  # the paired outcome first, each measure's words after
        with st.container(border=True):
            st.markdown(f"**{result.course.headline()}**  \n{result.course.details()}")
    for latest in result.measures:
        st.markdown("  \n".join(latest.lines()))
    chart = common.built_once(
        ("review-questionnaires", result.key), lambda: review_charts.questionnaire_chart(result)
    )
    if chart is not None:
        drawn["questionnaires"] = chart.chart
        common.show_chart(chart, "review-questionnaires")

st.header("Patterns", divider="gray")
st.markdown(plain(result.pattern_text()))
for line in result.pattern_lines():
    st.markdown(f"- {plain(line)}")
st.page_link(
    "../views/patterns.py", label="All patterns, with how sure each is", icon=":material/insights:"
)

st.header("Notable days", divider="gray")
st.caption(plain(result.notable_text()))
if not result.notable_days.empty:
    st.dataframe(
        review.kept_part(result, "notable_rows", lambda: review.notable_rows(result.notable_days)),
        hide_index=True,
        width="stretch",
    )


def agreed_tasks(facts: session_dates.TaskFacts | None) -> None:
    """Tasks agreed in the session the period starts with: done against not done, with n."""
    if facts is None:
        return
    st.header("Tasks agreed in session", divider="gray")
    st.caption(plain(session_dates.task_sentence(facts)))
    left, right = st.columns([1, 2])
    left.dataframe(session_dates.task_table(facts), hide_index=True, width="stretch")
    right.dataframe(session_dates.task_rows(facts), hide_index=True, width="stretch")


agreed_tasks(result.tasks)

st.header("From your reflections", divider="gray")
tried, learned = review.reflection_lists(result.reflections)
left, right = st.columns(2)
with left:
    st.subheader("Where I tried something new")
    for line in tried or ["Nothing written here in this period."]:
        st.markdown(f"- {plain(line)}")
with right:
    st.subheader("What felt hard, and what I learned")
    for line in learned or ["Nothing written here in this period."]:
        st.markdown(f"- {plain(line)}")
if stirred := review.stirred_up_lines(result.reflections):
    st.subheader("What got stirred up after a session")
    for line in stirred:
        st.markdown(f"- {plain(line)}")

st.subheader("What I want to bring to the session")
st.caption(
    "Gathered from your reflections. Untick what you'd rather not raise, edit, or add your own."
)
agenda_frame = st.data_editor(
    # Kept with the review: the editor works on a copy of it, never on the kept frame.
    review.kept_part(result, "agenda_frame", lambda: review.agenda_frame(result.agenda)),
    num_rows="dynamic",
    hide_index=True,
    width="stretch",
    key=f"agenda-{period.start}-{period.end}",
    column_config={
        "bring": st.column_config.CheckboxColumn("Bring it", default=True, width="small"),
        "item": st.column_config.TextColumn("Item", max_chars=500, width="large"),
    },
)
agenda = review.ticked_items(agenda_frame)

st.header("Session brief for your therapist", divider="gray")
if not result.has_entries:
    st.caption("Nothing is logged in this period yet, so there is no brief to make.")
    st.stop()
st.caption(
    "A PDF of one to five pages: page 1 gathers what your therapist reads first. Your private "
    "words stay out unless you tick them in."
)
include_private = st.checkbox(
    "Include my notes, reflection answers and goals in my words", value=False, key="brief_private"
)
include_agenda = st.checkbox(agenda_choice_label(len(agenda)), value=False, key="brief_agenda")
include_charts = st.checkbox("Include the charts", value=True, key="brief_charts")
include_item_9 = True
if any(latest.item_9_line() for latest in result.measures):
    # In by default (it is safety-relevant); taken out, the brief says that it was.
    include_item_9 = st.checkbox(
        "Include my answer to PHQ-9 item 9 (thoughts of being better off dead or of hurting "
        "myself)",
        value=True,
        key="brief_item_9",
        help="Your therapist will want to know. If you take it out, the brief says it was taken out.",
    )
content = session_brief.brief_content(result, agenda, drawn=drawn)
include_patterns = bool(content.patterns) and st.checkbox(
    patterns_choice_label(len(result.pattern_lines())), value=False, key="brief_patterns"
)
choices = BriefChoices(
    include_private_text=include_private,
    include_agenda=include_agenda,
    include_charts=include_charts,
    include_item_9=include_item_9,
    include_patterns=include_patterns,
)
preview = preview_brief(content, choices)
with st.container(border=True):
    st.markdown("**The brief will hold**")
    lines, left_out = preview_lines(preview)
    for line in lines:
        st.markdown(plain(line))
    if left_out:
        st.caption(plain(left_out))
wanted, lock = common.password_lock(
    "brief",
    "brief",
    help=(
        "For sending the brief by e-mail: it opens only with this password. "
        "Tell your therapist the password another way, for example in person or by phone."
    ),
)
st.download_button(
    "Download the locked brief (PDF)" if wanted else "Download the brief (PDF)",
    data=lambda: session_brief.session_brief_pdf(result, choices, agenda, password=lock.password),
    file_name=brief_file_name(period),
    mime="application/pdf",
    on_click="ignore",
    type="primary",
    icon=":material/lock:" if lock.password else ":material/picture_as_pdf:",
    key="brief_download",
    disabled=lock.blocked,
)
