"""Home: a warm welcome on a new journal; afterwards, the last 7 days against the 7 before."""

from __future__ import annotations

import functools
from datetime import date

import streamlit as st

from analytics import clock, outcomes, plan, progress, sessions, storage
from analytics.entries import DAILY, TaskStatus
from analytics.measures import MEASURES
from analytics.overview import WeekOverview, week_overview
from analytics.text import plain
from analytics.words import phrases
from views import common

STARTED_KEY = "journal_started_now"
LOG_FLASH_KEY = "log_flash"  # views/log.py shows it once and clears it
LOG_TAB_KEY = "log_open_tab"  # views/log.py opens this tab once


SAMPLE_KINDS = ("During therapy", "After therapy has ended")
"""The two sample journals the first start offers; the first is the default."""


def welcome(con: storage.Connection) -> None:
    st.title("Welcome to Between Sessions")
    st.markdown(
        "Therapy happens in the hour; much of the change happens in the days between. "
        "This is a quiet place to notice those days: a quick check-in, a trigger and how you met it, "
        "the practices you are trying, and what you want to bring to your next session.\n\n"
        "Everything stays on this computer. Nothing is sent anywhere."
    )
    left, right = st.columns([2, 3])
    with left, st.container(border=True):
        st.subheader("Have a look around")
        st.caption(
            "A made-up year of someone's journal, kept in a separate file. Your own journal stays "
            "empty. You can open it again later from the sidebar."
        )
        kind = st.radio(
            "Which year",
            SAMPLE_KINDS,
            index=0,
            key="home_sample_kind",
            horizontal=True,
            help="After therapy has ended: the sessions stop two months before its last day, "
            "with the person's plan and two follow-up questionnaires.",
        )
        if st.button("Explore with sample data", icon=":material/explore:", key="home_explore"):
            common.switch_journal(demo=True, ended=kind == SAMPLE_KINDS[1])
    with right, st.container(border=True):
        st.subheader("Begin your own")
        first_start(con)


def first_start(con: storage.Connection) -> None:
    """A minute to begin: the person ticks their practices (nothing is ticked for them), adds
    their own, and may give their next session date."""
    catalog = storage.practices(con)
    st.caption(
        "Which practices are you working on between sessions? Tick the ones that are yours; "
        "nothing is ticked for you, and you can change the list later on Entries."
    )
    with st.form("first_start_form", border=False, enter_to_submit=False):
        ticks = {
            row.id: st.checkbox(
                f"{plain(row.name)} ({phrases.how_often(int(row.weekly_target))})",
                value=False,
                key=f"first_start_{row.id}",
            )
            for row in catalog.itertuples()
        }
        own = st.text_area(
            "Practices of your own (optional, one per line)", key="first_start_own", height=80
        )
        own_target = st.number_input(
            "How many times a week for your own practices (1 to 7; 7 is daily)",
            min_value=1,
            max_value=DAILY,
            value=None,
            step=1,
            key="first_start_own_target",
        )
        next_session = st.date_input(
            "Your next therapy session (optional)",
            value=None,
            min_value=clock.today(),
            key="first_start_next_session",
            format="YYYY-MM-DD",
        )
        st.markdown("**Questionnaires for your therapist (optional)**")
        st.caption(
            "PHQ-9, GAD-7 and WHO-5 are short questionnaires many therapists use to see how "
            "therapy is going, every two weeks. Tick any you want to use; none is ticked for you, "
            "and you can change this later on the Measures page."
        )
        measures = [
            key
            for key, m in MEASURES.items()
            if st.checkbox(f"{m.name} ({m.about})", value=False, key=f"start_measure_{key}")
        ]
        submitted = st.form_submit_button(
            "Start my journal", type="primary", icon=":material/edit_note:", key="home_start"
        )
    if not submitted:
        return
    chosen = [practice_id for practice_id, ticked in ticks.items() if ticked]
    own_names = [line for line in own.splitlines() if line.strip()]
    if common.attempt(
        lambda: storage.start_journal(con, chosen, own_names, own_target, next_session, measures)
    ):
        st.session_state[STARTED_KEY] = True
        count = len(chosen) + len(own_names)
        st.session_state[LOG_FLASH_KEY] = (
            f"Your journal is ready with {phrases.count(count, 'practice')}. "
            "Your first check-in takes a few seconds."
            if count
            else "Your journal is ready. Add practices any time on the Entries page."
        )
        st.switch_page("../views/log.py")


def day_words(day: date, today: date) -> str:
    gap = (day - today).days
    when = {0: "today", 1: "tomorrow", -1: "yesterday"}.get(gap)
    if when is None:
        when = f"in {gap} days" if gap > 0 else f"{-gap} days ago"
    shown = f"{day:%a %-d %b}" if day.year == today.year else f"{day:%a %-d %b %Y}"
    return f"{shown} ({when})"


