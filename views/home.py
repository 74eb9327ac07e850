"""Home: a warm welcome on a new journal; afterwards, the last 7 days against the 7 before."""

from __future__ import annotations

from datetime import date

import streamlit as st

from analytics import storage
from analytics.overview import WeekOverview, week_overview
from analytics.text import plain
from views import common


def welcome() -> None:
    st.title("Welcome to Between Sessions")
    st.markdown(
        "Therapy happens in the hour; much of the change happens in the days between. "
        "This is a quiet place to notice those days: a quick check-in, a trigger and how you met it, "
        "the practices you are trying, and what you want to bring to your next session.\n\n"
        "Everything stays on this computer. Nothing is sent anywhere."
    )
    left, right = st.columns(2)
    with left, st.container(border=True):
        st.subheader("Have a look around")
        st.caption(
            "A made-up year of someone's journal, kept in a separate file. Your own journal stays empty."
        )
        if st.button("Explore with sample data", icon=":material/explore:", key="home_explore"):
            st.session_state[common.DEMO_KEY] = True
            st.rerun()
    with right, st.container(border=True):
        st.subheader("Begin your own")
        st.caption("Your first check-in takes a few seconds.")
        if st.button(
            "Start my journal", type="primary", icon=":material/edit_note:", key="home_start"
        ):
            st.switch_page("views/log.py")


def day_words(day: date, today: date) -> str:
    gap = (day - today).days
    when = {0: "today", 1: "tomorrow", -1: "yesterday"}.get(gap)
    if when is None:
        when = f"in {gap} days" if gap > 0 else f"{-gap} days ago"
    shown = f"{day:%a %-d %b}" if day.year == today.year else f"{day:%a %-d %b %Y}"
    return f"{shown} ({when})"


def overview(week: WeekOverview, today: date) -> None:
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

    if week.trigger_finding:
        st.markdown(plain(week.trigger_finding))
    sessions = []
    if week.next_session:
        sessions.append(f"Next therapy session: {day_words(week.next_session, today)}.")
    if week.last_session:
        sessions.append(f"Last therapy session: {day_words(week.last_session, today)}.")
    st.markdown("  \n".join(sessions) or "No therapy sessions logged yet; add one on the Log page.")

    if week.bring_next:
        st.subheader("To bring to your next session")
        with st.container(border=True):
            st.markdown(plain(week.bring_next))
            st.caption(f"From your reflection of {week.bring_next_day:%a %-d %b}.")

    if week.this.check_ins == 0:
        common.not_enough_data("No check-ins in the last 7 days yet. One takes a few seconds.")
        if st.button("Check in now", key="home_check_in"):
            st.switch_page("views/log.py")


con = common.journal()
today = date.today()
if storage.is_empty(con) and not common.is_demo():
    welcome()
else:
    overview(week_overview(con, today), today)
