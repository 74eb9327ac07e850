"""Quick log: the page for a phone, in the moment. A check-in is one tap on a number (saved at
once), a trigger four (what it was about, how intense, how it was met, Save) plus optional
words, a practice one tap; every save can be undone. Nothing is chosen for the person. Also the
reminders file for their own calendar."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from analytics import clock, outcomes, practice, sessions, storage
from analytics.entries import RESPONSE_LABELS, EntryKind, ResponseKind
from analytics.export.reminders import DEFAULT_TIME, build_reminders
from analytics.text import plain
from analytics.words import sleep as sleep_words
from views import common

SCOPE = "quick"
"""This page's forms and its undo (`common.undo_offer`)."""
SCALE = list(range(11))
# Targets a thumb can hit (at least 44 px, WCAG 2.5.5), on this page only. A fixed style, no
# user text in it.
LARGE_TARGETS = """<style>
[data-testid="stButtonGroup"] button, [data-testid="stBaseButton-secondary"],
[data-testid="stBaseButton-primary"], [data-testid="stBaseButton-pills"],
[data-testid="stBaseButton-pillsActive"] { min-height: 44px; min-width: 44px; }
</style>"""


def remember(kind: EntryKind, added: tuple[str, ...], message: str) -> None:
    """After a save: offer its undo on the next run, and clear this page's choices."""
    common.remember_save(SCOPE, kind, added, message)
    common.start_afresh(SCOPE)
    st.rerun()


def attempt(write: Callable[[], str]) -> tuple[str, ...] | None:
    """`common.attempt_add`: the new entry's id, or None when it was refused (said inline). When
    the write fails for the journal itself (a full disk, a folder made read-only: the app
    explains it below the page), the banner of an earlier save is cleared first, so it never
    reads as if this one had landed."""
    try:
        return common.attempt_add(write)
    except Exception:
        NOTICE.empty()
        common.forget_save(SCOPE)
        raise


def key(name: str) -> str:
    """This round's key for a widget (`common.fresh_key`)."""
    return common.fresh_key(SCOPE, name)


def check_in(con: storage.Connection) -> None:
    st.subheader("How are you right now?")
    sleep_hours, sleep_quality = common.sleep_fields(
        key("sleep"), "Last night's sleep (optional: fill in first, saved with your check-in)"
    )
    value = st.pills(
        "Wellbeing, 0 very low to 10 very good: tapping a number saves it",
        SCALE,
        key=key("wellbeing"),
    )
    if value is not None:
        added = attempt(
            lambda: storage.add_check_in(
                con,
                when=clock.now(),
                wellbeing=value,
                sleep_hours=sleep_hours,
                sleep_quality=sleep_quality,
            )
        )
        if added:
            remember(
                EntryKind.CHECK_IN,
                added,
                f"Check-in saved: wellbeing {value} at {clock.now():%H:%M}"
                f"{sleep_words.sleep_given(sleep_hours, sleep_quality)}.",
            )


def trigger(con: storage.Connection) -> None:
    st.subheader("A trigger")
    # Nothing chosen for the person: how it was met is the figure a therapist reads.
    category = st.pills(
        "What was it about?",
        storage.trigger_categories(con),
        format_func=plain,  # a category is the person's own words: never Markdown
        key=key("trigger_category"),
    )
    intensity = st.pills("How intense? (0 to 10)", SCALE, key=key("trigger_intensity"))
    kind = st.pills(
        "I met it with…",
        list(ResponseKind),
        format_func=common.labelled(RESPONSE_LABELS),
        key=key("trigger_kind"),
    )
    what = st.text_input("What happened (optional)", key=key("trigger_what"))
    if st.button("Save trigger", type="primary", key=key("trigger_save")) and common.trigger_chosen(
        category, intensity, kind
    ):
        added = attempt(
            lambda: storage.add_trigger(
                con,
                when=clock.now(),
                category=category,
                intensity=intensity,
                response_kind=kind,
                what_happened=what,
            )
        )
        if added:
            remember(EntryKind.TRIGGER, added, "Trigger saved. Noticing it is part of the work.")


def practices(con: storage.Connection) -> None:
    st.subheader("Practices today")
    active = storage.practices(con, active_only=True)
    if active.empty:
        common.not_enough_data("No active practices. Add one on the Entries page.")
        return
    logged = practice.logged_on(con, clock.today())
    st.caption("One tap logs a practice as done today.")
    for practice_id, name in zip(active["id"], active["name"], strict=True):
        if name in logged.either:
            said = "logged today" if name in logged.done else "a rest day today"
            st.button(
                f"{plain(name)} · {said}",
                icon=":material/check:",
                disabled=True,
                key=f"quick_practice_{practice_id}",
                use_container_width=True,
            )
        elif st.button(plain(name), key=f"quick_practice_{practice_id}", use_container_width=True):

            def write(practice_id: str = practice_id) -> str:
                return storage.log_practice(con, practice_id=practice_id, when=clock.now())

            if added := attempt(write):
                remember(EntryKind.PRACTICE_LOG, added, f"Logged: {name}. Well done.")


def reminders(con: storage.Connection) -> None:
    st.subheader("Reminders in your calendar")
    st.caption(
        "A file for your phone's calendar: a daily check-in reminder, each therapy session "
        "with a reminder the evening before to review your week, and when your questionnaires "
        "are next due. Import it again after a change: the same events are updated, not "
        "doubled, and a cancelled session shows as cancelled. Nothing is sent anywhere."
    )
    at = st.time_input("Daily check-in reminder at", value=DEFAULT_TIME, key="quick_reminder_time")
    st.download_button(
        "Download reminders (.ics)",
        # Read and built when tapped, not on every run (the sessions grow with the history).
        data=lambda: build_reminders(
            sessions.calendar_sessions(con),
            at or DEFAULT_TIME,
            outcomes.due_days(con, clock.today()),
            outcomes.reminder_every(con, clock.today()),
            sessions.calendar_cancelled(con),
        ),
        file_name="between-sessions-reminders.ics",
        mime="text/calendar",
        icon=":material/event:",
        key="quick_reminders_download",
        # No rerun on the tap: a rerun at the same time can replace the file being fetched.
        on_click="ignore",
    )


con = common.journal()
st.html(LARGE_TARGETS)
st.header("Quick log")
NOTICE = st.empty()
common.undo_offer(con, SCOPE, NOTICE)
check_in(con)
trigger(con)
practices(con)
reminders(con)