def overview(con: storage.Connection, week: WeekOverview, today: date) -> None:
    st.title("Your week")
    st.caption(
        f"{week.this.days.label()}, compared with the 7 days before ({week.before.days.label()})."
    )
    # Changes are shown in a neutral colour: a harder week is information, not an alarm.
    cols = st.columns(4)
    cols[0].metric(
        "Check-ins",
        week.this.check_ins,
        delta=week.check_in_change,
        delta_color="off",
        help=f"{week.before.check_ins} the week before.",
    )
    if week.this.mean_wellbeing is None:
        cols[1].metric("Mean wellbeing", "–", help="No check-ins in the last 7 days yet.")
    else:
        change = week.wellbeing_change
        cols[1].metric(
            "Mean wellbeing",
            f"{week.this.mean_wellbeing:.1f} / 10",
            delta=None if change is None else f"{change:+.1f}",
            delta_color="off",
            help=week.wellbeing_help(),
        )
    cols[2].metric(
        "Triggers",
        week.this.triggers,
        delta=week.trigger_change,
        delta_color="off",
        help=f"{week.before.triggers} the week before.",
    )
    cols[3].metric(
        "Practices done",
        week.this.practices_done,
        delta=week.practice_change,
        delta_color="off",
        help=week.practice_help(),
    )

    # Setbacks are found over the whole history; one still going on is said here in figures.
    still_going = progress.ongoing_sentence(
        progress.progress_view(con, week.this.days.start, week.this.days.end).setbacks
    )
    if still_going:
        st.markdown(plain(still_going))
    if week.trigger_finding:
        st.markdown(plain(week.trigger_finding))
    said = []
    if week.next_session:
        said.append(f"Next therapy session: {day_words(week.next_session, today)}.")
    if week.last_session:
        said.append(f"Last therapy session: {day_words(week.last_session, today)}.")
    st.markdown("  \n".join(said) or "No therapy sessions logged yet; add one on the Log page.")
    agreed_tasks(con, today)

    due = outcomes.due_sentences(con, today)
    if due:
        with st.container(border=True):
            st.markdown("**Questionnaires**  \n" + "  \n".join(due))
            if st.button("Fill one in now", key="home_questionnaire"):
                st.session_state[LOG_TAB_KEY] = "Measures"
                st.switch_page("../views/log.py")

    since_therapy_ended(con, today)

    if week.bring_next and not therapy_over(con, today):
        st.subheader("To bring to your next session")
        with st.container(border=True):
            st.markdown(plain(week.bring_next))
            st.caption(f"From your reflection of {week.bring_next_day:%a %-d %b}.")

    if week.this.check_ins == 0:
        common.not_enough_data("No check-ins in the last 7 days yet. One takes a few seconds.")
        if st.button("Check in now", key="home_check_in"):
            st.switch_page("../views/log.py")


def therapy_over(con: storage.Connection, today: date) -> bool:
    """Therapy has ended (on or before today): there is no next session to bring things to."""
    ended = storage.therapy_ended(con)
    return ended is not None and ended <= today


def since_therapy_ended(con: storage.Connection, today: date) -> None:
    """After therapy has ended: a reliable deterioration against the end-of-therapy score, said
    calmly (no alarm colour), with the steps of the person's plan in their own words."""
    lines = outcomes.since_therapy_ended(con, today)
    if not lines:
        return
    with st.container(border=True):
        st.markdown("**Since therapy ended**")
        for line in lines:
            st.markdown(plain(line))
        steps = plan.own_lines(plan.plan_edits(con).steps)
        if steps:
            st.markdown("Your plan's steps:")
            for step in steps:
                st.text(f"• {step}")  # the person's own words, shown as typed
        else:
            st.markdown(
                "Your plan for after therapy holds your warning signs, what helps and where "
                "to find help; you can add your own steps to it."
            )
        st.page_link(PLAN_PAGE, label="My plan", icon=":material/route:")


PLAN_PAGE = "../views/plan.py"

TASK_MARKS = [TaskStatus.DONE, TaskStatus.PARTLY, TaskStatus.NOT_DONE]


def agreed_tasks(con: storage.Connection, today: date) -> None:
    """The tasks agreed in the last attended session, until the next one: a quick mark each,
    what got in the way (optional), and "Make it a practice"."""
    agreed = sessions.current_tasks(con, today)
    if agreed is None:
        return
    st.subheader(f"Tasks from your session of {agreed.session_day:%a %-d %b}")
    for task in agreed.tasks.itertuples(index=False):
        with st.container(border=True):
            st.text(task.text)
            st.segmented_control(
                "How did it go?",
                TASK_MARKS,
                format_func=lambda s: sessions.TASK_STATUS_WORDS[TaskStatus(s)],
                default=None if task.status == TaskStatus.OPEN else task.status,
                key=f"task_status_{task.id}",
                on_change=_save_mark,
                args=(con, task.id),
            )
            st.text_input(
                "What got in the way (optional)",
                value=task.what_got_in_the_way,
                key=f"task_way_{task.id}",
                on_change=_save_mark,
                args=(con, task.id),
            )
            if task.practice_id is not None:
                st.caption("A practice now: log it on the Log page.")
            elif st.button("Make it a practice", key=f"task_practice_{task.id}") and common.attempt(
                functools.partial(sessions.task_to_practice, con, task.id)
            ):
                common.written("Added to your practices; log it on the Log page.")
                st.rerun()


def _save_mark(con: storage.Connection, task_id: str) -> None:
    status = st.session_state.get(f"task_status_{task_id}") or TaskStatus.OPEN
    way = st.session_state.get(f"task_way_{task_id}", "")
    common.attempt(lambda: sessions.mark_task(con, task_id, status, way))


con = common.journal()
today = clock.today()
if not common.is_demo() and not (st.session_state.get(STARTED_KEY) or storage.journal_started(con)):
    welcome(con)
else:
    overview(con, week_overview(con, today), today)
