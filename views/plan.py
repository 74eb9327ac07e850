"""My plan for after therapy: a relapse-prevention plan drafted from the journal (warning signs,
what helps, what to do if the signs come back), the person's own words added to it, the PDF,
and the day therapy ended."""

from __future__ import annotations

import streamlit as st

from analytics import clock, plan, sessions, storage
from analytics.export.plan_pdf import plan_pdf
from analytics.text import plain
from analytics.words.phrases import YOU
from views import common

st.title("My plan for after therapy")
st.caption(
    "Drafted from your own journal; add your own words to each part. What came before a "
    "setback is about timing: it does not say what caused it."
)

con = common.journal()
today = clock.today()
draft = plan.draft_plan(con, today, YOU)
edits = plan.plan_edits(con)


def drafted(lines: tuple[str, ...]) -> None:
    for line in lines:
        st.markdown(f"- {plain(line)}")


st.subheader(plan.WARNING_SIGNS)
drafted(draft.warning_signs)
if draft.situations:
    with st.expander("What you wrote about the triggers before a setback"):
        for line in draft.situations:
            st.text(line)  # the person's own words, shown as typed

st.subheader(plan.WHAT_HELPS)
drafted(draft.what_helps)

st.subheader(plan.IF_SIGNS_COME_BACK)
st.markdown("If you need to talk to someone now:")
drafted(draft.crisis_lines)

with st.form("plan_edits", enter_to_submit=False):
    st.markdown("**In your own words** (one a line)")
    warning = st.text_area("Warning signs you know of", edits.warning_signs, key="plan_warning")
    helps = st.text_area("What helps you", edits.what_helps, key="plan_helps")
    steps = st.text_area(
        "Your steps if the signs come back",
        edits.steps,
        key="plan_steps",
        placeholder="Who you will call, what you will do first, when you will go back to your therapist or doctor.",
    )
    if st.form_submit_button("Save my plan", type="primary") and common.attempt(
        lambda: plan.save_edits(con, plan.PlanEdits(warning or "", helps or "", steps or ""))
    ):
        common.written("Your plan is saved.")
        edits = plan.plan_edits(con)

own = st.checkbox(
    "Put my own words in the PDF",
    value=False,
    key="plan_private",
    help="Your steps and lines, and what you wrote about the triggers before a setback. Left out unless ticked.",
)
st.download_button(
    "Download my plan (PDF)",
    data=lambda: plan_pdf(plan.draft_plan(con, today), edits, include_private_text=own),
    file_name="my-plan-for-after-therapy.pdf",
    mime="application/pdf",
    on_click="ignore",
    icon=":material/picture_as_pdf:",
    key="plan_download",
)

st.subheader("Therapy has ended")
ended = storage.therapy_ended(con)
if ended is not None:
    st.markdown(
        f"Therapy ended on {ended:%-d %B %Y}. Questionnaires are due monthly now, in the app and "
        "in the reminders calendar."
    )
with st.form("plan_ended", enter_to_submit=False):
    day = st.date_input(
        "The day of your last session",
        value=ended or sessions.last_attended(con, today) or today,
        max_value=today,
        key="plan_end_day",
    )
    left, right = st.columns(2)
    if left.form_submit_button("Therapy has ended") and common.attempt(
        lambda: storage.set_therapy_ended(con, day)
    ):
        st.rerun()
    if ended is not None and right.form_submit_button("Therapy goes on"):
        storage.set_therapy_ended(con, None)
        st.rerun()
